/**
 * The review job: the I/O shell around the pure stages, in the numbered steps
 * of DESIGN.md section 1, one function each. It talks to GitHub only through
 * the gateway and never throws: a failure ends the check run as failure.
 */
import type { Logger } from 'pino';
import { classifyPath } from '../config/classify-path.js';
import { CUSTOM_RULES_DIR, type HunkwiseConfig } from '../config/config-schema.js';
import type { ParseRuleFile } from '../config/repository-rules.js';
import { resolveConfiguration, type ResolvedConfiguration } from '../config/resolve-configuration.js';
import { anchorFor, classifyFindings, parsePatch, type Hunk, type ReviewAnchor } from '../diff/index.js';
import { DEFAULT_JOB_TIME_BUDGET_MS, type EngineRunner } from '../engine-pool/engine-runner.js';
import type { Rule } from '../engine/rule-schema.js';
import type { Finding } from '../engine/types.js';
import {
  BLOBS_PER_QUERY,
  errorMessage,
  httpStatusOf,
  MAX_LISTED_FILES,
  type ChangedFile,
  type CheckAnnotation,
  type CheckConclusion,
  type CheckRunOutput,
  type GitHubGateway,
  type NewReviewComment,
} from '../github/gateway.js';
import type { RequestCounter } from '../github/request-counter.js';
import {
  renderCheckSummary,
  renderCrashOutput,
  renderDraftSkippedOutput,
  renderInProgressOutput,
  renderSupersededOutput,
  type LinkedFinding,
  type SkippedFile,
} from '../render/check-summary.js';
import { annotationText } from '../render/annotation.js';
import { renderReviewComment } from '../render/review-comment.js';
import { renderReviewBody } from '../render/review-body.js';
import { encodePathSegments } from '../render/markdown-text.js';
import { decideConclusion, type Conclusion } from '../review/conclusion.js';
import { extractFingerprints, fingerprintFindings } from '../review/fingerprint.js';
import { compareByImportance, planReview, type Candidate, type PostedThread, type ReviewPlan } from '../review/plan-review.js';
import { asGitHubUnavailable } from '../github/github-unavailable.js';
import { UNAVAILABLE_ATTEMPTS } from './review-retry.js';
import { renderWaitingForGitHubOutput } from './check-run-notices.js';
import { externalIdFor } from './external-id.js';
import type { CurrentHead, ReviewJob } from './review-job.js';

/** The Checks API takes at most 50 annotations per request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Each 50 annotations cost a request; past this many the summary and the code serve readers better. */
export const MAX_ANNOTATIONS = 1000;

export interface ReviewJobDeps {
  readonly gateway: GitHubGateway;
  /**
   * Runs the engine (the worker-thread pool in the App) with the built-in rules;
   * a repository's own rules are added per job. It holds each file's deadline.
   */
  readonly runner: EngineRunner;
  /** The engine time one review may use in total; default DEFAULT_JOB_TIME_BUDGET_MS. */
  readonly jobTimeBudgetMs?: number;
  readonly parseRuleFile: ParseRuleFile;
  readonly log: Logger;
  /** Base of the rule docs, ending in `/`: `<base><rule-id>.md`. */
  readonly docsBaseUrl: string;
  /** The web host's root, for links to lines (`https://github.com` or the GHE host). */
  readonly webBaseUrl: string;
  readonly requests?: RequestCounter;
  readonly clock?: () => number;
  /**
   * Runs a review may take while GitHub is unavailable (the queue's limit); the last one ends
   * its check run as failure itself rather than wait for the stranded-run sweeper.
   */
  readonly outageAttempts?: number;
}

/** `unavailable`: GitHub failed the run (an outage, a long rate limit); the queue runs it again later. */
export type ReviewJobStatus = 'completed' | 'superseded' | 'skipped-draft' | 'crashed' | 'unavailable';

export interface ReviewJobOutcome {
  readonly status: ReviewJobStatus;
  readonly checkRunId?: number;
  readonly conclusion?: Conclusion;
  readonly posted: number;
  readonly resolved: number;
  /**
   * `superseded`: the open pull request's head as the run found it. The queue
   * makes sure that head is reviewed: the job that moved it may have been lost
   * (a late webhook for an old head replaced it).
   */
  readonly currentHead?: CurrentHead;
  /** `unavailable`: how long GitHub asked to wait (Retry-After), when it said. */
  readonly retryAfterMs?: number;
}

