import { stringify } from 'yaml';
import { compileRepositoryRules } from '../../src/config/repository-rules.js';
import { createEngine, loadBuiltinRules, parseRuleFile, type Engine } from '../../src/engine/index.js';
import { queryRegexes, ruleRegexes, untrustedRuleProblem, MAX_REGEX_SOURCE_LENGTH } from '../../src/engine/regex-safety.js';
import type { Rule } from '../../src/engine/rule-schema.js';

const META = {
  title: 't',
  severity: 'high',
  confidence: 'high',
  category: 'defect',
  cwe: [95],
  message: 'm',
  why: 'w',
  fix: 'f',
};

function rule(body: Record<string, unknown>, id = 'custom-rule'): Rule {
  const parsed = parseRuleFile(stringify({ id, ...META, ...body }), 'custom.yml');
  if (parsed.rule === undefined) throw new Error(parsed.error);
  return parsed.rule;
}

/** Through the path a repository's rules take: its files, compileRepositoryRules, engine.withRules. */
function repositoryRules(rules: readonly Record<string, unknown>[]): { rules: readonly Rule[]; errors: readonly string[] } {
  const files = rules.map((r, i) => ({ name: `r${i}.yml`, text: stringify({ ...META, ...r }) }));
  return compileRepositoryRules(files, parseRuleFile, new Set());
}

/** A tree-sitter string literal holding `source`. */
const tsString = (source: string): string => `"${source.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

// The patterns issue 9 showed taking seconds to minutes on a few KB with V8's RegExp.
const ATTACKS: readonly string[] = [
  '.*x.*y',
  '\\w*x\\w*y',
  '\\s+$',
  '[\\r\\n]+$',
  `${'(?:a|a)'.repeat(24)}b`,
  `${'a{0,100}'.repeat(10)}b`,
  '\\S+@\\S+\\.\\S+$',
];

/** Inputs that make each attack backtrack in V8 and match nowhere (the file has no `y`, no `b`). */
const HOSTILE_INPUT: Readonly<Record<string, string>> = {
  '.*x.*y': 'x'.repeat(3000),
  '\\w*x\\w*y': 'x'.repeat(3000),
  '\\s+$': `${' '.repeat(3000)}a`,
  '[\\r\\n]+$': 'a'.repeat(3000),
  [ATTACKS[4]]: 'a'.repeat(30),
  [ATTACKS[5]]: 'a'.repeat(3000),
  '\\S+@\\S+\\.\\S+$': 'a@'.repeat(1500),
};

/** 3,000 blank lines (for `[\r\n]+$` on the whole text), then the input in each place a rule looks. */
function hostileFile(input: string): string {
  return `import os\n${'\n'.repeat(3000)}eval("${input}")\nos.popen("${input}" + os.environ["A"])`;
}

function attackRules(pattern: string): Record<string, unknown>[] {
  return [
    { id: 'by-prefilter', match: { kind: 'query', prefilter: pattern, query: '(expression_statement) @e' } },
    { id: 'by-matches', match: { kind: 'call', callees: ['eval'], where: [{ position: 0, matches: pattern }] } },
    {
      id: 'by-match-predicate',
      match: {
        kind: 'query',
        query: `((call function: (identifier) @f arguments: (argument_list (string) @s)) (#eq? @f "eval") (#match? @s ${tsString(pattern)}))`,
        report: 's',
      },
    },
    { id: 'by-autofix', autofix: { find: pattern, replace: 'Z' }, match: { kind: 'call', callees: ['eval'] } },
    {
      id: 'by-safe-prefix',
      match: { kind: 'taint', sources: ['environment'], sinks: [{ callees: ['os.popen'], position: 0, safePrefix: pattern }] },
    },
  ];
}

let empty: Engine;
beforeAll(async () => {
  empty = await createEngine({ rules: [] });
});

