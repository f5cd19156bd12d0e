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
import { BLOBS_PER_QUERY, MAX_LISTED_FILES, type ChangedFile, type GitHubGateway, type ReviewState } from '../github/gateway.js';
import { errorMessage } from '../github/github-errors.js';
import type { RequestCounter } from '../github/request-counter.js';
import {
  renderCrashOutput,
  renderDraftSkippedOutput,
  renderInProgressOutput,
  renderSupersededOutput,
  renderWaitingForGitHubOutput,
} from '../render/check-summary.js';
import {
  checkRunUrl,
  notInlineReasons,
  renderCheckRun,
  reviewBodyFor,
  reviewCommentDraft,
  type CommentContext,
} from '../render/github-review.js';
import type { Conclusion } from '../review/conclusion.js';
import type { ReviewPlan } from '../review/plan-review.js';
import { postedThreadsOf } from '../review/posted-threads.js';
import { reviewChange, type ChangeSource, type ReviewedChange } from '../review/review-change.js';
import { asGitHubUnavailable } from '../github/github-unavailable.js';
import { UNAVAILABLE_ATTEMPTS } from './review-retry.js';
import { externalIdFor } from './external-id.js';
import { resolveFixedThreads } from './resolve-fixed-threads.js';
import type { CurrentHead, ReviewJob } from './review-job.js';

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
  readonly clock: () => number;
  readonly started: number;
}

// ── step 1 ────────────────────────────────────────────────────────────────

async function startCheckRun(ctx: JobContext): Promise<number> {
  // The external id lets check_run.rerequested find the pull request even when GitHub's
  // `pull_requests` list is empty (a pull request from a fork).
  const { id, resumed } = await ctx.gh.openCheckRun({
    headSha: ctx.job.headSha,
    externalId: externalIdFor(ctx.job.pull),
    output: renderInProgressOutput(),
  });
  if (resumed) ctx.log.info({ checkRunId: id }, 'resuming an unfinished check run');
  return id;
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
  readonly posted: number;
  /** Fingerprint → why the finding is not an inline comment of this run. */
  readonly notInline: ReadonlyMap<string, string>;
}

async function postReview(ctx: JobContext, plan: ReviewPlan, pullRequestId: string, configuration: Configuration, checkUrl: string): Promise<PostResult> {
  const notInline = notInlineReasons(plan, configuration.config.max_comments);
  const context = commentContext(configuration, ctx.deps);
  const outcomes = await ctx.gh.postReview(ctx.job.pull, {
    commitId: ctx.job.headSha,
    pullRequestId,
    comments: plan.toPost.map((c) => reviewCommentDraft(c, context)),
    body: (posted) => reviewBodyFor(plan, posted.map((i) => plan.toPost[i]), checkUrl, context),
    onEvent: (event, error) =>
      ctx.log.warn(
        { err: error },
        event === 'refused-as-one' ? 'GitHub refused the review (422); adding its comments one by one' : 'fallback review failed; all new findings go to the summary',
      ),
  });
  let posted = 0;
  outcomes.forEach((outcome, i) => {
    if (outcome.posted) posted++;
    else for (const fp of plan.toPost[i].fingerprints) notInline.set(fp, outcome.reason);
  });
  return { posted, notInline };
}

function commentContext(configuration: Configuration, deps: ReviewJobDeps): CommentContext {
  const { rulesById, builtinIds, config } = configuration;
  return { rulesById, builtinIds, docsBaseUrl: deps.docsBaseUrl, failOn: config.fail_on };
}

// ── step 10 ───────────────────────────────────────────────────────────────

async function completeCheckRun(
  ctx: JobContext,
  checkRunId: number,
  reviewed: ReviewedChange,
  posting: PostResult & { readonly resolved: number },
  configuration: Configuration,
): Promise<Conclusion> {
  const { job } = ctx;
  const { conclusion, output, annotations } = renderCheckRun({
    reviewed,
    posting,
    links: { webBaseUrl: ctx.deps.webBaseUrl, owner: job.owner, repo: job.repo, headSha: job.headSha },
    configWarnings: configuration.warnings,
    configRuleErrors: configuration.ruleErrors,
  });
  await ctx.gh.completeCheckRun(checkRunId, { conclusion, output, annotations });
  return conclusion;
}

// ── the job ───────────────────────────────────────────────────────────────

export async function runReviewJob(job: ReviewJob, deps: ReviewJobDeps): Promise<ReviewJobOutcome> {
  const clock = deps.clock ?? Date.now;
  const log = deps.log.child({ repo: `${job.owner}/${job.repo}`, pull: job.pull, sha: job.headSha, delivery: job.deliveryId });
  const ctx: JobContext = { job, deps, gh: deps.gateway, log, clock, started: clock() };
  let checkRunId: number | undefined;
  try {
    checkRunId = await startCheckRun(ctx); // 1
    return await reviewInto(ctx, checkRunId); // 2-10
  } catch (error) {
    return endAfterError(ctx, error, checkRunId);
  }
}