interface JobContext {
  readonly job: ReviewJob;
  readonly deps: ReviewJobDeps;
  readonly gh: GitHubGateway;
  readonly log: Logger;
}

// ── step 1 ────────────────────────────────────────────────────────────────

async function startCheckRun(ctx: JobContext): Promise<number> {
  const { headSha, pull } = ctx.job;
  // Lets check_run.rerequested find the pull request even when GitHub's
  // `pull_requests` list is empty (a pull request from a fork).
  const externalId = externalIdFor(pull);
  const output = renderInProgressOutput();
  // A worker killed mid-job left its check run in progress; the retry takes it
  // over rather than leave it spinning forever next to a new one.
  try {
    const leftOver = await ctx.gh.findUnfinishedCheckRun({ headSha, externalId });
    if (leftOver !== undefined) {
      await ctx.gh.updateCheckRun(leftOver, { status: 'in_progress', output });
      ctx.log.info({ checkRunId: leftOver }, 'resuming an unfinished check run');
      return leftOver;
    }
  } catch (error) {
    ctx.log.warn({ err: error }, 'could not look for an unfinished check run; creating one');
  }
  return ctx.gh.createCheckRun({ headSha, externalId, output });
}

// ── step 2 ────────────────────────────────────────────────────────────────

interface Configuration extends ResolvedConfiguration {
  readonly rulesById: ReadonlyMap<string, Rule>;
}

async function loadConfiguration(ctx: JobContext): Promise<Configuration> {
  const [loaded, ruleFiles] = await Promise.all([
    ctx.gh.loadConfig(),
    ctx.gh.loadRuleFiles().catch((error: unknown) => {
      // An outage is retried with the whole review; reviewing without the repository's rules is not.
      if (asGitHubUnavailable(error) !== undefined) throw error;
      ctx.log.warn({ err: error }, 'could not list repository rules');
      return null;
    }),
  ]);
  const resolved = resolveConfiguration({
    raw: loaded.raw,
    ruleFiles: ruleFiles ?? [],
    builtin: ctx.deps.runner,
    parseRuleFile: ctx.deps.parseRuleFile,
  });
  return {
    ...resolved,
    rulesById: new Map(resolved.rules.map((r) => [r.id, r])),
    warnings: [...(loaded.error === undefined ? [] : [`${loaded.error}; using the defaults.`]), ...resolved.warnings],
    ruleErrors: [
      ...(ruleFiles === null ? [`Could not read the repository rules in ${CUSTOM_RULES_DIR}; built-in rules only.`] : []),
      ...resolved.ruleErrors,
    ],
  };
}

// ── step 3 ────────────────────────────────────────────────────────────────

interface FileSelection {
  readonly toReview: readonly ChangedFile[];
  readonly skipped: readonly SkippedReport[];
  readonly changedPaths: ReadonlySet<string>;
  /** GitHub's list stopped at its ceiling: some changed files were never seen. */
  readonly truncated: boolean;
}

/** A skipped file, and whether its absence makes the analysis incomplete. */
interface SkippedReport extends SkippedFile {
  readonly incomplete: boolean;
}

async function listReviewableFiles(ctx: JobContext, config: HunkwiseConfig): Promise<FileSelection> {
  const { files, truncated } = await ctx.gh.listChangedFiles(ctx.job.pull);
  const toReview: ChangedFile[] = [];
  const skipped: SkippedReport[] = [];
  for (const file of files) {
    const kind = classifyPath(file.path, config);
    if (kind === 'other') continue;
    if (file.status === 'removed') skipped.push({ path: file.path, reason: 'removed by this change', incomplete: false });
    else if (kind === 'excluded') skipped.push({ path: file.path, reason: 'excluded by `exclude`', incomplete: false });
    else toReview.push(file);
  }
  return { toReview, skipped, changedPaths: new Set(files.map((f) => f.path)), truncated };
}

// ── step 4 ────────────────────────────────────────────────────────────────

interface FetchedSource {
  readonly file: ChangedFile;
  readonly content: string | Uint8Array;
}

