import path from 'node:path';
import { rmSync, writeFileSync } from 'node:fs';
import { main } from '../../src/cli.js';
import { captureIo, git, parseJson, removeDir, tempDir, testDeps, writeFiles } from './cli-test-helpers.js';

interface JsonOut {
  findings: { ruleId: string; path: string; line: number }[];
  errors: { path: string; kind: string }[];
}

const APP_BASE = [
  'import os, yaml, tempfile',
  '',
  'def old(cmd):',
  '    os.system(cmd)  # an old problem, unchanged by the branch',
  '',
  'def handler(data):',
  '    return data',
  '',
].join('\n');

const APP_HEAD = [
  'import os, yaml, tempfile',
  '',
  'def old(cmd):',
  '    os.system(cmd)  # an old problem, unchanged by the branch',
  '',
  'def handler(data):',
  '    parsed = yaml.load(data)',
  '    return parsed',
  '',
  'def run(name):',
  '    os.system("ls " + name)',
  '',
].join('\n');

let repo: string;

beforeEach(() => {
  repo = tempDir('review');
  git(repo, 'init', '--quiet');
  writeFiles(repo, {
    'app.py': APP_BASE,
    'util.py': 'import tempfile\n\ndef helper():\n    return 1\n',
    'gone.py': 'import os\nos.system(x)\n',
    'lib/context.py': 'import os\n\ndef a():\n    os.system(x)\n\ndef b():\n    return 2\n',
  });
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '-m', 'base');
  git(repo, 'checkout', '--quiet', '-b', 'feature');
  writeFiles(repo, {
    'app.py': APP_HEAD,
    'new.py': 'import os\nos.system(cmd)\n',
    'README.md': 'os.system(x)\n',
    // a change next to (not on) an old finding: it is in the diff's context, not added
    'lib/context.py': 'import os\n\ndef a():\n    os.system(x)\n\ndef b():\n    return 3\n',
  });
  rmSync(path.join(repo, 'gone.py'));
  git(repo, 'mv', 'util.py', 'helpers.py');
  writeFileSync(path.join(repo, 'helpers.py'), 'import tempfile\n\ndef helper():\n    return tempfile.mktemp()\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', 'feature');
});
afterEach(() => removeDir(repo));