async function reviewInto(ctx: JobContext, checkRunId: number): Promise<ReviewJobOutcome> {
  const { job, deps, clock } = ctx;
  const configuration = await loadConfiguration(ctx); // 2
  if (job.trigger.kind === 'pull_request' && job.trigger.draft && !configuration.config.review_drafts) {
    await ctx.gh.updateCheckRun(checkRunId, { conclusion: 'skipped', output: renderDraftSkippedOutput() });
    return finish(ctx, { status: 'skipped-draft', checkRunId, posted: 0, resolved: 0 });
  }
  const { source, state } = await listChanges(ctx, configuration.config); // 3
  // 4 fetch, 5 scan, 6 classify against the diff (and against the base: moved code), 7 plan
  const reviewed = await reviewChange({
    source,
    configuration,
    runner: deps.runner,
    deadline: clock() + (deps.jobTimeBudgetMs ?? DEFAULT_JOB_TIME_BUDGET_MS),
    clock,
  });
  const moved = await headMovedTo(ctx); // 8
  if (moved !== undefined) return closeSuperseded(ctx, checkRunId, moved);

  const checkUrl = checkRunUrl({ webBaseUrl: deps.webBaseUrl, owner: job.owner, repo: job.repo }, checkRunId);
  const posting = await postReview(ctx, reviewed.plan, state()?.pullRequestId ?? '', configuration, checkUrl); // 9
  const resolved = await resolveFixedThreads(ctx.gh, job, reviewed.plan.fixed, ctx.log);
  const conclusion = await completeCheckRun(ctx, checkRunId, reviewed, { ...posting, resolved }, configuration); // 10
  await acknowledgeRecheck(ctx);
  return finish(
    ctx,
    { status: 'completed', checkRunId, conclusion, posted: posting.posted, resolved },
    {
      files: reviewed.filesAnalysed,
      skipped: reviewed.skipped.length,
      onAddedLines: reviewed.onAddedLines.length,
      preExisting: reviewed.preExisting.length,
      outsideDiff: reviewed.outsideDiff.length,
      alreadyPosted: reviewed.plan.alreadyPosted.length,
      notInline: posting.notInline.size,
    },
  );
}

/**
 * This head is not the pull request's any more: close its check without posting, and name the
 * real head, which the queue makes sure is reviewed (its own webhook's job may have been
 * replaced by a late one for an older head, this one).
 */
async function closeSuperseded(ctx: JobContext, checkRunId: number, moved: { current?: CurrentHead }): Promise<ReviewJobOutcome> {
  await ctx.gh.updateCheckRun(checkRunId, { conclusion: 'neutral', output: renderSupersededOutput(ctx.job.headSha) });
  const currentHead = moved.current === undefined ? {} : { currentHead: moved.current };
  return finish(ctx, { status: 'superseded', checkRunId, conclusion: 'neutral', posted: 0, resolved: 0, ...currentHead });
}

/**
 * GitHub unavailable (not the last attempt): the queue runs the review again later and the
 * check run says it waits (the retry takes it over; the stranded-run sweeper closes it at
 * last). Anything else: the check run ends as failure, visibly.
 */
async function endAfterError(ctx: JobContext, error: unknown, checkRunId: number | undefined): Promise<ReviewJobOutcome> {
  const { job, deps, log } = ctx;
  const run = checkRunId === undefined ? {} : { checkRunId };
  const unavailable = asGitHubUnavailable(error);
  const lastAttempt = (job.unavailableAttempts ?? 0) + 1 >= (deps.outageAttempts ?? UNAVAILABLE_ATTEMPTS);
  if (unavailable !== undefined && !lastAttempt) {
    log.warn({ status: unavailable.status, retryAfterMs: unavailable.retryAfterMs }, 'GitHub is unavailable; the review will be retried');
    if (checkRunId !== undefined) {
      await ctx.gh
        .updateCheckRun(checkRunId, { status: 'in_progress', output: renderWaitingForGitHubOutput() })
        .catch(() => log.warn('could not tell the check run that the review waits for GitHub'));
    }
    const retryAfter = unavailable.retryAfterMs === undefined ? {} : { retryAfterMs: unavailable.retryAfterMs };
    return finish(ctx, { status: 'unavailable', ...run, posted: 0, resolved: 0, ...retryAfter });
  }
  log.error({ err: error }, 'review job crashed');
  if (checkRunId !== undefined) {
    await ctx.gh
      .updateCheckRun(checkRunId, { conclusion: 'failure', output: renderCrashOutput(errorMessage(error)) })
      .catch((e: unknown) => log.error({ err: e }, 'could not mark the check run as failed'));
  }
  return finish(ctx, { status: 'crashed', ...run, posted: 0, resolved: 0 });
}

/** One info line per finished job, with its counts and duration. */
function finish(ctx: JobContext, outcome: ReviewJobOutcome, counts: Record<string, number> = {}): ReviewJobOutcome {
  ctx.log.info(
    {
      status: outcome.status,
      conclusion: outcome.conclusion,
      trigger: ctx.job.trigger.kind,
      posted: outcome.posted,
      resolved: outcome.resolved,
      currentHead: outcome.currentHead?.headSha,
      ...counts,
      requests: ctx.deps.requests?.total,
      durationMs: ctx.clock() - ctx.started,
    },
    'review job finished',
  );
  return outcome;
}

async function acknowledgeRecheck(ctx: JobContext): Promise<void> {
  if (ctx.job.trigger.kind !== 'recheck') return;
  await ctx.gh
    .addReaction(ctx.job.trigger.commentId, 'rocket')
    .catch((error: unknown) => ctx.log.warn({ err: error }, 'could not react to the /recheck comment'));
}
