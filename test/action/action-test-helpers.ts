/**
 * What the action tests share: a pull request in a temporary git repository, its
 * event payload made from GitHub's real example (only base.sha and head.sha
 * replaced), the files the runner provides, and a reader for workflow commands
 * that follows the runner's rules (so a test sees what the runner would run).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { git, isolatedGitEnv, removeDir, tempDir, writeFiles } from '../cli/cli-test-helpers.js';

const require = createRequire(import.meta.url);

interface Definition {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}

export const INJECTION = 'import os\n\n\ndef run(name):\n    os.system("ls " + name)\n';
export const CLEAN = 'def add(a, b):\n    return a + b\n';

export interface PullRequestFixture {
  readonly repo: string;
  readonly dir: string;
  readonly baseSha: string;
  readonly headSha: string;
  /** The environment a runner gives the step, without inputs. */
  readonly env: Record<string, string | undefined>;
  readonly summaryFile: string;
  readonly outputFile: string;
  summary(): string;
  outputs(): string;
  cleanUp(): void;
}

/** The pull_request.opened example payload with the two commits replaced. */
export function pullRequestEvent(baseSha: string, headSha: string): Record<string, unknown> {
  const definitions = require('@octokit/webhooks-examples/api.github.com/index.json') as Definition[];
  const example = definitions.find((d) => d.name === 'pull_request')?.examples.find((e) => e.action === 'opened');
  if (example === undefined) throw new Error('no pull_request.opened example in @octokit/webhooks-examples');
  const payload = structuredClone(example) as { pull_request: { base: { sha: string }; head: { sha: string } } };
  payload.pull_request.base.sha = baseSha;
  payload.pull_request.head.sha = headSha;
  return payload as unknown as Record<string, unknown>;
}

/** A repository whose `feature` branch adds `headFiles` on top of a base commit. */
export function makePullRequest(headFiles: Readonly<Record<string, string>>): PullRequestFixture {
  const dir = tempDir('action');
  const repo = path.join(dir, 'workspace');
  git(dir, 'init', '--quiet', repo);
  writeFiles(repo, { 'app.py': 'x = 1\n' });
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '-m', 'base');
  const baseSha = git(repo, 'rev-parse', 'HEAD').trim();
  git(repo, 'checkout', '--quiet', '-b', 'feature');
  writeFiles(repo, headFiles);
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', 'feature');
  const headSha = git(repo, 'rev-parse', 'HEAD').trim();

  const eventPath = path.join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(pullRequestEvent(baseSha, headSha)));
  const summaryFile = path.join(dir, 'step_summary.md');
  const outputFile = path.join(dir, 'output.txt');
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  return {
    repo,
    dir,
    baseSha,
    headSha,
    env: {
      ...isolatedGitEnv(),
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_WORKSPACE: repo,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_OUTPUT: outputFile,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'hunkwise-test/demo',
      // Two small files: one engine thread is plenty, and the test machine is shared.
      HUNKWISE_ENGINE_THREADS: '1',
    },
    summaryFile,
    outputFile,
    summary: () => readFileSync(summaryFile, 'utf8'),
    outputs: () => readFileSync(outputFile, 'utf8'),
    cleanUp: () => removeDir(dir),
  };
}

export interface WorkflowCommand {
  readonly command: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly data: string;
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

/**
 * The commands the runner would act on in `log`: a line starting with `::` is
 * `::name k=v,k=v::data`; after `::stop-commands::TOKEN` nothing is a command
 * until a line `::TOKEN::`.
 */
export function parseWorkflowCommands(log: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  for (const line of log.split(/\r\n|\r|\n/)) {
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    if (!line.startsWith('::')) continue;
    const end = line.indexOf('::', 2);
    if (end < 0) continue;
    const info = line.slice(2, end);
    const space = info.indexOf(' ');
    const command = space < 0 ? info : info.slice(0, space);
    const properties: Record<string, string> = {};
    if (space >= 0) {
      for (const pair of info.slice(space + 1).split(',')) {
        const eq = pair.indexOf('=');
        if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
      }
    }
    const data = unescapeData(line.slice(end + 2));
    if (command === 'stop-commands') stopToken = data;
    commands.push({ command, properties, data });
  }
  return commands;
}

/** Captured step log. */
export function captureLog(): { io: { stdout: { write(s: string): void }; stderr: { write(s: string): void } }; stdout(): string; stderr(): string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (s: string) => void (out += s) }, stderr: { write: (s: string) => void (err += s) } },
    stdout: () => out,
    stderr: () => err,
  };
}

/** `name<<DELIM` … `DELIM` blocks of a GITHUB_OUTPUT file, as the runner reads them. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (m === null) continue;
    const value: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j] !== m[2]) value.push(lines[j++]);
    outputs[m[1]] = value.join('\n');
    i = j;
  }
  return outputs;
}
