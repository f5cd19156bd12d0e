import { Parser, type Tree } from 'web-tree-sitter';
import { loadPython } from '../../src/engine/grammar.js';
import { patternRootTypes } from '../../src/engine/query-roots.js';
import { AnchoredTree, findCalls, findClasses, findImportStatements, nodesAroundMatches } from '../../src/engine/text-anchors.js';

let parser: Parser;
const trees: Tree[] = [];
beforeAll(async () => {
  const python = await loadPython();
  parser = new Parser();
  parser.setLanguage(python);
});
afterAll(() => trees.forEach((t) => t.delete()));

const anchored = (source: string): AnchoredTree => {
  const tree = parser.parse(source);
  if (!tree) throw new Error('no tree');
  trees.push(tree);
  return new AnchoredTree(tree.rootNode, source);
};
const lines = (...l: string[]): string => `${l.join('\n')}\n`;

describe('findCalls', () => {
  const callsOf = (source: string, names: string[]): string[] =>
    findCalls(anchored(source), (n) => names.includes(n)).map((c) => `${c.call.startPosition.row + 1}:${c.key}:${c.bare ? 'bare' : 'attr'}`);

  test('bare and attribute calls, nested, multi-line, with blanks before the parenthesis', () => {
    const src = lines('run(x)', 'subprocess.run (y)', 'a.b(run(z))', 'subprocess.run(', '    cmd,', ')', 'x = [run', '     (1)]', 'os.run \\', '    (2)');
    expect(callsOf(src, ['run', 'b'])).toEqual(['1:run:bare', '2:run:attr', '3:b:attr', '3:run:bare', '4:run:attr', '7:run:bare', '9:run:attr']);
  });

  test('names in strings, comments, definitions and subscripts are not calls', () => {
    const src = lines('"run(x)"', '# run(x)', 'def run(a):', '    pass', 'class run(Base): pass', 'f[0](x)');
    expect(callsOf(src, ['run', 'f'])).toEqual([]);
  });

  test('a call on a call result is its own call, keyed by its own name', () => {
    const found = findCalls(anchored(lines('a.b(x).c(y)')), (n) => n === 'b' || n === 'c');
    expect(found.map((c) => [c.key, c.call.text])).toEqual([
      ['b', 'a.b(x)'],
      ['c', 'a.b(x).c(y)'],
    ]);
  });

  test('a name with non-ASCII letters is not mistaken for its ASCII tail', () => {
    expect(callsOf(lines('é_run(x)', 'run(y)'), ['_run', 'run'])).toEqual(['2:run:bare']);
  });

  test('names only the wanted ones: the others are never looked up', () => {
    const asked: string[] = [];
    findCalls(anchored(lines('print(a)', 'os.system(b)')), (n) => (asked.push(n), false));
    expect(asked).toEqual(['print', 'system']);
  });
});

describe('imports and classes', () => {
  test('every import statement, nested ones too, once each', () => {
    const src = lines('import os', 'from a import (b,', '  c)', 'def f():', '    import pickle as p', '"import x"', 'from __future__ import annotations');
    expect(findImportStatements(anchored(src)).map((n) => n.type)).toEqual([
      'import_statement',
      'import_from_statement',
      'import_statement',
      'future_import_statement',
    ]);
  });

  test('every class definition, with where its keyword starts', () => {
    const src = lines('class A: pass', 'class B(Popen):', '    class C(B): pass', 'x = "class D(E)"');
    expect(findClasses(anchored(src)).map((c) => `${c.definition.childForFieldName('name')?.text}@${c.keywordAt}`)).toEqual(['A@0', 'B@14', 'C@34']);
  });
});

describe('nodesAroundMatches', () => {
  const around = (source: string, re: RegExp, roots?: ReadonlySet<string>): string[] =>
    nodesAroundMatches(anchored(source), re, roots).map((n) => `${n.startPosition.row + 1}:${n.type}`);

  test('without roots: the statement holding each hit, a compound one for a hit in its header', () => {
    const src = lines('x = "TODO"', 'if a:', '    y = "TODO"', 'try:', '    z = "TODO"', 'except E:', '    pass');
    expect(around(src, /TODO|except/g)).toEqual(['1:expression_statement', '3:expression_statement', '4:try_statement']);
  });

  test('with roots: the outermost node of those types around a hit; a hit outside any is dropped', () => {
    const src = lines('conf = {"password": "x"}', 'print("password")', 'def f(password="y"): pass');
    const roots = new Set(['assignment', 'pair', 'default_parameter']);
    expect(around(src, /password/g, roots)).toEqual(['1:assignment', '3:default_parameter']);
  });
});

describe('patternRootTypes', () => {
  test.each([
    ['(call function: (identifier) @f) @c', ['call']],
    ['((call) @c (#eq? @c "x"))', ['call']],
    ['[(assignment) (return_statement)] @r\n; a comment (with parens)\n(pair key: (string) @k)', ['assignment', 'return_statement', 'pair']],
    ['(except_clause . (block)) @e (assert_statement)+', ['except_clause', 'assert_statement']],
  ])('%s', (query, roots) => {
    expect([...(patternRootTypes(query) ?? [])]).toEqual(roots);
  });

  test.each(['(_) @any', '"def" @keyword', '(call "unterminated)'])('%s cannot be named', (query) => {
    expect(patternRootTypes(query)).toBeUndefined();
  });
});

describe('built-in query rules', () => {
  test('each has a prefilter and named pattern roots, so no file pays a walk over its whole tree', async () => {
    const { loadBuiltinRules } = await import('../../src/engine/load-builtin-rules.js');
    const unanchored = loadBuiltinRules()
      .filter((r) => r.match.kind === 'query')
      .filter((r) => r.match.kind === 'query' && (r.match.prefilter === undefined || patternRootTypes(r.match.query) === undefined))
      .map((r) => r.id);
    expect(unanchored).toEqual([]);
  });
});
