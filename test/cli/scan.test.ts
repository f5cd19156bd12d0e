import path from 'node:path';
import { main } from '../../src/cli.js';
import { captureIo, parseJson, removeDir, tempDir, testDeps, writeFiles } from './cli-test-helpers.js';

const BAD = [
  'import os, yaml, tempfile',
  '',
  'def run(cmd, data):',
  '    os.system(cmd)',
  '    yaml.load(data)',
  '    return tempfile.mktemp()',
  '',
].join('\n');

let dir: string;
beforeEach(() => {
  dir = tempDir('scan');
});
afterEach(() => removeDir(dir));

async function run(argv: string[], options: Parameters<typeof captureIo>[1] = {}) {
  const captured = captureIo(dir, options);
  const code = await main(argv, captured.io, testDeps);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('hunkwise scan: exit codes', () => {
  it('exits 1 when a finding is at or above the default threshold (high)', async () => {
    writeFiles(dir, { 'app.py': BAD });
    expect((await run(['scan', 'app.py'])).code).toBe(1);
  });

  it('exits 0 when findings are below --fail-on', async () => {
    writeFiles(dir, { 'app.py': 'import yaml\nyaml.load(x)\n' });
    expect((await run(['scan', 'app.py'])).code).toBe(0);
    expect((await run(['scan', 'app.py', '--fail-on', 'medium'])).code).toBe(1);
    expect((await run(['scan', 'app.py', '--fail-on', 'low'])).code).toBe(1);
  });

  it('exits 0 on clean code', async () => {
    writeFiles(dir, { 'ok.py': 'print("hello")\n' });
    const result = await run(['scan', '.']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No findings in 1 file.');
  });

  it('exits 2 with a clear message for a path that does not exist', async () => {
    const result = await run(['scan', 'nope.py']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no such file or directory: nope.py');
    expect(result.stdout).toBe('');
  });

  it.each([
    [['scan']],
    [['scan', '.', '--format', 'xml']],
    [['scan', '.', '--fail-on', 'critical']],
    [['scan', '.', '--base', 'main']],
    [['frobnicate']],
    [[]],
  ])('exits 2 on usage error %j', async (argv) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^hunkwise: /);
  });

  it('prints usage with --help and exits 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: hunkwise');
  });

  it('exits 2 when the engine cannot start', async () => {
    const captured = captureIo(dir);
    const code = await main(['scan', '.'], captured.io, { createEngine: () => Promise.reject(new Error('no grammar')) });
    expect(code).toBe(2);
    expect(captured.stderr()).toContain('internal error: no grammar');
  });
});

describe('hunkwise scan: files', () => {
  it('recurses into *.py and *.pyi, skips tool folders, and names files relative to cwd with /', async () => {
    writeFiles(dir, {
      'pkg/a.py': 'import os\nos.system(x)\n',
      'pkg/sub/b.pyi': 'import os\nos.system(x)\n',
      'pkg/notes.txt': 'import os\nos.system(x)\n',
      'pkg/.git/c.py': 'import os\nos.system(x)\n',
      'pkg/node_modules/d.py': 'import os\nos.system(x)\n',
      'pkg/.venv/e.py': 'import os\nos.system(x)\n',
      'pkg/venv/f.py': 'import os\nos.system(x)\n',
      'pkg/__pycache__/g.py': 'import os\nos.system(x)\n',
    });
    const result = await run(['scan', 'pkg', '--format', 'json']);
    const paths = (parseJson(result.stdout) as { findings: { path: string }[] }).findings.map((f) => f.path);
    expect(paths).toEqual(['pkg/a.py', 'pkg/sub/b.pyi']);
  });

  it('scans a file named explicitly whatever its extension, once even if named twice', async () => {
    writeFiles(dir, { 'tool': 'import os\nos.system(x)\n' });
    const result = await run(['scan', 'tool', './tool', '--format', 'json']);
    expect((parseJson(result.stdout) as { findings: unknown[] }).findings).toHaveLength(1);
  });

  it('shows paths relative to cwd when scanning from a subfolder', async () => {
    writeFiles(dir, { 'src/app.py': 'import os\nos.system(x)\n' });
    const captured = captureIo(path.join(dir, 'src'));
    await main(['scan', '../src/app.py', '--format', 'json'], captured.io, testDeps);
    const out = parseJson(captured.stdout()) as { findings: { path: string }[] };
    expect(out.findings[0].path).toBe('app.py');
  });

  it('reports broken, empty, binary, non-UTF-8 and oversized files without crashing', async () => {
    writeFiles(dir, {
      'broken.py': 'def (:\n  os.system(\n',
      'empty.py': '',
      'binary.py': new Uint8Array([0x89, 0x50, 0x00, 0x01, 0x02]),
      'latin.py': new Uint8Array([0x78, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a]),
      'huge.py': `x = 1\n${'#'.repeat(5 * 1024 * 1024)}\n`,
    });
    const json = await run(['scan', '.', '--format', 'json']);
    expect(json.code).toBe(0);
    const out = parseJson(json.stdout) as { errors: { path: string; kind: string }[] };
    const kinds = Object.fromEntries(out.errors.map((e) => [e.path, e.kind]));
    expect(kinds).toMatchObject({ 'binary.py': 'binary', 'latin.py': 'encoding', 'huge.py': 'too-large', 'broken.py': 'parse' });
    expect(kinds['empty.py']).toBeUndefined();

    const text = await run(['scan', '.']);
    expect(text.stdout).toContain('Not analysed:');
    expect(text.stdout).toMatch(/binary\.py: binary: /);
    expect(text.stdout).toContain('3 files not analysed');
  });
});

