/**
 * The GitHub Action: reviews the pull request's added lines with `hunkwise review`
 * (called in-process through the CLI's `main`), then reports in the three places a
 * workflow shows results: annotations in the log, the job summary, and a SARIF file
 * for code scanning. Everything it needs from the runner comes in `env`.
 *
 * Exit code as the CLI's: 0 nothing at or above fail-on, 1 findings at or above it,
 * 2 the review could not be done (or a file was cut off by a limit).
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { main, type CliDeps } from '../cli.js';
import type { OutputStream } from '../cli/cli-io.js';
import { Git } from '../cli/git.js';
import { matchesAnyGlob } from '../config/glob.js';
import type { FailOn } from '../config/config-schema.js';
import type { Severity } from '../engine/types.js';
import { createEngine } from '../engine/index.js';
import type { JsonFinding } from '../render/json.js';
import { decideConclusion } from '../review/conclusion.js';
import { ActionError } from './action-error.js';
import { filterSarif } from './filter-sarif.js';
import { writeOutputs } from './github-output.js';
import { blockingCount, renderErrorSummary, renderJobSummary, type ActionConclusion, type SummaryError } from './job-summary.js';
import { readActionInputs, type ActionInputs, type Env } from './read-action-inputs.js';
import { readPullRequestEvent, type PullRequestEvent } from './read-pull-request-event.js';
import { annotationCommand, inertLog, type AnnotationLevel } from './workflow-commands.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/**
 * GitHub shows at most 10 annotations of each level per step (50 per job); more only
 * lengthens the log. The summary and the SARIF results list everything.
 */
export const MAX_ANNOTATIONS = 50;

export interface ActionIo {
  /** The step's log: annotations and other workflow commands go here. */
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
}

export interface ActionDeps {
  /** Which engine the CLI builds; tests pass fixed rules. */
  readonly cli?: CliDeps;
}

const LEVEL: Readonly<Record<Severity, AnnotationLevel>> = { high: 'error', medium: 'warning', low: 'notice' };

/** The fields of `--format json` the action reads (render/json.ts); anything else is ignored. */
const reviewJson = z.object({
  findings: z.array(
    z.object({
      ruleId: z.string(),
      path: z.string(),
      line: z.number().int(),
      endLine: z.number().int(),
      column: z.number().int(),
      endColumn: z.number().int(),
      severity: z.enum(['low', 'medium', 'high']),
      confidence: z.enum(['low', 'medium', 'high']),
      cwe: z.array(z.string()),
      bandit: z.array(z.string()),
      ruff: z.array(z.string()),
      message: z.string(),
    }),
  ),
  errors: z.array(
    z.object({ path: z.string(), kind: z.string(), message: z.string(), line: z.number().int().optional() }),
  ),
});

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface Review {
  readonly findings: readonly JsonFinding[];
  readonly errors: readonly SummaryError[];
  readonly code: number;
  readonly stderr: string;
  readonly sarif: string | undefined;
}

export async function runAction(env: Env, io: ActionIo, deps: ActionDeps = {}): Promise<number> {
  let inputs: ActionInputs | undefined;
  try {
    inputs = readActionInputs(env);
    const workspace = env.GITHUB_WORKSPACE;
    if (workspace === undefined || workspace === '') throw new ActionError('GITHUB_WORKSPACE is not set: run this as a step of a GitHub Actions job');
    const event = readPullRequestEvent(env.GITHUB_EVENT_NAME, env.GITHUB_EVENT_PATH);
    io.stdout.write(`hunkwise: reviewing pull request #${event.number}, ${event.baseSha.slice(0, 7)}...${event.headSha.slice(0, 7)}\n`);
    await checkCommits(new Git(workspace, env), workspace, event);
    const review = await reviewPullRequest(env, workspace, event, inputs, deps);
    return report(env, io, workspace, event, inputs, review);
  } catch (error) {
    const message = error instanceof ActionError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    io.stdout.write(annotationCommand('error', { title: 'hunkwise' }, message));
    writeStepFiles(env, renderErrorSummary(message), { findings: '0', conclusion: 'error' });
    return EXIT_ERROR;
  }
}

/** Turns git's silence about a shallow checkout into the one setting that fixes it. */
async function checkCommits(git: Git, workspace: string, event: PullRequestEvent): Promise<void> {
  try {
    await git.repoRoot();
  } catch {
    throw new ActionError(
      `GITHUB_WORKSPACE (${workspace}) is not a git repository: add an actions/checkout step with \`fetch-depth: 0\` before hunkwise`,
    );
  }
  const shallowHint =
    'actions/checkout fetches a single commit by default; set `fetch-depth: 0` on it so hunkwise can diff the pull request against its merge base';
  for (const [which, sha] of [
    ['base', event.baseSha],
    ['head', event.headSha],
  ] as const) {
    if ((await git.resolveCommit(sha)) === undefined) {
      throw new ActionError(`the checkout does not have the pull request's ${which} commit ${sha.slice(0, 7)}: ${shallowHint}`);
    }
  }
  if ((await git.mergeBase(event.baseSha, event.headSha)) === undefined) {
    throw new ActionError(`the checkout has no merge base of the pull request's base and head (shallow history?): ${shallowHint}`);
  }
}

