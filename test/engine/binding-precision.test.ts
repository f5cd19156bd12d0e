/**
 * Binding precision: a name used as a receiver stands for the values of the bindings that
 * reach the use (not "the name's only binding in the function"), and a name imported as two
 * modules in a `try`/`except ImportError` stands for both. Shown through the rules that
 * depend on it, on inline snippets, and on NameResolver.reachingValues directly.
 */
import { Parser, type Node, type Tree } from 'web-tree-sitter';
import { createEngine, loadBuiltinRules, type Engine } from '../../src/engine/index.js';
import { loadPython } from '../../src/engine/grammar.js';
import { NameResolver } from '../../src/engine/names.js';

const IDS = ['tarfile-extractall-unfiltered', 'lxml-unsafe-parser', 'xml-stdlib-parser'];
let engine: Engine;
let parser: Parser;

beforeAll(async () => {
  engine = await createEngine({ rules: loadBuiltinRules().filter((r) => IDS.includes(r.id)) });
  parser = new Parser();
  parser.setLanguage(await loadPython());
});

/** `line:rule` of every finding, for the lines of `src` (1-based). */
const found = (src: string): string[] => engine.scanFile('x.py', src).findings.map((f) => `${f.line}:${f.ruleId}`);
const code = (...lines: string[]): string => `${lines.join('\n')}\n`;

describe('a receiver resolves to the binding that reaches it', () => {
  test('`with tarfile.open(p) as f` after `f` held something else', () => {
    const src = code(
      'import tarfile',
      'def unpack(p, d):',
      '    f = open(p, "rb")',
      '    magic = f.read(4)',
      '    f.close()',
      '    with tarfile.open(p) as f:',
      '        f.extractall(d)',
    );
    expect(found(src)).toEqual(['7:tarfile-extractall-unfiltered']);
  });

  test('a `for` target, then an assignment', () => {
    const src = code(
      'import tarfile',
      'def unpack(paths, d):',
      '    for f in paths:',
      '        print(f)',
      '    f = tarfile.open(paths[0])',
      '    f.extractall(d)',
    );
    expect(found(src)).toEqual(['6:tarfile-extractall-unfiltered']);
  });

  test('a walrus binds too', () => {
    const src = code(
      'import tarfile',
      'def unpack(p, d):',
      '    t = None',
      '    if (t := tarfile.open(p)) is not None:',
      '        t.extractall(d)',
    );
    expect(found(src)).toEqual(['5:tarfile-extractall-unfiltered']);
  });

  test('a later binding to something else, an augmented assignment or a `for` target hides the tarfile', () => {
    const src = code(
      'import tarfile',
      'import zipfile',
      'def a(p, d):',
      '    t = tarfile.open(p)',
      '    t = zipfile.ZipFile(p)',
      '    t.extractall(d)',
      'def b(p, d, extra):',
      '    t = tarfile.open(p)',
      '    t += extra',
      '    t.extractall(d)',
      'def c(p, archives, d):',
      '    t = tarfile.open(p)',
      '    for t in archives:',
      '        t.extractall(d)',
    );
    expect(found(src)).toEqual([]);
  });

  test('bindings in two branches both reach a use after them', () => {
    const src = code(
      'import tarfile',
      'import zipfile',
      'def unpack(p, d):',
      '    if p.endswith(".zip"):',
      '        a = zipfile.ZipFile(p)',
      '    else:',
      '        a = tarfile.open(p)',
      '    a.extractall(d)',
    );
    expect(found(src)).toEqual(['8:tarfile-extractall-unfiltered']);
  });

  test('the filter="data" fix is still quiet, and a use before the tarfile binding is not the tarfile', () => {
    const src = code(
      'import tarfile',
      'def unpack(p, d, f):',
      '    f.extractall(d)',
      '    with tarfile.open(p) as f:',
      '        f.extractall(d, filter="data")',
    );
    expect(found(src)).toEqual([]);
  });

  test('`global` names resolve at module level', () => {
    const src = code(
      'import tarfile',
      'ARCHIVE = tarfile.open("bundle.tar")',
      'def unpack(d):',
      '    global ARCHIVE',
      '    ARCHIVE.extractall(d)',
    );
    expect(found(src)).toEqual(['5:tarfile-extractall-unfiltered']);
  });

  test('a closure reads the enclosing function binding', () => {
    const src = code(
      'import tarfile',
      'def unpack(p, d):',
      '    t = tarfile.open(p)',
      '    def go():',
      '        t.extractall(d)',
      '    go()',
    );
    expect(found(src)).toEqual(['5:tarfile-extractall-unfiltered']);
  });
});

