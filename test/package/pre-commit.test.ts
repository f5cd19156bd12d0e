/**
 * The pre-commit hook, run by Debian's `pre-commit` exactly as a team runs it
 * (`pre-commit try-repo` installs hunkwise from this checkout the way a
 * `repos:` entry would): a staged file with a shell injection fails the hook,
 * and a clean one beside it is not blamed. Skipped, with the reason in its title, where pre-commit
 * is not installed (.ci/run installs it).
 */
import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../e2e/support/hunkwise-process.js';

jest.setTimeout(600_000);

const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
const describeIf = hasPreCommit ? describe : describe.skip;

function git(cwd: string, ...args: string[]): void {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
}

describeIf(hasPreCommit ? 'the pre-commit hook' : 'the pre-commit hook (skipped: pre-commit is not installed)', () => {
  let work: string;
  let home: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'hunkwise-pre-commit-'));
    home = mkdtempSync(join(tmpdir(), 'hunkwise-pre-commit-home-'));
    git(work, 'init', '-q');
  });

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  const tryRepo = (): { status: number | null; output: string } => {
    const run = spawnSync('pre-commit', ['try-repo', ROOT, 'hunkwise'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, PRE_COMMIT_HOME: home, PRE_COMMIT_COLOR: 'never' },
    });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  };

  // One run covers both sides (each run installs hunkwise into a fresh environment, which is slow).
  test('fails on a staged shell injection, names it, and says nothing of a clean file', () => {
    writeFileSync(join(work, 'deploy.py'), 'import subprocess\n\ndef run(host):\n    subprocess.call("ping " + host, shell=True)\n');
    writeFileSync(join(work, 'fixed.py'), 'import subprocess\n\ndef run(host):\n    subprocess.call(["ping", "--", host])\n');
    git(work, 'add', 'deploy.py', 'fixed.py');
    const { status, output } = tryRepo();
    expect(output).toContain('deploy.py:4');
    expect(output).toContain('subprocess-shell-true');
    expect(output).not.toMatch(/fixed\.py:4:\d+: high/);
    expect(status).toBe(1);
  });
});
