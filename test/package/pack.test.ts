/**
 * The published package: `npm pack` must carry everything the CLI and the App
 * need at run time (compiled code, rules, docs, app.yml, the launcher) and
 * nothing of the sources or tests; the tarball, installed into an empty folder,
 * must scan a file. The install uses npm's cache first (CI filled it with
 * `npm ci`) and the registry for anything missing.
 */
import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, ROOT } from '../e2e/support/hunkwise-process.js';

jest.setTimeout(300_000);

interface PackedFile {
  readonly path: string;
}

function npm(args: readonly string[], cwd: string): string {
  const run = spawnSync('npm', [...args], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' } });
  if (run.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${run.status}): ${run.stderr.slice(-2000)}`);
  return run.stdout;
}

describe('the npm package', () => {
  let work: string;

  beforeAll(() => {
    ensureBuilt();
    work = mkdtempSync(join(tmpdir(), 'hunkwise-pack-'));
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('carries the built CLI, rules, docs and app.yml, and no sources or tests', () => {
    const [packed] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT)) as { files: PackedFile[] }[];
    const paths = packed.files.map((f) => f.path);
    for (const needed of ['bin/hunkwise.js', 'dist/src/cli.js', 'dist/src/index.js', 'dist/src/engine/builtin-rules.json', 'app.yml', 'LICENSE', 'README.md']) {
      expect(paths).toContain(needed);
    }
    expect(paths.some((p) => p.startsWith('rules/') && p.endsWith('.yml'))).toBe(true);
    expect(paths.some((p) => p.startsWith('docs/rules/'))).toBe(true);
    expect(paths.filter((p) => p.startsWith('src/') || p.startsWith('test/') || p.startsWith('dist/test/') || p.endsWith('.ts'))).toEqual([]);
  });

  test('installed from the tarball into an empty folder, `hunkwise scan` works there', () => {
    npm(['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const project = join(work, 'project');
    mkdirSync(project);
    npm(['install', '--prefer-offline', '--ignore-scripts', '--prefix', project, join(work, tarball ?? '')], work);
    writeFileSync(join(project, 'x.py'), 'import subprocess\nsubprocess.call("ls " + input(), shell=True)\n');
    // NODE_DEBUG=hunkwise would say on stderr that the rule snapshot does not match the rules shipped.
    const scan = spawnSync(join(project, 'node_modules', '.bin', 'hunkwise'), ['scan', '--format', 'json', 'x.py'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, NODE_DEBUG: 'hunkwise' },
    });
    expect(scan.stderr).toBe('');
    expect(scan.status).toBe(1);
    const { findings } = JSON.parse(scan.stdout) as { findings: { ruleId: string; line: number }[] };
    expect(findings).toContainEqual(expect.objectContaining({ ruleId: 'subprocess-shell-true', line: 2 }));
  });
});
