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
import type { RuntimeSettings } from './read-runtime-settings.js';

export interface RuntimeApp {
  readonly hunkwise: HunkwiseApp;
  /** For `run()` / `createProbot()`: retries, timeouts, rate limits, token renewal. */
  readonly Octokit: typeof ProbotOctokit;
  readonly mode: 'in-process' | 'redis';
  /** Stops taking reviews and waits for this process's running ones. */
  shutdown(): Promise<void>;
}

export async function createRuntimeApp(options: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly settings: RuntimeSettings;
  readonly log: Logger;
  /** Review in this process (false: a webhook receiver that only enqueues; Redis mode only). */
  readonly runWorker: boolean;
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
    Octokit: createHunkwiseOctokit(settings.github),
    mode: redisUrl === undefined ? 'in-process' : 'redis',
    shutdown: async () => {
      try {
        await (bullmq === undefined ? hunkwise.drain() : bullmq.close());
      } finally {
        await pool.close();
      }
    },
  };
}