async function fetchContents(
  ctx: JobContext,
  files: readonly ChangedFile[],
  config: HunkwiseConfig,
): Promise<{ sources: FetchedSource[]; skipped: SkippedReport[] }> {
  const fetched = await ctx.gh.fetchFiles(
    files.map((f) => ({ path: f.path, blobSha: f.blobSha })),
    ctx.job.headSha,
    config.max_file_bytes,
  );
  const sources: FetchedSource[] = [];
  const skipped: SkippedReport[] = [];
  fetched.forEach((result, i) => {
    const file = files[i];
    switch (result.kind) {
      case 'content':
        sources.push({ file, content: result.content });
        break;
      case 'binary':
        skipped.push({ path: file.path, reason: 'binary file', incomplete: false });
        break;
      case 'too-large':
        skipped.push({
          path: file.path,
          reason: `${result.byteSize} bytes, over \`max_file_bytes\` (${config.max_file_bytes})`,
          incomplete: true,
        });
        break;
      case 'error':
        skipped.push({ path: file.path, reason: result.message, incomplete: true });
        break;
    }
  });
  return { sources, skipped };
}

// ── step 5 ────────────────────────────────────────────────────────────────

interface ScannedFile {
  readonly file: ChangedFile;
  readonly findings: readonly Finding[];
  /**
   * Analysed whole, without any error: only then is a finding missing from it
   * really gone, so only then may a thread on it be resolved as fixed.
   */
  readonly complete: boolean;
}

interface ScanOutcome {
  readonly scanned: ScannedFile[];
  readonly skipped: SkippedReport[];
  readonly ruleErrors: string[];
}

/** The engine runs in the runner's threads, which hold each file's deadline and heap cap. */
async function scanFiles(
  ctx: JobContext,
  sources: readonly FetchedSource[],
  configuration: Configuration,
  deadline: number,
): Promise<ScanOutcome> {
  const scanned: ScannedFile[] = [];
  const skipped: SkippedReport[] = [];
  const ruleErrors: string[] = [];
  const clock = ctx.deps.clock ?? Date.now;
  const outcomes = await ctx.deps.runner.scanFiles(
    sources.map(({ file, content }) => ({ path: file.path, content })),
    {
      extraRules: configuration.repositoryRules,
      maxBytes: configuration.config.max_file_bytes,
      timeBudgetMs: Math.max(0, deadline - clock()),
    },
  );
  outcomes.forEach((outcome, i) => {
    const { file } = sources[i];
    if (outcome.kind === 'not-analysed') {
      skipped.push({ path: file.path, reason: outcome.message, incomplete: true });
      return;
    }
    const result = outcome.result;
    for (const e of result.errors) {
      if (e.kind === 'rule') {
        ruleErrors.push(`\`${e.ruleId ?? 'unknown rule'}\` failed on ${e.path}${e.line === undefined ? '' : `:${e.line}`}: ${e.message}`);
      }
    }
    const problem = result.errors.find((e) => e.kind !== 'rule');
    if (!result.analysed) {
      // A binary file is skipped on purpose; anything else unanalysed leaves a gap.
      skipped.push({ path: file.path, reason: problem?.message ?? 'could not be analysed', incomplete: problem?.kind !== 'binary' });
      return;
    }
    if (problem !== undefined) {
      // Analysed in part (a syntax error, a timeout): findings may be missing.
      skipped.push({ path: file.path, reason: `partly analysed: ${problem.message}`, incomplete: true });
    } else if (result.errors.length > 0) {
      // A rule that threw saw nothing of this file: its findings may be missing.
      skipped.push({ path: file.path, reason: 'partly analysed: a rule failed on this file (see the rule errors)', incomplete: true });
    }
    const findings = result.findings
      .map((f) => configuration.policy.apply(f))
      .filter((f): f is Finding => f !== null);
    scanned.push({ file, findings, complete: result.errors.length === 0 });
  });
  return { scanned, skipped, ruleErrors };
}

/**
 * Steps 4 and 5 in batches of one GraphQL query: only one batch of file
 * contents is held at a time, so 3000 one-megabyte files do not need 3 GB.
 * The engine time of the whole review is bounded by `deadline`.
 */
