import { loadBuiltinRules, parseRuleFile } from '../../src/engine/index.js';
import {
  globHazard,
  MAX_REGEX_SOURCE_LENGTH,
  queryRegexes,
  regexHazard,
  ruleRegexes,
  ruleRegexHazard,
} from '../../src/engine/regex-safety.js';
import type { Rule } from '../../src/engine/rule-schema.js';

describe('regexHazard', () => {
  it.each([
    // classic exponential shapes
    ['(a+)+$', /repeats a group that itself repeats/],
    ['(a+)+', /`\(a\+\)\+`/],
    ['(a*)*b', /itself repeats/],
    ['(\\w*x?)*', /itself repeats/],
    ['^(\\w+\\s?)*$', /itself repeats/],
    ['(.*a){10}', /itself repeats/],
    ['(?:a|b+)+', /itself repeats/],
    ['([a-zA-Z0-9]{2,4})+$', /itself repeats/],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', /itself repeats/],
    ['(?:(?:a+)b?)+c', /itself repeats/],
    ['x(?=(a+)+y)', /itself repeats/],
    ['(a|aa)+', /alternatives that can match the same text/],
    ['(a|ab)*', /alternatives/],
    ['(\\w|\\d)+', /alternatives/],
    ['(?:[a-z]|x)+!', /alternatives/],
    ['(a|)+', /alternatives/],
    ['(?:x|.)*y', /alternatives/],
    // polynomial: two long repeats splitting the same text
    ['\\s*\\s*$', /two long repeats/],
    ['a.*.*=', /two long repeats/],
    ['\\d+(?:-)?\\w+x', /two long repeats/],
    ['(\\s*)#?\\s*$', /two long repeats/],
    // backreferences
    ['(a)\\1', /backreference/],
    ['(?<q>["\'])x\\k<q>', /backreference/],
    // unreadable or overlong
    ['(a', /not a valid regular expression/],
  ])('refuses %s', (source, reason) => {
    expect(regexHazard(source)).toMatch(reason);
  });

  it('refuses an overlong source, even a harmless one', () => {
    expect(regexHazard('a'.repeat(MAX_REGEX_SOURCE_LENGTH))).toBeUndefined();
    expect(regexHazard('a'.repeat(MAX_REGEX_SOURCE_LENGTH + 1))).toMatch(/1001 characters long, over the limit of 1000/);
  });

  it.each([
    'shell\\s*=\\s*True',
    '^[0-9a-fA-F]{7,40}$',
    '^(?:NIST )?[Pp]-?192$|^(?:secp192r1|prime192v1|p192)$',
    '[A-Z][A-Z0-9]*(_[A-Z0-9]+)+',
    '[a-z0-9_]+([.][a-z0-9_]+)+',
    '\\byaml\\.load(_all)?\\(((?:[^,()]|\\([^()]*\\))*)\\)',
    '(?:\\.\\d+)*$',
    '(?:ab|cd)+',
    '(?:abc)*',
    '(a|b|c)+',
    '[\\u202A-\\u202E\\u2066-\\u2069]',
    '^(?![A-Za-z]:|[\\\\/.])\\S',
    '(a+)?b',
    '\\d{1,3}\\d{1,3}',
    'a\\u{2}b', // without the u flag: `u` twice
    '[]a',
    '[^]*',
    '\\p{L}+',
    'x{,2}',
    '\\0\\cJ\\x41[\\b\\-a-c]',
    '',
  ])('accepts %s', (source) => {
    expect(regexHazard(source)).toBeUndefined();
  });
});

describe('globHazard', () => {
  it('accepts one `*` and refuses more', () => {
    expect(globHazard('os.exec*')).toBeUndefined();
    expect(globHazard('*.send_signal')).toBeUndefined();
    expect(globHazard('eval')).toBeUndefined();
    expect(globHazard('*a*b')).toMatch(/2 `\*`/);
    expect(globHazard('*a*a*a*a*b')).toMatch(/5 `\*`/);
  });
});

