import { createEngine, loadBuiltinRules, type Engine } from '../../src/engine/index.js';

// Pinned to the rules these cases are about, so the growing catalogue does not change them.
const PINNED = new Set(['subprocess-shell-true', 'unused-suppression']);
let engine: Engine;
beforeAll(async () => {
  engine = await createEngine({ rules: loadBuiltinRules().filter((r) => PINNED.has(r.id)) });
});

const scan = (src: string | Uint8Array, path = 'x.py') => engine.scanFile(path, src);
// These tests are about the engine, seen through one rule; other rules' findings are noise here.
const shellTrue = (src: string | Uint8Array) => scan(src).findings.filter((f) => f.ruleId === 'subprocess-shell-true');
const summary = (src: string) => shellTrue(src).map((f) => `${f.line}:${f.ruleId}:${f.severity}`);

describe('name resolution and argument calibration', () => {
  test('shell=True severity follows how the command is built', () => {
    const src = [
      'import subprocess as sp',
      'def f(a):',
      '    sp.run("ls", shell=True)',
      '    sp.run(a, shell=True)',
      '    sp.run("ls " + a, shell=True)',
      '    sp.run(f"ls {a}", shell=True)',
      '    sp.run(["ls", a])',
    ].join('\n');
    expect(summary(src)).toEqual([
      '3:subprocess-shell-true:low',
      '4:subprocess-shell-true:medium',
      '5:subprocess-shell-true:high',
      '6:subprocess-shell-true:high',
    ]);
  });

  test('a name that is not the imported module does not match', () => {
    expect(summary('class subprocess:\n    pass\nsubprocess2 = 1\nsubprocess2.run("x", shell=True)\n')).toEqual([]);
  });

  test('a multi-line call reports its full range', () => {
    const f = shellTrue('import subprocess\nsubprocess.run(\n    "ls " + x,\n    shell=True,\n)\n')[0];
    expect([f.line, f.endLine, f.column]).toEqual([2, 5, 1]);
    expect(f.cwe).toEqual(['CWE-78']);
  });
});

describe('bad input is reported, never thrown', () => {
  test('broken Python still yields findings from the parts that parse', () => {
    const r = scan('import subprocess\ndef broken(:\n    pass\nsubprocess.run("ls " + x, shell=True)\n');
    expect(r.errors.map((e) => e.kind)).toContain('parse');
    expect(r.findings.map((f) => f.ruleId)).toContain('subprocess-shell-true');
    expect(r.analysed).toBe(true);
  });

  test('an empty file has no findings and no errors', () => {
    expect(scan('')).toEqual({ path: 'x.py', findings: [], errors: [], analysed: true });
  });

  test('a binary file is skipped with a reason', () => {
    const r = scan(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
    expect(r.analysed).toBe(false);
    expect(r.errors[0].kind).toBe('binary');
  });

  test('non-UTF-8 without a coding declaration is skipped with a reason', () => {
    const r = scan(new Uint8Array([0x78, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a]));
    expect(r.errors[0].kind).toBe('encoding');
  });

  test('latin-1 with a PEP 263 declaration is analysed', () => {
    const bytes = new TextEncoder().encode('# -*- coding: latin-1 -*-\nimport subprocess\nx = "');
    const tail = new TextEncoder().encode('"\nsubprocess.run("ls " + x, shell=True)\n');
    const r = scan(new Uint8Array([...bytes, 0xe9, ...tail]));
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'subprocess-shell-true')).toHaveLength(1);
  });

  test('a file over the size limit is skipped with a reason', () => {
    const r = engine.scanFile('big.py', 'x = 1\n'.repeat(1000), { maxBytes: 100 });
    expect(r.errors[0]).toMatchObject({ kind: 'too-large' });
  });

  test('a 5 MB file is analysed', () => {
    const block = 'def handler(a, b):\n    total = a * 2 + b\n    return {"a": a, "total": total}\n';
    const body = block.repeat(Math.ceil((5 * 1024 * 1024) / block.length));
    const r = scan(`import subprocess\n${body}def last(a):\n    subprocess.run("ls " + a, shell=True)\n`);
    expect(r.analysed).toBe(true);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['subprocess-shell-true']);
  });

  test('a file past its time budget is reported as not analysed', () => {
    const src = 'x = [' + '['.repeat(2000) + ']'.repeat(2000) + ']\n' + 'y = 1\n'.repeat(200000);
    const r = engine.scanFile('slow.py', src, { timeBudgetMs: 0 });
    expect(r.analysed).toBe(false);
    expect(r.errors[0].kind).toBe('timeout');
  });
});