describe('bounded on hostile input', () => {
  test('thousands of conditional bindings and uses of one name are analysed, each use resolved', () => {
    const lines = ['import tarfile', 'def unpack(p, d, flags):'];
    for (let i = 0; i < 2000; i++) lines.push(`    if flags[${i}]:`, '        t = tarfile.open(p)');
    for (let i = 0; i < 2000; i++) lines.push('    t.extractall(d)');
    const result = engine.scanFile('x.py', code(...lines));
    expect(result.analysed).toBe(true);
    expect(result.findings.filter((f) => f.ruleId === 'tarfile-extractall-unfiltered')).toHaveLength(2000);
  });
});

describe('a name imported as two modules stands for both', () => {
  const FALLBACK = code(
    'try:',
    '    import lxml.etree as ET',
    'except ImportError:',
    '    import xml.etree.ElementTree as ET',
    'def load(path):',
    '    return ET.parse(path)',
  );

  test('`ET.parse` meets the rules for lxml and for the standard library', () => {
    expect(found(FALLBACK)).toEqual(['6:lxml-unsafe-parser', '6:xml-stdlib-parser']);
  });

  test('each finding names the module of its own rule', () => {
    const messages = engine.scanFile('x.py', FALLBACK).findings.map((f) => f.message);
    expect(messages.some((m) => m.startsWith('lxml.etree.parse'))).toBe(true);
    expect(messages.some((m) => m.startsWith('xml.etree.ElementTree.parse'))).toBe(true);
  });

  test('`from` imports of the same name from two modules', () => {
    const src = code(
      'try:',
      '    from lxml.etree import fromstring',
      'except ImportError:',
      '    from xml.etree.ElementTree import fromstring',
      'def load(text):',
      '    return fromstring(text)',
    );
    expect(found(src)).toEqual(['6:lxml-unsafe-parser', '6:xml-stdlib-parser']);
  });

  test('one import is one name', () => {
    const src = code('import xml.etree.ElementTree as ET', 'def load(path):', '    return ET.parse(path)');
    expect(found(src)).toEqual(['3:xml-stdlib-parser']);
  });
});

describe('NameResolver.reachingValues', () => {
  let tree: Tree;
  afterEach(() => tree?.delete());

  /** The values reaching the last `use` identifier in the source, as their text ("?" for unknown). */
  const reachingAtLastUse = (src: string): string[] => {
    tree = parser.parse(src) as Tree;
    const uses = tree.rootNode.descendantsOfType('identifier').filter((n): n is Node => n?.text === 'use');
    const names = new NameResolver(tree.rootNode);
    const last = uses[uses.length - 1];
    const object = last.parent?.childForFieldName('arguments')?.namedChildren[0];
    if (!object) throw new Error('no argument to use()');
    return names.reachingValues(object).map((v) => v?.text ?? '?');
  };

  test('the nearest preceding unconditional binding only', () => {
    expect(reachingAtLastUse(code('def f():', '    x = a()', '    x = b()', '    use(x)'))).toEqual(['b()']);
  });

  test('a conditional binding, then the one before it', () => {
    expect(reachingAtLastUse(code('def f(c):', '    x = a()', '    if c:', '        x = b()', '    use(x)'))).toEqual(['b()', 'a()']);
  });

  test('inside the branch, only the branch binding', () => {
    expect(reachingAtLastUse(code('def f(c):', '    x = a()', '    if c:', '        x = b()', '        use(x)'))).toEqual(['b()']);
  });

  test('a parameter rebound only in a branch may still hold what the caller passed', () => {
    expect(reachingAtLastUse(code('def f(x, c):', '    if c:', '        x = b()', '    use(x)'))).toEqual(['b()', '?']);
  });

  test('a try body may not have run', () => {
    expect(reachingAtLastUse(code('def f():', '    x = a()', '    try:', '        x = b()', '    except E:', '        pass', '    use(x)'))).toEqual([
      'b()',
      'a()',
    ]);
  });

  test('with ... as, tuple targets and except ... as', () => {
    expect(reachingAtLastUse(code('def f():', '    x = a()', '    with b() as x:', '        use(x)'))).toEqual(['b()']);
    expect(reachingAtLastUse(code('def f():', '    x = a()', '    y, x = b()', '    use(x)'))).toEqual(['?']);
    expect(reachingAtLastUse(code('def f():', '    x = a()', '    try:', '        pass', '    except E as x:', '        use(x)'))).toEqual(['?']);
  });

  test('a read at the top of a loop sees the binding made later in the loop', () => {
    expect(reachingAtLastUse(code('def f(n):', '    while n:', '        use(x)', '        x = a()'))).toEqual(['a()']);
  });
});