describe('repository regexes run on RE2', () => {
  it.each(ATTACKS)('%s: accepted in every field, and runs on a few KB of hostile input', (pattern) => {
    const { rules, errors } = repositoryRules(attackRules(pattern));
    expect(errors).toEqual([]);
    const engine = empty.withRules(rules);
    const result = engine.scanFile('app.py', hostileFile(HOSTILE_INPUT[pattern]));
    expect(result.errors).toEqual([]);
    const byRule = new Map<string, { fix?: unknown }[]>();
    for (const f of result.findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
    // The pattern matches nowhere: no prefilter hit, no `matches`, no `#match?`, no fix,
    // and the prefix is not a safe one, so the flow is reported.
    expect(byRule.get('by-prefilter')).toBeUndefined();
    expect(byRule.get('by-matches')).toBeUndefined();
    expect(byRule.get('by-match-predicate')).toBeUndefined();
    expect(byRule.get('by-autofix')).toHaveLength(1);
    expect(byRule.get('by-autofix')?.[0].fix).toBeUndefined();
    expect(byRule.get('by-safe-prefix')).toHaveLength(1);
  });

  it('the same rules match where the pattern does', () => {
    const { rules } = repositoryRules(attackRules('.*x.*y'));
    const result = empty.withRules(rules).scanFile('app.py', 'import os\neval("xzy")\nos.popen("xzy" + os.environ["A"])\n');
    const ids = result.findings.map((f) => f.ruleId).sort();
    expect(ids).toEqual(['by-autofix', 'by-match-predicate', 'by-matches', 'by-prefilter', 'by-prefilter']);
    expect(result.findings.find((f) => f.ruleId === 'by-autofix')?.fix?.replacement).toBe('Z")');
  });

  it('never hands a repository regex to V8: a pattern only RE2 reads works in each field', () => {
    // V8 refuses `(?P<name>…)`; RE2 reads it as a named group.
    expect(() => new RegExp('(?P<n>e)')).toThrow();
    const pattern = '^"?(?P<n>ev)al';
    const { rules, errors } = repositoryRules(attackRules(pattern));
    expect(errors).toEqual([]);
    const result = empty.withRules(rules).scanFile('app.py', 'import os\neval("evaluate")\nos.popen("evaluate" + os.environ["A"])\n');
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => f.ruleId).sort()).toEqual(['by-autofix', 'by-match-predicate', 'by-matches']);
    expect(result.findings.find((f) => f.ruleId === 'by-autofix')?.fix?.replacement).toBe('Z("evaluate")');
  });

  it('reports prefilter hits at the right place in non-ASCII text (UTF-16 indices)', () => {
    const { rules } = repositoryRules([
      { id: 'after-emoji', match: { kind: 'query', prefilter: 'danger', query: '(string) @s' } },
    ]);
    const result = empty.withRules(rules).scanFile('app.py', 'a = "😀é"\nb = "ok"; c = "😀 danger"\n');
    expect(result.findings.map((f) => [f.line, f.column])).toEqual([[2, 15]]);
  });

  it('evaluates #match?, #not-match?, #any-match? and #any-not-match? as tree-sitter does', async () => {
    const bodies: Record<string, unknown>[] = [
      { id: 'match', match: { kind: 'query', query: '((identifier) @i (#match? @i "^[a-f]"))' } },
      { id: 'not-match', match: { kind: 'query', query: '((identifier) @i (#not-match? @i "^(?:os|eval)$"))' } },
      { id: 'any-match', match: { kind: 'query', query: '((list (identifier)* @items) @l (#any-match? @items "^z"))', report: 'l' } },
      { id: 'all-match', match: { kind: 'query', query: '((list (identifier)* @items) @l (#match? @items "^z"))', report: 'l' } },
      { id: 'any-not', match: { kind: 'query', query: '((list (identifier)* @items) @l (#any-not-match? @items "^z"))', report: 'l' } },
      { id: 'prefiltered', match: { kind: 'query', prefilter: 'z', query: '((list (identifier)* @items) @l (#match? @items "^z"))', report: 'l' } },
      { id: 'two', match: { kind: 'query', query: '((identifier) @i (#match? @i "^f") (#not-match? @i "o$"))\n((integer) @n (#match? @n "7"))' } },
    ];
    const { rules, errors } = repositoryRules(bodies);
    expect(errors).toEqual([]);
    const source = 'eval\nfoo\nfig\nx = [a, zed]\ny = [zz, zed]\nw = []\nn = 17 + 3\n';
    const listed = (engine: Engine): string[] => engine.scanFile('app.py', source).findings.map((f) => `${f.ruleId}:${f.line}:${f.column}`).sort();
    // The same rules compiled as hunkwise's own: tree-sitter evaluates the predicates with V8.
    const trusted = await createEngine({ rules });
    const viaRe2 = listed(empty.withRules(rules));
    expect(viaRe2).toEqual(listed(trusted));
    // Both forms of each predicate did something: a capture with no node (`w = []`) passes only the negative ones.
    expect(viaRe2).toEqual(
      expect.arrayContaining(['all-match:5:5', 'any-match:5:5', 'any-not:4:5', 'any-not:6:5', 'match:4:6', 'prefiltered:5:5', 'two:3:1', 'two:7:5']),
    );
    expect(viaRe2).not.toContain('all-match:6:5');
    expect(viaRe2).not.toContain('not-match:1:1');
  });

  it('reads a predicate glued to its capture as tree-sitter does (`#match?@s`)', () => {
    const { rules, errors } = repositoryRules([{ id: 'glued', match: { kind: 'query', query: '((string) @s (#match?@s "(?P<n>q)"))' } }]);
    expect(errors).toEqual([]);
    expect(empty.withRules(rules).scanFile('app.py', 'a = "q"\nb = "r"\n').findings.map((f) => f.line)).toEqual([1]);
  });
});