async function fetchAndScan(
  ctx: JobContext,
  files: readonly ChangedFile[],
  configuration: Configuration,
  deadline: number,
): Promise<ScanOutcome> {
  const scanned: ScannedFile[] = [];
  const skipped: SkippedReport[] = [];
  const ruleErrors: string[] = [];
  for (let i = 0; i < files.length; i += BLOBS_PER_QUERY) {
    const fetched = await fetchContents(ctx, files.slice(i, i + BLOBS_PER_QUERY), configuration.config);
    const scan = await scanFiles(ctx, fetched.sources, configuration, deadline);
    scanned.push(...scan.scanned);
    skipped.push(...fetched.skipped, ...scan.skipped);
    ruleErrors.push(...scan.ruleErrors);
  }
  return { scanned, skipped, ruleErrors };
}

// ── step 6 ────────────────────────────────────────────────────────────────

interface ClassifiedFile {
  readonly file: ChangedFile;
  readonly onAddedLines: readonly Candidate[];
  readonly outsideDiff: readonly Finding[];
  /** Every finding's fingerprint, wherever it stands. */
  readonly fingerprints: readonly string[];
  /** Findings in a file whose diff is unknown: we cannot tell whether the change added them. */
  readonly diffUnknown: boolean;
}

function hunksOf(file: ChangedFile, notes: string[]): readonly Hunk[] | null {
  if (file.patch === undefined) return null;
  try {
    return parsePatch(file.patch);
  } catch (error) {
    notes.push(`Could not read GitHub's diff of \`${file.path}\` (${errorMessage(error)}); its findings are listed here only.`);
    return null;
  }
}

function sameRange(anchor: ReviewAnchor, line: number, endLine: number): boolean {
  return (anchor.startLine ?? anchor.line) === line && anchor.line === endLine;
}

function classifyAgainstDiff(scanned: readonly ScannedFile[], notes: string[]): ClassifiedFile[] {
  return scanned.map(({ file, findings }) => {
    const fingerprinted = fingerprintFindings(findings);
    const byFinding = new Map(fingerprinted.map((f) => [f.finding, f.fingerprint]));
    const hunks = hunksOf(file, notes);
    const diffUnknown = hunks === null && file.status !== 'added' && findings.length > 0;
    if (diffUnknown && file.patch === undefined) {
      notes.push(`GitHub sent no diff for \`${file.path}\` (too large); its findings are listed here, not inline.`);
    }
    // A new file without a patch is still all added lines; it just cannot carry comments.
    const classified =
      hunks === null && file.status === 'added'
        ? { onAddedLines: [...findings], inContext: [], elsewhere: [] }
        : classifyFindings(findings, hunks);
    const onAddedLines = classified.onAddedLines.map((finding): Candidate => {
      const fingerprint = byFinding.get(finding) ?? '';
      const fix = finding.fix;
      if (fix !== undefined) {
        const fixAnchor = anchorFor(hunks, fix.line, fix.endLine);
        if (fixAnchor !== null && sameRange(fixAnchor, fix.line, fix.endLine)) {
          return { finding, fingerprint, anchor: fixAnchor, suggestion: true };
        }
      }
      return { finding, fingerprint, anchor: anchorFor(hunks, finding.line, finding.endLine), suggestion: false };
    });
    return {
      file,
      onAddedLines,
      outsideDiff: [...classified.inContext, ...classified.elsewhere],
      fingerprints: fingerprinted.map((f) => f.fingerprint),
      diffUnknown,
    };
  });
}

// ── step 7 ────────────────────────────────────────────────────────────────

/**
 * The threads this App started, with the markers of their first comment (the
 * inline comment hunkwise wrote). A thread anyone else started (another app's
 * bot, a person quoting a marker) is never read, replied to or resolved; a
 * comment by anyone but this App in our thread leaves the thread to people.
 */
function postedThreadsOf(state: Awaited<ReturnType<GitHubGateway['getReviewState']>>): PostedThread[] {
  const threads: PostedThread[] = [];
  for (const t of state.threads) {
    const first = t.comments[0];
    if (first === undefined || !first.byThisApp) continue;
    const fingerprints = extractFingerprints(first.body);
    if (fingerprints.length === 0) continue;
    threads.push({
      threadId: t.id,
      path: t.path,
      fingerprints,
      isResolved: t.isResolved,
      hasHumanReply: t.moreComments || t.comments.some((c) => !c.byThisApp),
    });
  }
  return threads;
}

