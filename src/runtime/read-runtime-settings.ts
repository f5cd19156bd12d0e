/**
 * How this process runs, from the environment (see .env.example): which queue,
 * whether it reviews or only receives webhooks, and the GitHub client's limits.
 */
import { DEFAULT_QUEUE_TUNING, type QueueTuning } from '../jobs/bullmq-review-queue.js';
import { DEFAULT_GITHUB_CLIENT_SETTINGS, type GitHubClientSettings } from './create-hunkwise-octokit.js';

export interface RuntimeSettings {
  /** BullMQ on this Redis when set; the in-process queue otherwise. */
  readonly redisUrl?: string;
  /** `npm start` also reviews unless HUNKWISE_WORKER=false (a receiver in front of separate workers). */
  readonly runWorker: boolean;
  readonly queue: QueueTuning;
  readonly github: GitHubClientSettings;
  /** SIGTERM/SIGINT: running reviews get this long to finish before they are cut (or handed back to Redis). */
  readonly shutdownMs: number;
  /** GET /metrics on a port of its own (the only HTTP a worker serves); on the webhook port when absent. */
  readonly metricsPort?: number;
  /** A scrape must send `Authorization: Bearer <this>` when set. */
  readonly metricsToken?: string;
}

/**
 * Docker (and Kubernetes' default grace period is 30 s) kills 10 s after SIGTERM;
 * 8 s leaves room for the forced close and the engine threads after the deadline.
 */
export const DEFAULT_SHUTDOWN_MS = 8_000;

type Env = Readonly<Record<string, string | undefined>>;

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(raw);
}

export function readRuntimeSettings(env: Env): RuntimeSettings {
  const redisUrl = env.REDIS_URL?.trim();
  const rawMetricsPort = env.METRICS_PORT?.trim();
  const metricsPort = rawMetricsPort && /^\d{1,5}$/.test(rawMetricsPort) && Number(rawMetricsPort) <= 65_535 ? Number(rawMetricsPort) : undefined;
  const metricsToken = env.METRICS_TOKEN?.trim();
  const q = DEFAULT_QUEUE_TUNING;
  const g = DEFAULT_GITHUB_CLIENT_SETTINGS;
  return {
    ...(redisUrl ? { redisUrl } : {}),
    runWorker: flag(env, 'HUNKWISE_WORKER', true),
    queue: {
      ...q,
      lockDurationMs: positiveInt(env, 'HUNKWISE_JOB_LOCK_MS', q.lockDurationMs),
      stalledIntervalMs: positiveInt(env, 'HUNKWISE_STALLED_INTERVAL_MS', q.stalledIntervalMs),
      attempts: positiveInt(env, 'HUNKWISE_JOB_ATTEMPTS', q.attempts),
      backoffMs: positiveInt(env, 'HUNKWISE_JOB_BACKOFF_MS', q.backoffMs),
    },
    github: {
      ...g,
      timeoutMs: positiveInt(env, 'HUNKWISE_GITHUB_TIMEOUT_MS', g.timeoutMs),
      retries: positiveInt(env, 'HUNKWISE_GITHUB_RETRIES', g.retries),
      retryBaseMs: positiveInt(env, 'HUNKWISE_GITHUB_RETRY_BASE_MS', g.retryBaseMs),
    },
    shutdownMs: positiveInt(env, 'HUNKWISE_SHUTDOWN_MS', DEFAULT_SHUTDOWN_MS),
    ...(metricsPort === undefined ? {} : { metricsPort }),
    ...(metricsToken ? { metricsToken } : {}),
  };
}