describe('untrustedRuleProblem', () => {
  it('refuses what RE2 cannot run, and overlong patterns, naming the field', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ match: { kind: 'call', callees: ['eval'], where: [{ position: 0, matches: '(a)\\1' }] } }, 'match.where.0.matches', /backreferences/],
      [{ match: { kind: 'query', prefilter: 'x(?=y)', query: '(module) @m' } }, 'match.prefilter', /lookahead and lookbehind/],
      [{ match: { kind: 'query', query: '((string) @s (#match? @s "(?<!a)b"))' } }, 'match.query (#match? @s)', /lookahead and lookbehind/],
      [
        { match: { kind: 'taint', sources: ['argv'], sinks: [{ callees: ['os.system'], safePrefix: '(?<q>a)\\k<q>' }] } },
        'match.sinks.0.safePrefix',
        /not supported|invalid/,
      ],
      [{ autofix: { find: 'a'.repeat(MAX_REGEX_SOURCE_LENGTH + 1), replace: '' }, match: { kind: 'call', callees: ['eval'] } }, 'autofix.find', /1001 characters long/],
      [{ match: { kind: 'call', callees: ['eval'], where: [{ position: 0, matches: '(' }] } }, 'match.where.0.matches', /missing/],
    ];
    for (const [body, field, reason] of cases) {
      const parsed = parseRuleFile(stringify({ id: 'x', ...META, ...body }), 'custom.yml');
      expect(parsed.error).toEqual(expect.stringMatching(new RegExp(`custom\\.yml: rule \`x\` skipped: \`${field.replace(/[.()?#]/g, '\\$&')}\` is refused because`)));
      expect(parsed.error).toMatch(reason);
    }
  });

  it('accepts name globs with many `*` (they match without backtracking)', () => {
    expect(untrustedRuleProblem(rule({ match: { kind: 'call', callees: ['*a*a*a*a*a*a*b'] } }))).toBeUndefined();
  });

  it('every built-in rule loads (natively); a built-in with lookaround would be refused from a repository', () => {
    const builtins = loadBuiltinRules();
    expect(builtins.length).toBeGreaterThan(50);
    const refused = builtins.filter((r) => untrustedRuleProblem(r) !== undefined).map((r) => r.id);
    // These use lookahead, which V8 runs for hunkwise's own reviewed rules only.
    expect(refused).toEqual(expect.arrayContaining(['wildcard-injection']));
  });
});

describe('ruleRegexes and queryRegexes', () => {
  it('reads #match? and #not-match? patterns as tree-sitter unescapes them, skipping comments and strings', () => {
    const query = [
      '((identifier) @name',
      '  (#match? @name "^\\\\d+\\"x$")',
      '  ; (#match? @name "(a+)+")',
      '  (#not-match? @name "[\\\\u202A]")',
      '  (#any-match? @name "a\\tb")',
      '  (#eq? @name "(#match? @name \\"z\\")"))',
    ].join('\n');
    expect(queryRegexes(query)).toEqual([
      { predicate: '#match? @name', source: '^\\d+"x$' },
      { predicate: '#not-match? @name', source: '[\\u202A]' },
      { predicate: '#any-match? @name', source: 'a\tb' },
    ]);
  });

  it('lists prefilters, #match? predicates, taint regexes and autofixes with their fields', () => {
    const query = rule({ match: { kind: 'query', prefilter: 'x', query: '((identifier) @n (#match? @n "^a"))' } });
    expect(ruleRegexes(query).map((p) => p.field)).toEqual(['match.prefilter', 'match.query (#match? @n)']);
    const taint = rule({ match: { kind: 'taint', sources: ['argv'], sinks: [{ callees: ['os.system'], safePrefix: '^a' }] } });
    expect(ruleRegexes(taint).map((p) => p.field)).toEqual(['match.sinks.0.safePrefix']);
    const fix = rule({ autofix: { find: 'a', replace: '' }, match: { kind: 'call', callees: ['eval'], cases: [{ where: [{ position: 0, matches: 'b' }] }] } });
    expect(ruleRegexes(fix).map((p) => p.field)).toEqual(['autofix.find', 'match.cases.0.where.0.matches']);
  });
});