describe('queryRegexes', () => {
  it('reads #match? and #not-match? patterns as tree-sitter unescapes them, skipping comments', () => {
    const query = [
      '((identifier) @name',
      '  (#match? @name "^\\\\d+\\"x$")',
      '  ; (#match? @name "(a+)+")',
      '  (#not-match? @name "[\\\\u202A]")',
      '  (#any-match? @name "a\\tb")',
      '  (#eq? @name "(a+)+"))',
    ].join('\n');
    expect(queryRegexes(query)).toEqual([
      { predicate: '#match? @name', source: '^\\d+"x$' },
      { predicate: '#not-match? @name', source: '[\\u202A]' },
      { predicate: '#any-match? @name', source: 'a\tb' },
    ]);
  });
});

const head = `
id: custom-rule
title: t
severity: high
confidence: high
category: defect
cwe: [95]
message: m
why: w
fix: f
`;

function rule(yaml: string): Rule {
  const parsed = parseRuleFile(head + yaml, 'custom.yml');
  if (parsed.rule === undefined) throw new Error(parsed.error);
  return parsed.rule;
}

describe('ruleRegexHazard', () => {
  it('names the field of a dangerous argument regex', () => {
    const r = rule(`match:\n  kind: call\n  callees: [eval]\n  cases:\n    - where: [{ position: 0, matches: "(a|aa)+$" }]\n`);
    expect(ruleRegexHazard(r)).toEqual({ field: 'match.cases.0.where.0.matches', reason: expect.stringMatching(/alternatives/) });
  });

  it('looks at prefilters, #match? predicates, taint regexes, autofixes and globs', () => {
    const query = rule(
      `match:\n  kind: query\n  prefilter: "x"\n  query: '((identifier) @n (#match? @n "^(\\\\w+\\\\s?)*$"))'\n`,
    );
    expect(ruleRegexes(query).map((p) => p.field)).toEqual(['match.prefilter', 'match.query (#match? @n)']);
    expect(ruleRegexHazard(query)?.field).toBe('match.query (#match? @n)');
    const prefilter = rule(`match:\n  kind: query\n  prefilter: "(x+x+)+y"\n  query: "(identifier) @n"\n`);
    expect(ruleRegexHazard(prefilter)?.field).toBe('match.prefilter');
    const taint = rule(
      `match:\n  kind: taint\n  sources: [argv]\n  sinks:\n    - callees: [os.system]\n      safePrefix: "^(a|a)*$"\n`,
    );
    expect(ruleRegexHazard(taint)?.field).toBe('match.sinks.0.safePrefix');
    const fix = rule(`autofix: { find: "(\\\\d+)+", replace: "" }\nmatch:\n  kind: call\n  callees: [eval]\n`);
    expect(ruleRegexHazard(fix)?.field).toBe('autofix.find');
    const glob = rule(`match:\n  kind: call\n  callees: ["*a*a*a*b"]\n`);
    expect(ruleRegexHazard(glob)).toEqual({ field: 'match.callees.0', reason: expect.stringMatching(/4 `\*`/) });
    expect(ruleRegexHazard(rule(`match:\n  kind: call\n  callees: ["os.exec*"]\n`))).toBeUndefined();
  });

  it('passes every built-in rule', () => {
    const rules = loadBuiltinRules();
    expect(rules.length).toBeGreaterThan(50);
    const hazards = rules.flatMap((r) => {
      const hazard = ruleRegexHazard(r);
      return hazard === undefined ? [] : [`${r.id}: ${hazard.field}: ${hazard.reason}`];
    });
    expect(hazards).toEqual([]);
    // The walk does see the built-ins' patterns, including those inside queries.
    expect(rules.flatMap((r) => ruleRegexes(r)).filter((p) => p.field.startsWith('match.query')).length).toBeGreaterThan(10);
  });
});
