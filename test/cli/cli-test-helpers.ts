/** Shared by the CLI tests: a real engine with fixed test rules, captured streams, git repos. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEngine, type Engine } from '../../src/engine/index.js';
import type { Rule } from '../../src/engine/rule-schema.js';
import type { CliDeps, CliIo } from '../../src/cli.js';

function rule(id: string, severity: Rule['severity'], callee: string, cwe: number): Rule {
  return {
    id,
    title: `Test rule ${id}`,
    severity,
    confidence: 'high',
    category: 'defect',
    cwe: [cwe],
    bandit: severity === 'high' ? ['B605'] : [],
    ruff: severity === 'high' ? ['S605'] : [],
    message: `{callee} is a ${severity} test finding`,
    why: `Why ${id} matters.`,
    fix: `How to fix ${id}.`,
    references: ['https://example.com/ref'],
    match: { kind: 'call', callees: [callee], where: [] },
  };
}

/** Fixed rules so the tests do not move when the built-in catalogue grows. */
export const TEST_RULES: readonly Rule[] = [
  rule('test-high', 'high', 'os.system', 78),
  rule('test-medium', 'medium', 'yaml.load', 502),
  rule('test-low', 'low', 'tempfile.mktemp', 377),
];

let engine: Promise<Engine> | undefined;
export const testDeps: CliDeps = {
  createEngine: () => (engine ??= createEngine({ rules: TEST_RULES })),
};

export interface Captured {
  readonly io: CliIo;
  stdout(): string;
  stderr(): string;
}

export function captureIo(
  cwd: string,
  options: { readonly isTTY?: boolean; readonly env?: Readonly<Record<string, string | undefined>> } = {},
): Captured {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (s: string) => (out += s), isTTY: options.isTTY ?? false },
      stderr: { write: (s: string) => (err += s) },
      cwd,
      env: options.env ?? isolatedGitEnv(),
    },
    stdout: () => out,
    stderr: () => err,
  };
}

/** git without the user's or the machine's configuration. */
export function isolatedGitEnv(): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_SYSTEM: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
  };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `hunkwise-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function writeFiles(root: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(root, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args],
    { cwd, env: isolatedGitEnv() as NodeJS.ProcessEnv, encoding: 'utf8' },
  );
}

/** Parses JSON output, failing the test with the text when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`not JSON:\n${text}`);
  }
}
