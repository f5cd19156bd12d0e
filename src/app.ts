/**
 * Wires the pieces: webhook handlers → review queue → review job, with the
 * engine runner and a GitHub gateway per job. No review logic lives here.
 */
import type { ApplicationFunction, Probot, ProbotOctokit } from 'probot';
import type { Logger } from 'pino';
import type { ParseRuleFile } from './config/repository-rules.js';
import type { Engine } from './engine/engine-api.js';
import { createInThreadRunner } from './engine-pool/in-thread-runner.js';
import type { EngineRunner } from './engine-pool/engine-runner.js';
import { createOctokitGateway } from './github/octokit-gateway.js';
import { countRequests } from './github/request-counter.js';
import { handleCheckRunRerequested } from './handlers/handle-check-run-rerequested.js';
import { handleCheckSuiteRerequested } from './handlers/handle-check-suite-rerequested.js';
import { handlePullRequest, PULL_REQUEST_EVENTS } from './handlers/handle-pull-request.js';
import { handleRecheckComment } from './handlers/handle-recheck-comment.js';
import type { HandlerDeps } from './handlers/handler-deps.js';
import { pullRequestKeyText } from './jobs/queue-policy.js';
import type { ReviewJob } from './jobs/review-job.js';
import { createInProcessReviewQueue, DEFAULT_CONCURRENCY, type ReviewQueue } from './jobs/review-queue.js';
import { runReviewJob, type ReviewJobOutcome } from './jobs/run-review-job.js';
import { DEFAULT_UNAVAILABLE_RETRY_LIMITS, type UnavailableRetryLimits } from './jobs/review-retry.js';
import { closeStrandedCheckRun, sweepTargetOf, type SweepStrandedCheckRun } from './jobs/stranded-check-run.js';
import { HUNKWISE_REPOSITORY_URL } from './render/rule-docs.js';
import type { HunkwiseMetrics } from './runtime/metrics.js';
import { observeEngineRunner } from './runtime/observe-engine-runner.js';
import { observeReviews } from './runtime/observe-reviews.js';
import { checkRunPayload, checkSuitePayload, issueCommentPayload, payloadProblems, pullRequestPayload } from './webhooks/payload-schemas.js';
import type { WebhookInput } from './handlers/webhook-input.js';
import type { z } from 'zod';

export const DEFAULT_DOCS_URL = `${HUNKWISE_REPOSITORY_URL}/blob/main/docs/rules/`;

export interface Settings {
  /** Base of the rule docs; `<base><rule-id>.md`. */
  readonly docsBaseUrl: string;
  /** Web root for links to lines: https://github.com, or the GitHub Enterprise Server host. */
  readonly webBaseUrl: string;
  readonly concurrency: number;
  /** How often, and how far apart, a review is run again while GitHub is unavailable. */
  readonly outage: UnavailableRetryLimits;
}

/** Settings from the environment (see .env.example). */
export function readSettings(env: Readonly<Record<string, string | undefined>>): Settings {
  const docs = env.HUNKWISE_DOCS_URL?.trim() || DEFAULT_DOCS_URL;
  const concurrency = Number.parseInt(env.HUNKWISE_CONCURRENCY ?? '', 10);
  const host = env.GHE_HOST?.trim();
  const outageAttempts = Number.parseInt(env.HUNKWISE_OUTAGE_ATTEMPTS ?? '', 10);
  const outageBackoffMs = Number.parseInt(env.HUNKWISE_OUTAGE_BACKOFF_MS ?? '', 10);
  const outage = DEFAULT_UNAVAILABLE_RETRY_LIMITS;
  return {
    docsBaseUrl: docs.endsWith('/') ? docs : `${docs}/`,
    webBaseUrl: host ? `${env.GHE_PROTOCOL?.trim() || 'https'}://${host}` : 'https://github.com',
    concurrency: Number.isFinite(concurrency) && concurrency > 0 ? concurrency : DEFAULT_CONCURRENCY,
    outage: {
      ...outage,
      attempts: Number.isSafeInteger(outageAttempts) && outageAttempts > 0 ? outageAttempts : outage.attempts,
      backoffMs: Number.isSafeInteger(outageBackoffMs) && outageBackoffMs > 0 ? outageBackoffMs : outage.backoffMs,
    },
  };
}

/**
 * The engine: a runner (the worker-thread pool; the App's runtime creates it) or,
 * for tests, an Engine run on this thread.
 */
export type EngineChoice =
  | { readonly runner: EngineRunner; readonly engine?: undefined }
  | { readonly engine: Engine; readonly runner?: undefined };

export type HunkwiseAppOptions = EngineChoice & {
  readonly parseRuleFile: ParseRuleFile;
  readonly settings: Settings;
  /**
   * A different queue (e.g. BullMQ on Redis); the in-process one by default.
   * `process` resolves with the job's outcome so such a queue can retry a crashed run,
   * and queue the review of the head a superseded run found.
   */
  readonly createQueue?: (
    process: (job: ReviewJob) => Promise<ReviewJobOutcome>,
    log: Logger,
    /** Closes a check run a review left unfinished (stranded-check-run.ts); the queue schedules it. */
    sweep: SweepStrandedCheckRun,
  ) => ReviewQueue;
  /** Where reviews, engine results and the queue depth are counted (GET /metrics); none when absent. */
  readonly metrics?: HunkwiseMetrics;
};