async function review(argv: string[], cwd = repo) {
  const captured = captureIo(cwd);
  const code = await main(['review', ...argv], captured.io, testDeps);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('hunkwise review', () => {
  it('reports only findings on added lines, nothing on unchanged lines', async () => {
    const { code, stdout } = await review(['--base', 'main', '--format', 'json']);
    const out = parseJson(stdout) as JsonOut;
    expect(out.findings.map((f) => `${f.path}:${f.line}:${f.ruleId}`)).toEqual([
      'app.py:7:test-medium',
      'app.py:11:test-high',
      'helpers.py:4:test-low',
      'new.py:2:test-high',
    ]);
    expect(out.errors).toEqual([]);
    expect(code).toBe(1);
  });

  it('defaults to the merge base with main and to HEAD', async () => {
    const explicit = await review(['--base', 'main', '--format', 'json']);
    const implicit = await review(['--format', 'json']);
    expect(implicit.stdout).toBe(explicit.stdout);
  });

  it('prefers origin/HEAD over main as the default branch', async () => {
    // origin/HEAD points at the feature commit itself: nothing is new.
    git(repo, 'update-ref', 'refs/remotes/origin/trunk', 'HEAD');
    git(repo, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
    const { code, stdout } = await review([]);
    expect(code).toBe(0);
    expect(stdout).toContain('merge base with origin/trunk');
    expect(stdout).toContain('Check conclusion: success (no findings on added lines)');
  });

  it('falls back to master when there is no main', async () => {
    git(repo, 'branch', '-m', 'main', 'master');
    const { code, stdout } = await review(['--format', 'json']);
    expect(code).toBe(1);
    expect((parseJson(stdout) as JsonOut).findings).toHaveLength(4);
  });

  it('compares from the merge base, so commits on main after the branch point are not the change', async () => {
    git(repo, 'checkout', '--quiet', 'main');
    writeFiles(repo, { 'later.py': 'import os\nos.system(y)\n' });
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'main moves on');
    git(repo, 'checkout', '--quiet', 'feature');
    const out = parseJson((await review(['--base', 'main', '--format', 'json'])).stdout) as JsonOut;
    expect(out.findings.map((f) => f.path)).not.toContain('later.py');
    expect(out.findings).toHaveLength(4);
  });

  it('reads files at --head, not from the working tree', async () => {
    git(repo, 'checkout', '--quiet', 'main');
    writeFiles(repo, { 'app.py': 'garbage that is not committed (\n' });
    const out = parseJson((await review(['--base', 'main', '--head', 'feature', '--format', 'json'])).stdout) as JsonOut;
    expect(out.findings).toHaveLength(4);
  });

  it('shows the review and the check conclusion in text', async () => {
    const { stdout } = await review(['--base', 'main']);
    expect(stdout).toMatch(/^hunkwise review of [0-9a-f]{7}\.\.\.[0-9a-f]{7} \(main\): 4 changed Python files\n/);
    expect(stdout).toContain('app.py:11:5: high [test-high]');
    expect(stdout).toContain('  11 |     os.system("ls " + name)\n');
    expect(stdout).not.toContain('app.py:4:');
    expect(stdout).toContain('2 other findings in the changed files are not on added lines');
    expect(stdout).toContain(
      'Check conclusion: failure (2 findings at or above high on added lines; 2 findings below high on added lines)',
    );
  });

  function branchFromMain(name: string, files: Parameters<typeof writeFiles>[1]): void {
    git(repo, 'checkout', '--quiet', '-b', name, 'main');
    writeFiles(repo, files);
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', name);
  }

  it('gives neutral when only lower findings are on added lines', async () => {
    branchFromMain('minor', { 'm.py': 'import yaml\nyaml.load(s)\n' });
    const minor = await review(['--base', 'main']);
    expect(minor.code).toBe(0);
    expect(minor.stdout).toContain('Check conclusion: neutral (1 finding below high on added lines)');
    const strict = await review(['--base', 'main', '--fail-on', 'medium']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('Check conclusion: failure (1 finding at or above medium on added lines)');
  });

  it('gives neutral when a changed file could not be analysed, but not for a binary file (as the App)', async () => {
    branchFromMain('binary', { 'blob.py': new Uint8Array([0, 1, 2, 3]) });
    const binary = await review(['--base', 'main']);
    expect(binary.code).toBe(0);
    expect(binary.stdout).toContain('blob.py: binary:');
    expect(binary.stdout).toContain('Check conclusion: success');
    branchFromMain('latin', { 'latin.py': new Uint8Array([0x78, 0x3d, 0x22, 0xe9, 0x22, 0x0a]) });
    const latin = await review(['--base', 'main']);
    expect(latin.code).toBe(0);
    expect(latin.stdout).toContain('latin.py: encoding:');
    expect(latin.stdout).toContain('Check conclusion: neutral (1 file not fully analysed)');
  });

  it('gives success when the change adds no Python', async () => {
    branchFromMain('docs-only', { 'README.md': 'os.system(x)\n' });
    const { code, stdout } = await review(['--base', 'main']);
    expect(code).toBe(0);
    expect(stdout).toContain('0 changed Python files');
    expect(stdout).toContain('Check conclusion: success');
  });

  it('applies .github/hunkwise.yml and the repository rules from the base branch', async () => {
    git(repo, 'checkout', '--quiet', 'main');
    writeFiles(repo, {
      '.github/hunkwise.yml': [
        'fail_on: medium',
        'exclude: ["new.py"]',
        'rules:',
        '  severity: { test-low: high }',
        'overrides:',
        '  - paths: ["app.py"]',
        '    disable: [test-medium]',
        'unknown_key: 1',
      ].join('\n'),
      '.github/hunkwise/rules/no-print.yml': [
        'id: repo-no-print',
        'title: No print',
        'severity: medium',
        'confidence: high',
        'category: practice',
        'cwe: [532]',
        'message: "{callee} in production code"',
        'why: Logs go to stdout.',
        'fix: Use logging.',
        'match: { kind: call, callees: [print] }',
      ].join('\n'),
      '.github/hunkwise/rules/broken.yml': 'id: [not valid\n',
    });
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'settings');
    git(repo, 'checkout', '--quiet', 'feature');
    writeFiles(repo, { 'helpers.py': 'import tempfile\n\ndef helper():\n    print("x")\n    return tempfile.mktemp()\n' });
    git(repo, 'commit', '--quiet', '-am', 'print');

    const json = parseJson((await review(['--format', 'json'])).stdout) as { findings: { path: string; line: number; ruleId: string; severity: string }[] };
    expect(json.findings.map((f) => `${f.path}:${f.line}:${f.ruleId}:${f.severity}`)).toEqual([
      'app.py:11:test-high:high',
      'helpers.py:4:repo-no-print:medium',
      'helpers.py:5:test-low:high',
    ]);
    const text = await review([]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('1 changed Python file excluded by `exclude`');
    expect(text.stdout).toContain('Unknown setting `unknown_key`');
    expect(text.stdout).toContain('.github/hunkwise/rules/broken.yml');
    // fail_on: medium comes from the settings; --fail-on overrides it.
    expect(text.stdout).toContain('3 findings at or above medium');
    git(repo, 'checkout', '--quiet', '-b', 'only-medium', 'main');
    writeFiles(repo, { 'p.py': 'print(1)\n' });
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'p');
    expect((await review([])).code).toBe(1);
    expect((await review(['--fail-on', 'high'])).code).toBe(0);
  });

  it('does not let the change relax its own settings', async () => {
    writeFiles(repo, { '.github/hunkwise.yml': 'exclude: ["**/*.py"]\nfail_on: none\n' });
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'relax');
    const { code, stdout } = await review([]);
    expect(code).toBe(1);
    expect(stdout).toContain('4 changed Python files');
  });

  it('writes SARIF for the findings on added lines', async () => {
    const { stdout } = await review(['--base', 'main', '--format', 'sarif']);
    const log = parseJson(stdout) as { runs: { results: unknown[] }[] };
    expect(log.runs[0].results).toHaveLength(4);
  });

  it('works from a subfolder of the repository', async () => {
    const { code } = await review(['--base', 'main'], path.join(repo, 'lib'));
    expect(code).toBe(1);
  });

  it('exits 2 outside a git repository', async () => {
    const outside = tempDir('not-git');
    try {
      const { code, stderr } = await review([], outside);
      expect(code).toBe(2);
      expect(stderr).toContain('not inside a git repository');
    } finally {
      removeDir(outside);
    }
  });

  it('exits 2 for refs that do not exist or look like options', async () => {
    expect((await review(['--base', 'no-such-branch'])).stderr).toContain('--base no-such-branch does not name a commit');
    expect((await review(['--head', 'nope'])).code).toBe(2);
    const injected = await review(['--base=--output=/tmp/x']);
    expect(injected.code).toBe(2);
    expect(injected.stderr).toContain('not a valid git ref');
  });

  it('exits 2 without --base when there is no default branch', async () => {
    git(repo, 'branch', '-m', 'main', 'trunk');
    const { code, stderr } = await review([]);
    expect(code).toBe(2);
    expect(stderr).toContain('no --base given');
  });
});
