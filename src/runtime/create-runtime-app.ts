/**
 * What `npm start` and `npm run worker` share: the engine's thread pool, the app with its
 * queue (BullMQ when REDIS_URL is set, in-process otherwise), the configured
 * Octokit class, and a shutdown that lets running reviews finish.
 */
import type { Logger } from 'pino';
import type { ProbotOctokit } from 'probot';
import { createHunkwiseApp, readSettings, type HunkwiseApp } from '../app.js';
import { loadBuiltinRules, parseRuleFile } from '../engine/index.js';
import { createEnginePool } from '../engine-pool/engine-pool.js';
import { readEngineThreads } from '../engine-pool/read-engine-threads.js';
import { createBullmqReviewQueue, type BullmqReviewQueue } from '../jobs/bullmq-review-queue.js';
import { createHunkwiseOctokit } from './create-hunkwise-octokit.js';
import type { HunkwiseMetrics } from './metrics.js';
import type { RuntimeSettings } from './read-runtime-settings.js';
import { withDeadline } from './with-deadline.js';

/**
 * After the shutdown deadline: the forced BullMQ close and the engine threads'
 * end get this long each (Redis may be down), inside Docker's 10 s with the 8 s default.
 */
export const AFTER_DEADLINE_MS = 500;
/**
 * In-process, the end of the shutdown deadline kept for closing the check runs of
 * reviews that did not finish (two GitHub requests each, in parallel), so that
 * none is left "in progress" with nothing left to finish it.
 */
export const INTERRUPT_RESERVE_MS = 2_000;

export interface RuntimeApp {
  readonly hunkwise: HunkwiseApp;
  /** For `run()` / `createProbot()`: retries, timeouts, rate limits, token renewal. */
  readonly Octokit: typeof ProbotOctokit;
  readonly mode: 'in-process' | 'redis';
  /**
   * Stops taking reviews and waits for this process's running ones, at most
   * `deadlineMs` (default: no limit). Past it, one line is logged, BullMQ's
   * worker is closed by force (its jobs go back to the queue once their locks
   * expire) and in-process reviews are abandoned; then the engine threads stop.
   */
  shutdown(deadlineMs?: number): Promise<void>;
}

export async function createRuntimeApp(options: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly settings: RuntimeSettings;
  readonly log: Logger;
  /** Review in this process (false: a webhook receiver that only enqueues; Redis mode only). */
  readonly runWorker: boolean;
  /** Counts reviews, engine results, GitHub requests and the queue depth (GET /metrics). */
  readonly metrics?: HunkwiseMetrics;
}): Promise<RuntimeApp> {
  const { settings, log } = options;
  // The engine runs in worker threads, never on the event loop that answers webhooks.
  const pool = createEnginePool({ rules: loadBuiltinRules(), threads: readEngineThreads(options.env) });
  const appSettings = readSettings(options.env);
  let bullmq: BullmqReviewQueue | undefined;
  const redisUrl = settings.redisUrl;
  if (redisUrl === undefined && !options.runWorker) {
    log.warn('HUNKWISE_WORKER=false needs REDIS_URL (a shared queue); reviewing in this process instead');
  }
  const hunkwise = createHunkwiseApp({
    runner: pool,
    parseRuleFile,
    settings: appSettings,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    ...(redisUrl === undefined
      ? {}
      : {
          createQueue: (process, queueLog, sweep) => {
            bullmq = createBullmqReviewQueue({
              redisUrl,
              log: queueLog,
              tuning: { ...settings.queue, unavailable: appSettings.outage },
              ...(options.runWorker ? { worker: { process, concurrency: appSettings.concurrency, sweep } } : {}),
            });
            return bullmq;
          },
        }),
  });
  return {
    hunkwise,
    Octokit: createHunkwiseOctokit(settings.github, options.metrics),
    mode: redisUrl === undefined ? 'in-process' : 'redis',
    shutdown: async (deadlineMs = Number.POSITIVE_INFINITY) => {
      const queue = bullmq;
      try {
        const work = queue === undefined ? hunkwise.drain() : queue.close();
        // Redis hands cut reviews to another worker, which takes their check runs over: no reserve needed.
        const reserve = queue === undefined ? Math.min(INTERRUPT_RESERVE_MS, deadlineMs / 4) : 0;
        const outcome = Number.isFinite(deadlineMs) ? await withDeadline(work, deadlineMs - reserve) : (await work, 'done');
        if (outcome === 'timeout') {
          log.warn(
            { deadlineMs },
            queue === undefined
              ? 'shutdown deadline reached: closing the check runs of unfinished reviews as failure (comment /recheck to retry)'
              : 'shutdown deadline reached: closing the queue by force; running reviews go back to Redis when their locks expire',
          );
          if (queue !== undefined) await withDeadline(queue.close(true), AFTER_DEADLINE_MS).catch(() => undefined);
          else {
            const closing = hunkwise.interruptRunning();
            if ((await withDeadline(closing, reserve).catch(() => 'done')) === 'timeout') {
              log.warn('GitHub did not answer in time: check runs of unfinished reviews may stay in progress until the next run for their pull request');
            }
          }
        }
      } finally {
        await withDeadline(pool.close(), AFTER_DEADLINE_MS).catch(() => undefined);
      }
    },
  };
}
