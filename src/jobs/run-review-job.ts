/**
 * The review job: the I/O shell around the pure stages, in the numbered steps
 * of DESIGN.md section 1, one function each. It talks to GitHub only through
 * the gateway and never throws: a failure ends the check run as failure.
 */
import type { Logger } from 'pino';
import { CUSTOM_RULES_DIR, type HunkwiseConfig } from '../config/config-schema.js';
import type { ParseRuleFile } from '../config/repository-rules.js';
import { resolveConfiguration, type ResolvedConfiguration } from '../config/resolve-configuration.js';
import { DEFAULT_JOB_TIME_BUDGET_MS, type EngineRunner } from '../engine-pool/engine-runner.js';
import type { Rule } from '../engine/rule-schema.js';
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
  type ReviewState,
} from '../github/gateway.js';
import type { RequestCounter } from '../github/request-counter.js';
import {
  renderCrashOutput,
  renderDraftSkippedOutput,
  renderInProgressOutput,
  renderSupersededOutput,
} from '../render/check-summary.js';
import {
  notInlineReasons,
  renderCheckRun,
  reviewBodyFor,
  toReviewComment,
  type CommentContext,
} from '../render/github-review.js';
import type { Conclusion } from '../review/conclusion.js';
import { extractFingerprints } from '../review/fingerprint.js';
import type { Concern, PostedThread, ReviewPlan } from '../review/plan-review.js';
import { reviewChange, type ChangeSource } from '../review/review-change.js';
import { asGitHubUnavailable } from '../github/github-unavailable.js';
import { UNAVAILABLE_ATTEMPTS } from './review-retry.js';
import { renderWaitingForGitHubOutput } from './check-run-notices.js';
import { externalIdFor } from './external-id.js';
import type { CurrentHead, ReviewJob } from './review-job.js';

/** The Checks API takes at most 50 annotations per request. */
export const ANNOTATIONS_PER_REQUEST = 50;
export { MAX_ANNOTATIONS } from '../render/github-review.js';

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

// ── step 3 (and how steps 4-7 read the pull request) ─────────────────────

/**
 * The pull request as a change source for the review pipeline. The pipeline
 * decides what to read and when (head contents a batch of one GraphQL query at
 * a time, so 3000 one-megabyte files never need 3 GB; base contents only when
 * some finding lands on an added line); this says how, through the gateway.
 */
async function listChanges(ctx: JobContext, config: HunkwiseConfig): Promise<{ source: ChangeSource<ChangedFile>; state: () => ReviewState | undefined }> {
  const { files, truncated } = await ctx.gh.listChangedFiles(ctx.job.pull);
  let baseSha: Promise<string> | undefined;
  let state: ReviewState | undefined;
  const source: ChangeSource<ChangedFile> = {
    files,
    ...(truncated ? { truncated: `GitHub lists at most ${MAX_LISTED_FILES} files of a pull request; files past that were not reviewed.` } : {}),
    batchSize: BLOBS_PER_QUERY,
    noDiffNote: (path) => `GitHub sent no diff for \`${path}\` (too large); its findings are listed here, not inline.`,
    // 4: head contents, by blob for the REST fallback.
    readHead: (batch) =>
      ctx.gh.fetchFiles(
        batch.map((f) => ({ path: f.path, blobSha: f.blobSha })),
        ctx.job.headSha,
        config.max_file_bytes,
      ),
    // 6b: the base versions of the touched files, at the pull request's base commit (one more request for it).
    readBase: async (paths) => {
      baseSha ??= ctx.gh.getPullRequest(ctx.job.pull).then((pr) => pr.baseSha);
      let sha: string;
      try {
        sha = await baseSha;
      } catch (error) {
        // An outage is retried with the whole review; otherwise the base vouches for nothing.
        if (asGitHubUnavailable(error) !== undefined) throw error;
        ctx.log.warn({ err: error }, 'could not read the base commit; moved findings read as new');
        return paths.map(() => ({ kind: 'error', message: 'the base commit could not be read' }) as const);
      }
      return ctx.gh.fetchFiles(paths.map((path) => ({ path, blobSha: '' })), sha, config.max_file_bytes);
    },
    // 7: the markers of earlier runs, read right before planning.
    postedThreads: async () => {
      state = await ctx.gh.getReviewState(ctx.job.pull);
      return postedThreadsOf(state);
    },
  };
  return { source, state: () => state };
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
  readonly posted: readonly Concern[];
  /** Fingerprint → why the finding is not an inline comment of this run. */
  readonly notInline: ReadonlyMap<string, string>;
}

