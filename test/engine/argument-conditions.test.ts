/**
 * The argument-condition vocabulary added for the library rules: `entry` (a dict literal's
 * value under a key), `element: any` (some item of a list), `prefixMatches` (a regex on a
 * string's known beginning). Rules and snippets are written for these tests.
 */
import { createEngine, parseRuleFile, type Engine, type Rule } from '../../src/engine/index.js';

function rule(id: string, where: string): Rule {
  const text = [
    `id: ${id}`,
    'title: t',
    'severity: medium',
    'confidence: high',
    'category: defect',
    'cwe: [20]',
    'message: m',
    'why: w',
    'fix: f',
    'match:',
    '  kind: call',
    '  callees: [lib.call]',
    `  where: [${where}]`,
  ].join('\n');
  const parsed = parseRuleFile(text, `${id}.yml`, 'builtin');
  if (parsed.rule === undefined) throw new Error(parsed.error);
  return parsed.rule;
}

let engine: Engine;

beforeAll(async () => {
  engine = await createEngine({
    rules: [
      rule('entry-off', '{ keyword: options, entry: verify, is: falsy }'),
      rule('any-none', '{ keyword: algs, element: any, equals: [none] }'),
      rule('relative-head', '{ position: 0, prefixMatches: "^[^:/]*/" }'),
    ],
  });
});

function linesOf(id: string, code: string): number[] {
  const result = engine.scanFile('m.py', code);
  expect(result.errors).toEqual([]);
  return result.findings.filter((f) => f.ruleId === id).map((f) => f.line);
}

test('entry looks at the value under a key of a dict literal, also through a local name', () => {
  const code = [
    'import lib',
    'lib.call(options={"verify": False})',
    'lib.call(options={"verify": True})',
    'lib.call(options={"other": False})',
    'opts = {"verify": 0, "x": 1}',
    'lib.call(options=opts)',
    'lib.call(options=[("verify", False)])',
  ].join('\n');
  expect(linesOf('entry-off', code)).toEqual([2, 6]);
});

test('element: any holds when some item of the list does', () => {
  const code = ['import lib', 'lib.call(algs=["HS256", "none"])', 'lib.call(algs=["HS256"])', 'lib.call(algs="none")'].join('\n');
  expect(linesOf('any-none', code)).toEqual([2, 4]);
});

test('prefixMatches reads the constant head of a string built at run time', () => {
  const code = ['import lib', 'lib.call(f"users/{uid}")', 'lib.call(f"https://{host}/")', 'lib.call(name)', 'lib.call("a/b")'].join('\n');
  expect(linesOf('relative-head', code)).toEqual([2, 5]);
});

test("a repository's prefixMatches is held to the linear-time engine like matches", () => {
  const text = [
    'id: repo-prefix',
    'title: t',
    'severity: low',
    'confidence: low',
    'category: practice',
    'cwe: [20]',
    'message: m',
    'why: w',
    'fix: f',
    'match:',
    '  kind: call',
    '  callees: [lib.call]',
    '  where: [{ position: 0, prefixMatches: "(a)\\\\1" }]',
  ].join('\n');
  const parsed = parseRuleFile(text, 'repo.yml', 'repository');
  expect(parsed.error).toMatch(/prefixMatches/);
});