async function planReviewStep(
  ctx: JobContext,
  classified: readonly ClassifiedFile[],
  analysedPaths: ReadonlySet<string>,
  changedPaths: ReadonlySet<string>,
  config: HunkwiseConfig,
): Promise<{ plan: ReviewPlan; pullRequestId: string }> {
  // Read the markers right before planning: what an earlier (or racing) run posted is never posted again.
  const state = await ctx.gh.getReviewState(ctx.job.pull);
  const plan = planReview({
    onAddedLines: classified.flatMap((c) => c.onAddedLines),
    currentFingerprints: new Set(classified.flatMap((c) => c.fingerprints)),
    postedThreads: postedThreadsOf(state),
    analysedPaths,
    changedPaths,
    maxComments: config.max_comments,
  });
  return { plan, pullRequestId: state.pullRequestId };
}

// ── step 8 ────────────────────────────────────────────────────────────────

/** Undefined while the job's head is the pull request's; else where it moved (no `current` once closed). */
async function headMovedTo(ctx: JobContext): Promise<{ current?: CurrentHead } | undefined> {
  const pr = await ctx.gh.getPullRequest(ctx.job.pull);
  if (pr.headSha === ctx.job.headSha) return undefined;
  // A closed pull request needs no review of its new head.
  return pr.state === 'open' ? { current: { headSha: pr.headSha, draft: pr.draft } } : {};
}

// ── step 9 ────────────────────────────────────────────────────────────────

interface PostResult {
  readonly posted: readonly Candidate[];
  /** Fingerprint → why the finding is not an inline comment of this run. */
  readonly notInline: ReadonlyMap<string, string>;
}

function docsUrlFor(ruleId: string, configuration: Configuration, deps: ReviewJobDeps): string | undefined {
  return configuration.builtinIds.has(ruleId) ? `${deps.docsBaseUrl}${ruleId}.md` : undefined;
}

function toComment(c: Candidate, configuration: Configuration, deps: ReviewJobDeps, singleLine: boolean): NewReviewComment {
  const anchor = c.anchor ?? { line: c.finding.line };
  const multi = anchor.startLine !== undefined && !singleLine;
  const body = renderReviewComment({
    finding: c.finding,
    rule: configuration.rulesById.get(c.finding.ruleId),
    fingerprint: c.fingerprint,
    docsUrl: docsUrlFor(c.finding.ruleId, configuration, deps),
    // A suggestion over several lines is wrong on a one-line anchor.
    suggestion: c.suggestion && (multi || anchor.startLine === undefined),
  });
  return { path: c.finding.path, line: anchor.line, ...(multi ? { startLine: anchor.startLine } : {}), body };
}


async function postReview(
  ctx: JobContext,
  plan: ReviewPlan,
  pullRequestId: string,
  configuration: Configuration,
  checkUrl: string,
): Promise<PostResult> {
  const notInline = new Map<string, string>();
  for (const c of plan.overCap) notInline.set(c.fingerprint, `over the limit of ${configuration.config.max_comments} comments per review`);
  for (const c of plan.unanchored) notInline.set(c.fingerprint, 'the diff shown by GitHub does not include this line');
  for (const c of plan.hygiene) notInline.set(c.fingerprint, 'low-severity hygiene: listed here, not as a review comment');
  if (plan.toPost.length === 0) return { posted: [], notInline };

  const comments = plan.toPost.map((c) => toComment(c, configuration, ctx.deps, false));
  try {
    await ctx.gh.createReview(ctx.job.pull, { commitId: ctx.job.headSha, body: renderReviewBody(comments.length, checkUrl), comments });
    return { posted: plan.toPost, notInline };
  } catch (error) {
    if (httpStatusOf(error) !== 422) throw error;
    ctx.log.warn({ err: error }, 'GitHub refused the review (422); adding its comments one by one');
  }
  return postThreadByThread(ctx, plan.toPost, pullRequestId, configuration, checkUrl, notInline);
}

/**
 * The 422 fallback: a pending review gets one thread per comment, so GitHub
 * tells which anchor it refuses. A refused multi-line comment is tried once
 * more on its last line alone; what is still refused goes to the summary.
 * The rest is posted as one review: the review is never lost.
 */