async function postReview(
  ctx: JobContext,
  plan: ReviewPlan,
  pullRequestId: string,
  configuration: Configuration,
  checkUrl: string,
): Promise<PostResult> {
  const notInline = notInlineReasons(plan, configuration.config.max_comments);
  if (plan.toPost.length === 0) return { posted: [], notInline };

  const comments = plan.toPost.map((c) => toReviewComment(c, commentContext(configuration, ctx.deps)));
  try {
    await ctx.gh.createReview(ctx.job.pull, { commitId: ctx.job.headSha, body: reviewBodyFor(plan, plan.toPost, checkUrl, commentContext(configuration, ctx.deps)), comments });
    return { posted: plan.toPost, notInline };
  } catch (error) {
    if (httpStatusOf(error) !== 422) throw error;
    ctx.log.warn({ err: error }, 'GitHub refused the review (422); adding its comments one by one');
  }
  return postThreadByThread(ctx, plan, pullRequestId, configuration, checkUrl, notInline);
}

function commentContext(configuration: Configuration, deps: ReviewJobDeps): CommentContext {
  const { rulesById, builtinIds, config } = configuration;
  return { rulesById, builtinIds, docsBaseUrl: deps.docsBaseUrl, failOn: config.fail_on };
}

/**
 * The 422 fallback: a pending review gets one thread per comment, so GitHub
 * tells which anchor it refuses. A refused multi-line comment is tried once
 * more on its last line alone; what is still refused goes to the summary.
 * The rest is posted as one review: the review is never lost.
 */
async function postThreadByThread(
  ctx: JobContext,
  plan: ReviewPlan,
  pullRequestId: string,
  configuration: Configuration,
  checkUrl: string,
  notInline: Map<string, string>,
): Promise<PostResult> {
  const candidates = plan.toPost;
  let reviewId: string | undefined;
  try {
    reviewId = await ctx.gh.startPendingReview(pullRequestId, ctx.job.headSha);
    const first = await ctx.gh.addPendingThreads(reviewId, candidates.map((c) => toReviewComment(c, commentContext(configuration, ctx.deps))));
    const posted: Concern[] = [];
    const retry: Concern[] = [];
    candidates.forEach((c, i) => {
      if (first[i].ok) posted.push(c);
      else if (c.anchor?.startLine !== undefined) retry.push(c);
      else for (const fp of c.fingerprints) notInline.set(fp, `GitHub refused the line (${first[i].message ?? 'HTTP 422'})`);
    });
    if (retry.length > 0) {
      const second = await ctx.gh.addPendingThreads(reviewId, retry.map((c) => toReviewComment(c, commentContext(configuration, ctx.deps), true)));
      retry.forEach((c, i) => {
        if (second[i].ok) posted.push(c);
        else for (const fp of c.fingerprints) notInline.set(fp, `GitHub refused the lines (${second[i].message ?? 'HTTP 422'})`);
      });
    }
    if (posted.length === 0) {
      await ctx.gh.deletePendingReview(reviewId);
    } else {
      await ctx.gh.submitPendingReview(reviewId, reviewBodyFor(plan, posted, checkUrl, commentContext(configuration, ctx.deps)));
    }
    return { posted, notInline };
  } catch (error) {
    ctx.log.warn({ err: error }, 'fallback review failed; all new findings go to the summary');
    if (reviewId !== undefined) await ctx.gh.deletePendingReview(reviewId).catch(() => undefined);
    for (const fp of candidates.flatMap((c) => c.fingerprints)) if (!notInline.has(fp)) notInline.set(fp, 'GitHub refused the review comment');
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
    const { source, state } = await listChanges(ctx, config); // 3
    // 4 fetch, 5 scan, 6 classify against the diff (and against the base: moved code), 7 plan
    const reviewed = await reviewChange({
      source,
      configuration,
      runner: deps.runner,
      deadline: clock() + (deps.jobTimeBudgetMs ?? DEFAULT_JOB_TIME_BUDGET_MS),
      clock,
    });
    const { plan } = reviewed;
    const pullRequestId = state()?.pullRequestId ?? '';

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
    const { conclusion, output, annotations } = renderCheckRun({
      reviewed,
      posting: { posted: posting.posted.length, notInline: posting.notInline, resolved },
      links: { webBaseUrl: deps.webBaseUrl, owner: job.owner, repo: job.repo, headSha: job.headSha },
      configWarnings: configuration.warnings,
      configRuleErrors: configuration.ruleErrors,
    });
    await completeCheckRun(ctx, checkRunId, conclusion, output, annotations);
    await acknowledgeRecheck(ctx);
    return finish(
      { status: 'completed', checkRunId, conclusion, posted: posting.posted.length, resolved },
      {
        files: reviewed.filesAnalysed,
        skipped: reviewed.skipped.length,
        onAddedLines: reviewed.onAddedLines.length,
        preExisting: reviewed.preExisting.length,
        outsideDiff: reviewed.outsideDiff.length,
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
