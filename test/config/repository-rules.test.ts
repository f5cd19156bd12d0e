import { compileRepositoryRules } from '../../src/config/repository-rules.js';
import { parseRuleFile } from '../../src/engine/index.js';
import { ALIAS_BOMB } from './hostile-yaml.js';

const declarative = `
id: no-eval-input
title: eval of user input
severity: high
confidence: high
category: defect
cwe: [95]
message: eval() of a value.
why: eval runs code.
fix: Use ast.literal_eval.
match:
  kind: call
  callees: [eval]
`;
const analyzer = declarative.replace('id: no-eval-input', 'id: my-analyzer').replace(
  /match:[\s\S]*$/,
  'match:\n  kind: analyzer\n  analyzer: bind-later\n',
);

describe('compileRepositoryRules', () => {
  it('accepts declarative rules', () => {
    const result = compileRepositoryRules([{ name: 'eval.yml', text: declarative }], parseRuleFile, new Set());
    expect(result.errors).toEqual([]);
    expect(result.rules.map((r) => r.id)).toEqual(['no-eval-input']);
  });

  it('names a file that could not be read (too large, binary) and loads the others', () => {
    const result = compileRepositoryRules(
      [
        { name: 'big.yml', text: '', unread: 'it is 70000 bytes, over the 65536-byte limit' },
        { name: 'eval.yml', text: declarative },
      ],
      parseRuleFile,
      new Set(),
    );
    expect(result.errors).toEqual(['.github/hunkwise/rules/big.yml: not loaded, it is 70000 bytes, over the 65536-byte limit.']);
    expect(result.rules.map((r) => r.id)).toEqual(['no-eval-input']);
  });

  it('refuses analyzer rules, built-in ids, duplicates and broken files', () => {
    const result = compileRepositoryRules(
      [
        { name: 'a.yml', text: analyzer },
        { name: 'b.yml', text: declarative },
        { name: 'c.yml', text: declarative },
        { name: 'd.yml', text: 'id: [' },
        { name: 'notes.txt', text: 'ignored' },
      ],
      parseRuleFile,
      new Set(['something-else']),
    );
    expect(result.rules.map((r) => r.id)).toEqual(['no-eval-input']);
    expect(result.errors).toHaveLength(3);
    expect(result.errors[0]).toMatch(/analyzer/);
    expect(result.errors[1]).toMatch(/defined twice/);
    expect(result.errors[2]).toMatch(/d\.yml/);
    const shadow = compileRepositoryRules([{ name: 'b.yml', text: declarative }], parseRuleFile, new Set(['no-eval-input']));
    expect(shadow.errors[0]).toMatch(/built-in/);
  });
});

describe('compileRepositoryRules and dangerous patterns', () => {
  const withWhere = (id: string, where: string) =>
    declarative.replace('id: no-eval-input', `id: ${id}`).replace('callees: [eval]', `callees: [eval]\n  where: [${where}]`);

  it('accepts backtracking shapes (they run on RE2) and skips what RE2 cannot run, naming the rule, the field and the reason', () => {
    const result = compileRepositoryRules(
      [
        { name: 'a.yml', text: withWhere('nested-repeat', '{ position: 0, matches: "^(\\\\w+\\\\s?)*$" }') },
        { name: 'b.yml', text: withWhere('safe-rule', '{ position: 0, matches: "^[a-z]+$" }') },
        {
          name: 'c.yml',
          text: declarative
            .replace('id: no-eval-input', 'id: query-rule')
            .replace(/match:[\s\S]*$/, 'match:\n  kind: query\n  query: \'((string) @s (#match? @s "(a|aa)+$"))\'\n'),
        },
        { name: 'd.yml', text: declarative.replace('id: no-eval-input', 'id: glob-rule').replace('[eval]', '["*a*a*a*b"]') },
        { name: 'e.yml', text: withWhere('backref-rule', '{ position: 0, matches: "(a)\\\\1" }') },
        { name: 'f.yml', text: withWhere('lookahead-rule', '{ position: 0, matches: "^(?!x)y" }') },
        {
          name: 'g.yml',
          text: declarative
            .replace('id: no-eval-input', 'id: lookbehind-query')
            .replace(/match:[\s\S]*$/, 'match:\n  kind: query\n  query: \'((string) @s (#not-match? @s "(?<=a)b"))\'\n'),
        },
      ],
      parseRuleFile,
      new Set(),
    );
    expect(result.rules.map((r) => r.id)).toEqual(['nested-repeat', 'safe-rule', 'query-rule', 'glob-rule']);
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^\.github\/hunkwise\/rules\/e\.yml: rule `backref-rule` skipped: `match\.where\.0\.matches` is refused because the linear-time engine \(RE2\) cannot run it: backreferences are not supported/,
      ),
      expect.stringMatching(/f\.yml: rule `lookahead-rule` skipped: `match\.where\.0\.matches` is refused because .*lookahead and lookbehind are not supported/),
      expect.stringMatching(/g\.yml: rule `lookbehind-query` skipped: `match\.query \(#not-match\? @s\)` is refused because .*lookahead and lookbehind/),
    ]);
  });

  it('refuses an overlong regex and an overlong name glob', () => {
    const result = compileRepositoryRules(
      [
        { name: 'a.yml', text: withWhere('long-regex', `{ position: 0, matches: "${'a'.repeat(1001)}" }`) },
        { name: 'b.yml', text: declarative.replace('id: no-eval-input', 'id: long-glob').replace('[eval]', `["${'a'.repeat(300)}*"]`) },
      ],
      parseRuleFile,
      new Set(),
    );
    expect(result.rules).toEqual([]);
    expect(result.errors[0]).toMatch(/rule `long-regex` skipped: `match\.where\.0\.matches` is refused because it is 1001 characters long, over the limit of 1000/);
    expect(result.errors[1]).toMatch(/rule `long-glob` skipped: `match\.callees\.0` is refused because it is 301 characters long/);
  });

  it('refuses an oversized rule file and an alias bomb without parsing them', () => {
    const result = compileRepositoryRules(
      [
        { name: 'big.yml', text: `${declarative}\n# ${'x'.repeat(70 * 1024)}\n` },
        { name: 'bomb.yml', text: `${declarative}\n${ALIAS_BOMB}\n` },
        // Under the limit in UTF-16 units, over it in UTF-8 bytes.
        { name: 'wide.yml', text: `${declarative}\n# ${'€'.repeat(25_000)}\n` },
      ],
      parseRuleFile,
      new Set(),
    );
    expect(result.rules).toEqual([]);
    expect(result.errors[0]).toMatch(/big\.yml: larger than 65536 bytes/);
    expect(result.errors[2]).toMatch(/wide\.yml: larger than 65536 bytes/);
    expect(result.errors[1]).toBe('.github/hunkwise/rules/bomb.yml: expands YAML aliases more than 50 times, as an alias bomb does');
  });
});