async function postThreadByThread(
  ctx: JobContext,
  candidates: readonly Candidate[],
  pullRequestId: string,
  configuration: Configuration,
  checkUrl: string,
  notInline: Map<string, string>,
): Promise<PostResult> {
  let reviewId: string | undefined;
  try {
    reviewId = await ctx.gh.startPendingReview(pullRequestId, ctx.job.headSha);
    const first = await ctx.gh.addPendingThreads(reviewId, candidates.map((c) => toComment(c, configuration, ctx.deps, false)));
    const posted: Candidate[] = [];
    const retry: Candidate[] = [];
    candidates.forEach((c, i) => {
      if (first[i].ok) posted.push(c);
      else if (c.anchor?.startLine !== undefined) retry.push(c);
      else notInline.set(c.fingerprint, `GitHub refused the line (${first[i].message ?? 'HTTP 422'})`);
    });
    if (retry.length > 0) {
      const second = await ctx.gh.addPendingThreads(reviewId, retry.map((c) => toComment(c, configuration, ctx.deps, true)));
      retry.forEach((c, i) => {
        if (second[i].ok) posted.push(c);
        else notInline.set(c.fingerprint, `GitHub refused the lines (${second[i].message ?? 'HTTP 422'})`);
      });
    }
    if (posted.length === 0) {
      await ctx.gh.deletePendingReview(reviewId);
    } else {
      await ctx.gh.submitPendingReview(reviewId, renderReviewBody(posted.length, checkUrl));
    }
    return { posted, notInline };
  } catch (error) {
    ctx.log.warn({ err: error }, 'fallback review failed; all new findings go to the summary');
    if (reviewId !== undefined) await ctx.gh.deletePendingReview(reviewId).catch(() => undefined);
    for (const c of candidates) if (!notInline.has(c.fingerprint)) notInline.set(c.fingerprint, 'GitHub refused the review comment');
    return { posted: [], notInline };
  }
}

/** Tries at replying to and resolving fixed threads; each re-reads the threads first. */
const RESOLVE_ATTEMPTS = 3;

/**
 * Replies "fixed" to and resolves each fixed thread exactly once, under
 * retries: the mutation is never re-sent blindly (a lost answer would post the
 * reply twice); each try first re-reads the threads and skips one already
 * resolved, replies only where our reply is missing, and leaves alone a thread
 * someone answered meanwhile. A retried job does the same.
 */
async function resolveFixedThreads(ctx: JobContext, fixed: readonly PostedThread[]): Promise<number> {
  if (fixed.length === 0) return 0;
  const reply = `✅ Fixed in ${ctx.job.headSha.slice(0, 7)}.`;
  const wanted = new Set(fixed.map((t) => t.threadId));
  for (let attempt = 1; attempt <= RESOLVE_ATTEMPTS; attempt++) {
    let done = 0;
    try {
      const state = await ctx.gh.getReviewState(ctx.job.pull);
      const ours = new Set(postedThreadsOf(state).filter((t) => !t.hasHumanReply).map((t) => t.threadId));
      const todo: { threadId: string; reply?: string }[] = [];
      for (const t of state.threads) {
        if (!wanted.has(t.id) || !ours.has(t.id)) continue;
        if (t.isResolved) {
          done++;
          continue;
        }
        const replied = t.comments.some((c) => c.byThisApp && c.body.trim() === reply);
        todo.push(replied ? { threadId: t.id } : { threadId: t.id, reply });
      }
      if (todo.length > 0) await ctx.gh.resolveThreads(todo);
      return done + todo.length;
    } catch (error) {
      const last = attempt === RESOLVE_ATTEMPTS;
      ctx.log.warn({ attempt, status: httpStatusOf(error) }, last ? 'could not resolve fixed threads' : 'resolving fixed threads failed; looking again');
      if (last) return done;
    }
  }
  return 0;
}

// ── step 10 ───────────────────────────────────────────────────────────────

const LEVEL = { high: 'failure', medium: 'warning', low: 'notice' } as const;

function annotationFor(f: Finding): CheckAnnotation {
  const sameLine = f.line === f.endLine;
  return {
    path: f.path,
    start_line: f.line,
    end_line: Math.max(f.line, f.endLine),
    // GitHub takes columns only on a one-line annotation; its end column is inclusive.
    ...(sameLine ? { start_column: f.column, end_column: Math.max(f.column, f.endColumn - 1) } : {}),
    annotation_level: LEVEL[f.severity],
    // Plain text from the pull request: on its lines, no control characters, within GitHub's bounds.
    ...annotationText(f),
  };
}

