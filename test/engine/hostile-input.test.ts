/**
 * Issue 9: a pull request's author writes the code hunkwise reads. Generated inputs that used
 * to crash, blind or mislead the engine; each must now give its finding, or say the file was
 * not fully analysed — never silence.
 */
import { createEngine, type Engine, type FileResult } from '../../src/engine/index.js';

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});

const scan = (src: string | Uint8Array): FileResult => engine.scanFile('x.py', src);
const ids = (r: FileResult): string[] => r.findings.map((f) => f.ruleId);
const incomplete = (r: FileResult): boolean => !r.analysed || r.errors.some((e) => e.kind !== 'rule');
const noRuleCrashed = (r: FileResult): void => {
  expect(r.errors.filter((e) => e.kind === 'rule')).toEqual([]);
};

describe('deep nesting', () => {
  test('a 12,000-link attribute chain in a command: the shell injection is still found', () => {
    const chain = `a${'.b'.repeat(12_000)}`;
    const src = ['import subprocess', '', 'def f(host):', `    cmd = "ping " + host + ${chain}`, '    subprocess.call(cmd, shell=True)', ''].join('\n');
    expect(src.length).toBeGreaterThan(24_000);
    const r = scan(src);
    noRuleCrashed(r);
    expect(r.findings.some((f) => f.ruleId === 'subprocess-shell-true' && f.line === 5 && f.severity === 'high')).toBe(true);
  });

  test('a long attribute chain in call position is resolved without a crash', () => {
    const src = ['import os', '', 'def f(host):', `    os${'.b'.repeat(12_000)}.system("ping " + host)`, '    os.system("ping " + host)', ''].join('\n');
    const r = scan(src);
    noRuleCrashed(r);
    expect(r.findings.some((f) => f.line === 5)).toBe(true);
  });

  test('10,000 nested parentheses: analysed, or reported as not fully analysed', () => {
    const deep = `${'('.repeat(10_000)}host${')'.repeat(10_000)}`;
    const src = ['import os', 'from flask import request', '', 'host = request.args.get("h")', `cmd = "ping " + ${deep}`, 'os.system(cmd)', ''].join('\n');
    const r = scan(src);
    noRuleCrashed(r);
    expect(r.findings.some((f) => f.line === 6) || incomplete(r)).toBe(true);
  });

  test('10,000 nested lists: reported as not fully analysed when a walk gives up, never silent', () => {
    const deep = `${'['.repeat(10_000)}host${']'.repeat(10_000)}`;
    const src = ['import os', 'from flask import request', '', 'host = request.args.get("h")', `cmd = ${deep}`, 'os.system(cmd)', ''].join('\n');
    const r = scan(src);
    noRuleCrashed(r);
    expect(r.findings.some((f) => f.line === 6) || incomplete(r)).toBe(true);
  });

  test('a 50,000-term binary chain: the injection is found', () => {
    const src = ['import os', 'from flask import request', '', 'host = request.args.get("h")', `cmd = "ping " + host${' + a'.repeat(50_000)}`, 'os.system(cmd)', ''].join('\n');
    const r = scan(src);
    noRuleCrashed(r);
    expect(r.findings.filter((f) => f.line === 6).map((f) => f.ruleId)).toContain('tainted-command');
  });

  test('deeply nested calls and subscripts do not crash a rule', () => {
    const calls = `${'f('.repeat(5_000)}host${')'.repeat(5_000)}`;
    const subs = `host${'[0]'.repeat(5_000)}`;
    const src = ['import os', 'from flask import request', '', 'host = request.args.get("h")', `os.system(${calls})`, `os.system(${subs})`, ''].join('\n');
    const r = scan(src);
    noRuleCrashed(r);
    for (const line of [5, 6]) expect(r.findings.some((f) => f.line === line) || incomplete(r)).toBe(true);
  });
});

describe('taint over a long chain of assignments', () => {
  test('20,000 chained assignments from request data: the shell injection is found', () => {
    const n = 20_000;
    const lines = ['import subprocess', 'from flask import request', '', 'v0 = request.args.get("a")'];
    for (let i = 1; i < n; i++) lines.push(`v${i} = request.args.get("a") + v${i - 1}`);
    lines.push(`subprocess.call(v${n - 1}, shell=True)`, '');
    const r = scan(lines.join('\n'));
    noRuleCrashed(r);
    expect(r.findings.filter((f) => f.line === n + 4).map((f) => f.ruleId)).toContain('tainted-command');
  });
});

describe('decoding as CPython does', () => {
  test('a utf-7 declaration decodes bytes that are also valid UTF-8; the hidden line is found on its raw line', () => {
    const src = ['# -*- coding: utf-7 -*-', 'import os', '', 'def f(host):', '    #+AAo-    os.system("echo " +- host)', '    return 0', ''].join('\n');
    const r = scan(new TextEncoder().encode(src));
    expect(r.analysed).toBe(true);
    const hit = r.findings.find((f) => f.ruleId === 'shell-command-call');
    expect(hit?.line).toBe(5);
    expect(hit?.fix).toBeUndefined();
  });

  test('latin-1 and cp1252 declarations are honoured', () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('# coding: latin-1\nimport os\nname = "caf'), 0xe9, ...new TextEncoder().encode('"\nos.system("ls " + name)\n')]);
    const r = scan(bytes);
    expect(r.analysed).toBe(true);
    expect(r.errors).toEqual([]);
  });

  test('an encoding we cannot decode leaves the file not analysed, saying which', () => {
    const r = scan(new TextEncoder().encode('# coding: no-such-codec\nimport os\n'));
    expect(r.analysed).toBe(false);
    expect(r.errors[0]?.message).toMatch(/unsupported encoding no-such-codec/);
  });

  test('a UTF-8 BOM with another declared codec is refused, as CPython does', () => {
    const r = scan(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('# coding: latin-1\nx = 1\n')]));
    expect(r.analysed).toBe(false);
    expect(r.errors[0]?.kind).toBe('encoding');
  });
});

describe('suppression typos', () => {
  const line = (marker: string): string => ['import os', '', 'def f(host):', `    os.system("ping " + host)  ${marker}`, ''].join('\n');

  test.each(['# nosec B60', '# nosec XYZ123', '# hunkwise: ignore[shell-comand-call]'])('%s hides nothing and is reported', (marker) => {
    const r = scan(line(marker));
    expect(ids(r)).toContain('shell-command-call');
    expect(ids(r)).toContain('invalid-suppression');
    expect(r.findings.find((f) => f.ruleId === 'invalid-suppression')?.severity).toBe('low');
  });

  test.each(['# nosec b605', '# NOSEC B605', '# NOSEC', '# nosec: B605', '# nosec B605 -- reviewed'])('%s is honoured', (marker) => {
    const r = scan(line(marker));
    expect(ids(r)).not.toContain('shell-command-call');
    expect(ids(r)).not.toContain('invalid-suppression');
  });

  test('a valid code next to a typo still suppresses its own rule only', () => {
    const r = scan(line('# nosec B605, B60'));
    expect(ids(r)).not.toContain('shell-command-call');
    expect(ids(r)).toContain('invalid-suppression');
  });
});