export interface HunkwiseApp {
  readonly app: ApplicationFunction;
  /** Waits until every queued review has finished (tests, graceful shutdown). */
  drain(): Promise<void>;
  /**
   * Shutdown past its deadline, in-process: completes the check run of each
   * review still running in this process as failure, "could not finish: comment
   * /recheck to retry" (the stranded-run sweep, now), so none is left spinning.
   * Resolves with how many it closed; a sweep GitHub refuses is logged.
   */
  interruptRunning(): Promise<number>;
}

interface WebhookContext {
  readonly name: string;
  readonly id: string;
  readonly payload: unknown;
  readonly octokit: ProbotOctokit;
  readonly log: Logger;
}

/** Runs a handler on the payload its schema accepts, typed; logs and ignores any other. */
function validated<P>(schema: z.ZodType<P>, handle: (input: WebhookInput<P>) => Promise<void>): (context: WebhookContext) => Promise<void> {
  return async (context) => {
    const parsed = schema.safeParse(context.payload);
    if (!parsed.success) {
      context.log.warn({ event: context.name, invalid: payloadProblems(parsed.error) }, 'webhook payload lacks required fields; ignored');
      return;
    }
    await handle({ id: context.id, payload: parsed.data, octokit: context.octokit, log: context.log });
  };
}

export function createHunkwiseApp(options: HunkwiseAppOptions): HunkwiseApp {
  let queue: ReviewQueue | undefined;
  const metrics = options.metrics;
  const engineRunner = options.runner !== undefined ? options.runner : createInThreadRunner(options.engine);
  const runner = metrics === undefined ? engineRunner : observeEngineRunner(engineRunner, metrics);
  const observer = metrics === undefined ? undefined : observeReviews(metrics);
  /** Reviews running in this process, for interruptRunning. */
  const running = new Set<ReviewJob>();
  let sweepNow: SweepStrandedCheckRun | undefined;
  let appLog: Logger | undefined;

  const app = (probot: Probot): void => {
    const review = async (job: ReviewJob): Promise<ReviewJobOutcome> => {
      const octokit = await probot.auth(job.installationId);
      return runReviewJob(job, {
        gateway: createOctokitGateway(octokit, job),
        requests: countRequests(octokit),
        runner,
        parseRuleFile: options.parseRuleFile,
        log: probot.log,
        docsBaseUrl: options.settings.docsBaseUrl,
        webBaseUrl: options.settings.webBaseUrl,
        outageAttempts: options.settings.outage.attempts,
      });
    };
    const observed = observer?.process(review) ?? review;
    const process = async (job: ReviewJob): Promise<ReviewJobOutcome> => {
      running.add(job);
      try {
        return await observed(job);
      } finally {
        running.delete(job);
      }
    };
    const sweep: SweepStrandedCheckRun = async (target) =>
      closeStrandedCheckRun(createOctokitGateway(await probot.auth(target.installationId), target), target);
    sweepNow = sweep;
    appLog = probot.log;
    const q =
      options.createQueue?.(process, probot.log, sweep) ??
      createInProcessReviewQueue({
        concurrency: options.settings.concurrency,
        process,
        log: probot.log,
        sweep,
        timing: { unavailable: options.settings.outage },
      });
    queue = q;
    if (metrics !== undefined && q.depth !== undefined) metrics.observeQueueDepth(() => q.depth?.() ?? 0);
    const deps: HandlerDeps = { queue: observer?.queue(q) ?? q, gatewayFor: createOctokitGateway };

    probot.on([...PULL_REQUEST_EVENTS], validated(pullRequestPayload, (input) => handlePullRequest(input, deps)));
    probot.on('issue_comment.created', validated(issueCommentPayload, (input) => handleRecheckComment(input, deps)));
    probot.on('check_run.rerequested', validated(checkRunPayload, (input) => handleCheckRunRerequested(input, deps)));
    probot.on('check_suite.rerequested', validated(checkSuitePayload, (input) => handleCheckSuiteRerequested(input, deps)));
  };

  return {
    app,
    drain: () => queue?.drain() ?? Promise.resolve(),
    async interruptRunning() {
      const sweep = sweepNow;
      if (sweep === undefined) return 0;
      const results = await Promise.allSettled(
        [...running].map(async (job) => {
          const result = await sweep(sweepTargetOf(job));
          appLog?.warn({ key: pullRequestKeyText(job), sha: job.headSha, result }, 'shutdown: closed the check run of an unfinished review');
          return result;
        }),
      );
      for (const r of results) if (r.status === 'rejected') appLog?.error({ err: r.reason }, 'shutdown: could not close the check run of an unfinished review');
      return results.filter((r) => r.status === 'fulfilled' && r.value !== 'finished-already').length;
    },
  };
}