async function completeCheckRun(
  ctx: JobContext,
  checkRunId: number,
  conclusion: CheckConclusion,
  output: CheckRunOutput,
  annotations: readonly CheckAnnotation[],
): Promise<void> {
  const chunks: CheckAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    chunks.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  // Annotations append across updates; the last update completes the run.
  for (const chunk of chunks.slice(0, -1)) {
    await ctx.gh.updateCheckRun(checkRunId, { output: { ...output, annotations: chunk } });
  }
  const last = chunks.at(-1);
  await ctx.gh.updateCheckRun(checkRunId, { conclusion, output: last === undefined ? output : { ...output, annotations: last } });
}

// ── the job ───────────────────────────────────────────────────────────────

function lineUrl(ctx: JobContext, f: Finding): string {
  const { owner, repo, headSha } = ctx.job;
  const lines = f.endLine > f.line ? `#L${f.line}-L${f.endLine}` : `#L${f.line}`;
  return `${ctx.deps.webBaseUrl}/${owner}/${repo}/blob/${headSha}/${encodePathSegments(f.path)}${lines}`;
}

export async function runReviewJob(job: ReviewJob, deps: ReviewJobDeps): Promise<ReviewJobOutcome> {
  const clock = deps.clock ?? Date.now;
  const started = clock();
  const log = deps.log.child({ repo: `${job.owner}/${job.repo}`, pull: job.pull, sha: job.headSha, delivery: job.deliveryId });
  const ctx: JobContext = { job, deps, gh: deps.gateway, log };
  let checkRunId: number | undefined;
  const finish = (outcome: ReviewJobOutcome, counts: Record<string, number> = {}): ReviewJobOutcome => {
    log.info(
      {
        status: outcome.status,
        conclusion: outcome.conclusion,
        trigger: job.trigger.kind,
        posted: outcome.posted,
        resolved: outcome.resolved,
        currentHead: outcome.currentHead?.headSha,
        ...counts,
        requests: deps.requests?.total,
        durationMs: clock() - started,
      },
      'review job finished',
    );
    return outcome;
  };

  try {
    checkRunId = await startCheckRun(ctx); // 1
    const configuration = await loadConfiguration(ctx); // 2
    const { config } = configuration;
    if (job.trigger.kind === 'pull_request' && job.trigger.draft && !config.review_drafts) {
      await ctx.gh.updateCheckRun(checkRunId, { conclusion: 'skipped', output: renderDraftSkippedOutput() });
      return finish({ status: 'skipped-draft', checkRunId, posted: 0, resolved: 0 });
    }
    const selection = await listReviewableFiles(ctx, config); // 3
    const scanDeadline = clock() + (deps.jobTimeBudgetMs ?? DEFAULT_JOB_TIME_BUDGET_MS);
    const scan = await fetchAndScan(ctx, selection.toReview, configuration, scanDeadline); // 4 + 5
    const notes = selection.truncated
      ? [`GitHub lists at most ${MAX_LISTED_FILES} files of a pull request; files past that were not reviewed.`]
      : [];
    const classified = classifyAgainstDiff(scan.scanned, notes); // 6
    // Only a file analysed whole can show that a finding is gone: a thread on any other stays open.
    const analysedPaths = new Set(scan.scanned.filter((s) => s.complete).map((s) => s.file.path));
    const { plan, pullRequestId } = await planReviewStep(ctx, classified, analysedPaths, selection.changedPaths, config); // 7

    const moved = await headMovedTo(ctx); // 8
    if (moved !== undefined) {
      // This head is not the pull request's any more: close its check without posting, and name
      // the real head, which the queue makes sure is reviewed (its own webhook's job may have
      // been replaced by a late one for an older head, this one).
      await ctx.gh.updateCheckRun(checkRunId, { conclusion: 'neutral', output: renderSupersededOutput(job.headSha) });
      const currentHead = moved.current === undefined ? {} : { currentHead: moved.current };
      return finish({ status: 'superseded', checkRunId, conclusion: 'neutral', posted: 0, resolved: 0, ...currentHead });
    }

    const checkUrl = `${deps.webBaseUrl}/${job.owner}/${job.repo}/runs/${checkRunId}`;
    const posting = await postReview(ctx, plan, pullRequestId, configuration, checkUrl); // 9
    const resolved = await resolveFixedThreads(ctx, plan.fixed);

    // 10
    const onAdded = classified.flatMap((c) => c.onAddedLines);
    const outside = classified.flatMap((c) => c.outsideDiff);
    const skipped = [...selection.skipped, ...scan.skipped];
    const incomplete = selection.truncated || skipped.some((s) => s.incomplete) || classified.some((c) => c.diffUnknown);
    const conclusion = decideConclusion({ onAddedLines: onAdded.map((c) => c.finding), failOn: config.fail_on, incomplete });
    const linked = (f: Finding, notInline?: string): LinkedFinding => ({
      finding: f,
      url: lineUrl(ctx, f),
      ...(notInline === undefined ? {} : { notInline }),
    });
    const annotated = [...onAdded.map((c) => c.finding), ...outside];
    if (annotated.length > MAX_ANNOTATIONS) {
      notes.push(`${annotated.length} findings: the first ${MAX_ANNOTATIONS} (those on added lines first) are annotated.`);
    }
    const annotations = annotated.slice(0, MAX_ANNOTATIONS).map(annotationFor);
    const output = renderCheckSummary({
      headSha: job.headSha,
      conclusion,
      failOn: config.fail_on,
      filesAnalysed: scan.scanned.length,
      incomplete,
      onAddedLines: [...onAdded]
        .sort((a, b) => compareByImportance(a.finding, b.finding))
        .map((c) => linked(c.finding, posting.notInline.get(c.fingerprint))),
      outsideDiff: [...outside].sort(compareByImportance).map((f) => linked(f)),
      skippedFiles: skipped.map(({ path, reason, incomplete: cut }) => ({ path, reason, incomplete: cut })),
      notes,
      configWarnings: configuration.warnings,
      ruleErrors: [...configuration.ruleErrors, ...scan.ruleErrors],
      posted: posting.posted.length,
      alreadyPosted: plan.alreadyPosted.length,
      resolved,
    });
    await completeCheckRun(ctx, checkRunId, conclusion, output, annotations);
    await acknowledgeRecheck(ctx);
    return finish(
      { status: 'completed', checkRunId, conclusion, posted: posting.posted.length, resolved },
      {
        files: scan.scanned.length,
        skipped: skipped.length,
        onAddedLines: onAdded.length,
        outsideDiff: outside.length,
        alreadyPosted: plan.alreadyPosted.length,
        notInline: posting.notInline.size,
      },
    );
  } catch (error) {
    const unavailable = asGitHubUnavailable(error);
    const lastAttempt = (job.unavailableAttempts ?? 0) + 1 >= (deps.outageAttempts ?? UNAVAILABLE_ATTEMPTS);
    if (unavailable !== undefined && !lastAttempt) {
      // Not the pull request's fault: the queue runs the review again later. The check run stays
      // in progress meanwhile (the retry takes it over; the stranded-run sweeper closes it at last).
      log.warn({ status: unavailable.status, retryAfterMs: unavailable.retryAfterMs }, 'GitHub is unavailable; the review will be retried');
      if (checkRunId !== undefined) {
        await ctx.gh
          .updateCheckRun(checkRunId, { status: 'in_progress', output: renderWaitingForGitHubOutput() })
          .catch(() => log.warn('could not tell the check run that the review waits for GitHub'));
      }
      const retryAfter = unavailable.retryAfterMs === undefined ? {} : { retryAfterMs: unavailable.retryAfterMs };
      return finish({ status: 'unavailable', ...(checkRunId === undefined ? {} : { checkRunId }), posted: 0, resolved: 0, ...retryAfter });
    }
    log.error({ err: error }, 'review job crashed');
    if (checkRunId !== undefined) {
      await ctx.gh
        .updateCheckRun(checkRunId, { conclusion: 'failure', output: renderCrashOutput(errorMessage(error)) })
        .catch((e: unknown) => log.error({ err: e }, 'could not mark the check run as failed'));
    }
    return finish({ status: 'crashed', ...(checkRunId === undefined ? {} : { checkRunId }), posted: 0, resolved: 0 });
  }
}

async function acknowledgeRecheck(ctx: JobContext): Promise<void> {
  if (ctx.job.trigger.kind !== 'recheck') return;
  await ctx.gh
    .addReaction(ctx.job.trigger.commentId, 'rocket')
    .catch((error: unknown) => ctx.log.warn({ err: error }, 'could not react to the /recheck comment'));
}
