/**
 * `npm run demo`: builds a small git repository with a pull-request-like branch in a
 * temporary folder, runs `hunkwise review --base main` on it and prints the review the
 * App would post, with its check conclusion. Needs only git; leaves nothing behind.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { main, type CliDeps, type CliIo } from '../src/cli.js';

/** The base branch: an old problem (eval of a config value) that the branch does not touch. */
const BASE_FILES: Readonly<Record<string, string>> = {
  'app/backup.py': `import subprocess


def backup(target):
    subprocess.run(["tar", "czf", target + ".tgz", target], check=True)
`,
  'app/settings.py': `import json
import os


def load_settings(path):
    with open(path) as fh:
        settings = json.load(fh)
    settings["timeout"] = eval(os.environ.get("TIMEOUT", "30"))
    return settings
`,
  'app/workers.py': `import os
import signal


def stop_worker(pid):
    os.kill(pid, signal.SIGTERM)
`,
};

/** The pull request: a shell command built from data, yaml.load, a hard kill and a free-port helper. */
const BRANCH_FILES: Readonly<Record<string, string>> = {
  'app/backup.py': `import subprocess


def backup(target):
    subprocess.run(["tar", "czf", target + ".tgz", target], check=True)


def backup_remote(target, host):
    subprocess.run(f"tar czf - {target} | ssh {host} 'cat > backup.tgz'", shell=True)
`,
  'app/settings.py': `import json
import os

import yaml


def load_settings(path):
    with open(path) as fh:
        settings = json.load(fh)
    settings["timeout"] = eval(os.environ.get("TIMEOUT", "30"))
    return settings


def load_overrides(path):
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.Loader)
`,
  'app/workers.py': `import os
import signal
import socket


def stop_worker(pid):
    os.kill(pid, signal.SIGTERM)


def kill_worker(pid):
    os.kill(pid, signal.SIGKILL)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
`,
};

/** git as on a fresh machine: no user or system configuration, fixed identity and dates. */
function isolatedEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Set inside git hooks; they would point git at another repository.
    if (!key.startsWith('GIT_')) env[key] = value;
  }
  return {
    ...env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_SYSTEM: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_DATE: '2025-01-01T12:00:00Z',
    GIT_COMMITTER_DATE: '2025-01-01T12:00:00Z',
  };
}

function gitIn(cwd: string, env: Record<string, string | undefined>, ...args: string[]): void {
  execFileSync(
    'git',
    [
      '-c', 'user.name=hunkwise demo',
      '-c', 'user.email=demo@hunkwise.invalid',
      '-c', 'commit.gpgsign=false',
      '-c', 'init.defaultBranch=main',
      ...args,
    ],
    { cwd, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

function writeAll(root: string, files: Readonly<Record<string, string>>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
}

export interface DemoOptions {
  /** Where to create the temporary repository (default: the OS temp folder). */
  readonly tmpRoot?: string;
  /** The engine to use (default: the built-in rules). */
  readonly deps?: CliDeps;
}

/** Returns the review's exit code, or 2 when the demo itself could not run. */
export async function runDemo(io: Pick<CliIo, 'stdout' | 'stderr'>, options: DemoOptions = {}): Promise<number> {
  const repo = mkdtempSync(path.join(options.tmpRoot ?? tmpdir(), 'hunkwise-demo-'));
  const env = isolatedEnv();
  try {
    gitIn(repo, env, 'init', '--quiet');
    writeAll(repo, BASE_FILES);
    gitIn(repo, env, 'add', '.');
    gitIn(repo, env, 'commit', '--quiet', '-m', 'Base version');
    gitIn(repo, env, 'checkout', '--quiet', '-b', 'remote-backups');
    writeAll(repo, BRANCH_FILES);
    gitIn(repo, env, 'add', '.');
    gitIn(repo, env, 'commit', '--quiet', '-m', 'Remote backups, YAML overrides, worker helpers');

    io.stdout.write(
      'hunkwise demo: a sample repository with a branch "remote-backups" that changes three files.\n' +
        'The base already has an eval() in app/settings.py; the branch leaves that line alone,\n' +
        'so the review must not mention it. Running: hunkwise review --base main\n\n',
    );
    const reviewIo: CliIo = { stdout: io.stdout, stderr: io.stderr, cwd: repo, env };
    return await main(['review', '--base', 'main'], reviewIo, options.deps);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    io.stderr.write(`hunkwise demo: could not build the sample repository (is git installed?): ${detail}\n`);
    return 2;
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await runDemo({ stdout: process.stdout, stderr: process.stderr });
  // Findings are what the demo is for: only a demo that could not run is a failure.
  process.exitCode = code === 2 ? 2 : 0;
}