describe('hunkwise scan: text output', () => {
  it('shows path:line:column, severity, rule, message, the source line with carets, and totals', async () => {
    writeFiles(dir, { 'app.py': BAD });
    const { stdout } = await run(['scan', 'app.py']);
    expect(stdout).toContain('app.py:4:5: high [test-high] os.system is a high test finding');
    expect(stdout).toContain('  4 |     os.system(cmd)\n    |     ^^^^^^^^^^^^^^\n');
    expect(stdout).toContain('3 findings (1 high, 1 medium, 1 low) in 1 of 1 file.');
    expect(stdout).not.toContain('\u001b[');
  });

  it('uses colour on a TTY, and not when NO_COLOR is set', async () => {
    writeFiles(dir, { 'app.py': BAD });
    const tty = await run(['scan', 'app.py'], { isTTY: true, env: {} });
    expect(tty.stdout).toContain('\u001b[31mhigh\u001b[0m');
    const noColor = await run(['scan', 'app.py'], { isTTY: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain('\u001b[');
  });
});

describe('hunkwise scan: json output', () => {
  it('is exactly {findings, errors} with exactly the documented finding fields', async () => {
    writeFiles(dir, { 'app.py': BAD, 'bin.py': new Uint8Array([0, 1, 2]) });
    const { stdout } = await run(['scan', '.', '--format', 'json']);
    const out = parseJson(stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['findings', 'errors']);
    const findings = out.findings as Record<string, unknown>[];
    expect(findings).toHaveLength(3);
    for (const f of findings) {
      expect(Object.keys(f)).toEqual([
        'ruleId', 'path', 'line', 'endLine', 'column', 'endColumn',
        'severity', 'confidence', 'cwe', 'bandit', 'ruff', 'message',
      ]);
    }
    expect(findings[0]).toEqual({
      ruleId: 'test-high',
      path: 'app.py',
      line: 4,
      endLine: 4,
      column: 5,
      endColumn: 19,
      severity: 'high',
      confidence: 'high',
      cwe: ['CWE-78'],
      bandit: ['B605'],
      ruff: ['S605'],
      message: 'os.system is a high test finding',
    });
    expect(out.errors).toEqual([{ path: 'bin.py', kind: 'binary', message: expect.any(String) }]);
  });
});

describe('hunkwise scan: sarif output', () => {
  it('is a SARIF 2.1.0 log with one result per finding', async () => {
    writeFiles(dir, { 'app.py': BAD });
    const { stdout, code } = await run(['scan', 'app.py', '--format', 'sarif']);
    expect(code).toBe(1);
    const log = parseJson(stdout) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[];
    };
    expect(log.version).toBe('2.1.0');
    const run0 = log.runs[0];
    expect(run0.tool.driver.name).toBe('hunkwise');
    expect(run0.results.map((r) => r.ruleId)).toEqual(['test-high', 'test-medium', 'test-low']);
    for (const r of run0.results) expect(run0.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });
});