async function reviewPullRequest(
  env: Env,
  workspace: string,
  event: PullRequestEvent,
  inputs: ActionInputs,
  deps: ActionDeps,
): Promise<Review> {
  // One engine for both runs: the rules are compiled once.
  const base = deps.cli ?? { createEngine: () => createEngine() };
  let engine: ReturnType<CliDeps['createEngine']> | undefined;
  const cliDeps: CliDeps = { createEngine: () => (engine ??= base.createEngine()) };
  const args = ['review', '--base', event.baseSha, '--head', event.headSha];
  // The CLI knows low/medium/high; `none` (never fail) is the action's, decided below.
  if (inputs.failOn !== 'none') args.push('--fail-on', inputs.failOn);

  const json = await runCli([...args, '--format', 'json'], workspace, env, cliDeps);
  let parsed: z.infer<typeof reviewJson>;
  try {
    parsed = reviewJson.parse(JSON.parse(json.stdout) as unknown);
  } catch {
    throw new ActionError(`hunkwise review failed (exit ${json.code})${json.stderr === '' ? '' : `: ${firstLine(json.stderr)}`}`);
  }
  const sarif = await runCli([...args, '--format', 'sarif'], workspace, env, cliDeps);
  const stderr = sarif.stderr === json.stderr ? json.stderr : json.stderr + sarif.stderr;
  return {
    findings: parsed.findings,
    errors: parsed.errors,
    code: Math.max(json.code, sarif.code),
    stderr,
    sarif: sarif.stdout.trim() === '' ? undefined : sarif.stdout,
  };
}

async function runCli(argv: readonly string[], cwd: string, env: Env, deps: CliDeps): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd, env }, deps);
  return { code, stdout, stderr };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0].replace(/^hunkwise: /, '');
}

function report(env: Env, io: ActionIo, workspace: string, event: PullRequestEvent, inputs: ActionInputs, review: Review): number {
  const wanted = (p: string): boolean => inputs.paths.length === 0 || matchesAnyGlob(p, inputs.paths);
  const findings = review.findings.filter((f) => wanted(f.path));
  const errors = review.errors.filter((e) => wanted(e.path));

  // What the CLI wrote to stderr can quote file names: shown, never read as commands.
  io.stdout.write(inertLog(review.stderr));

  let sarifPath: string | undefined;
  let problem: string | undefined;
  if (review.sarif !== undefined) {
    sarifPath = path.resolve(workspace, inputs.sarifFile);
    mkdirSync(path.dirname(sarifPath), { recursive: true });
    writeFileSync(sarifPath, inputs.paths.length === 0 ? review.sarif : filterSarif(review.sarif, wanted));
  } else {
    problem = 'The SARIF report could not be produced; see the log.';
  }
  if (review.code === EXIT_ERROR) {
    problem = 'Some files were not analysed (a time or memory limit, or a crash), so the review is incomplete; see the log.';
  }

  const failOn: FailOn = inputs.failOn;
  const blocking = blockingCount(findings, failOn);
  const code = review.code === EXIT_ERROR || review.sarif === undefined ? EXIT_ERROR : blocking > 0 ? EXIT_FINDINGS : EXIT_OK;
  const incomplete = errors.some((e) => e.kind !== 'binary');
  const conclusion: ActionConclusion =
    code === EXIT_ERROR ? 'error' : decideConclusion({ onAddedLines: findings, failOn, incomplete });

  let annotations = 0;
  for (const f of findings) {
    if (annotations++ >= MAX_ANNOTATIONS) break;
    const cwe = f.cwe.length > 0 ? ` [${f.cwe.join(', ')}]` : '';
    io.stdout.write(
      annotationCommand(
        LEVEL[f.severity],
        { file: f.path, line: f.line, endLine: f.endLine, col: f.column, endColumn: f.endColumn, title: `hunkwise ${f.ruleId} (${f.severity})` },
        `${f.message}${cwe}`,
      ),
    );
  }
  for (const e of errors) {
    if (annotations++ >= MAX_ANNOTATIONS) break;
    io.stdout.write(annotationCommand('warning', { file: e.path, line: e.line, title: 'hunkwise: not fully analysed' }, `${e.kind}: ${e.message}`));
  }
  if (findings.length + errors.length > MAX_ANNOTATIONS) {
    io.stdout.write(`hunkwise: ${MAX_ANNOTATIONS} annotations shown; the job summary lists all ${findings.length} findings.\n`);
  }

  const summary = renderJobSummary({
    pullNumber: event.number,
    mergeRange: `${event.baseSha.slice(0, 7)}...${event.headSha.slice(0, 7)}`,
    failOn,
    conclusion,
    findings,
    errors,
    paths: inputs.paths,
    problem,
    blobUrl: blobUrl(env, event.headSha),
  });
  const outputs: Record<string, string> = { findings: String(findings.length), conclusion };
  if (sarifPath !== undefined) outputs['sarif-file'] = sarifPath;
  writeStepFiles(env, summary, outputs);
  io.stdout.write(`hunkwise: ${findings.length} finding(s) on added lines, ${blocking} at or above fail-on ${failOn}; conclusion: ${conclusion}\n`);
  return code;
}

/** `https://github.com/owner/repo/blob/<sha>` from the runner's variables, when they look right. */
function blobUrl(env: Env, sha: string): string | undefined {
  const server = env.GITHUB_SERVER_URL;
  const repo = env.GITHUB_REPOSITORY;
  if (server === undefined || repo === undefined || !/^https:\/\/[^\s/]+$/.test(server) || !/^[\w.-]+\/[\w.-]+$/.test(repo)) return undefined;
  return `${server}/${repo}/blob/${sha}`;
}

function writeStepFiles(env: Env, summary: string, outputs: Readonly<Record<string, string>>): void {
  const summaryFile = env.GITHUB_STEP_SUMMARY;
  if (summaryFile !== undefined && summaryFile !== '') appendFileSync(summaryFile, summary);
  const outputFile = env.GITHUB_OUTPUT;
  if (outputFile !== undefined && outputFile !== '') writeOutputs(outputFile, outputs);
}
