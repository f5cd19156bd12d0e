/**
 * What GET /ready answers: ready while this process is not shutting down and,
 * with REDIS_URL, Redis answers a PING in time. The Redis client is its own,
 * created once, with no offline queue: a probe during an outage fails at once
 * instead of piling PINGs up behind the reconnects (as the queue's client,
 * which waits for Redis forever, would).
 */
import { Redis } from 'ioredis';
import { withDeadline } from '../runtime/with-deadline.js';

/** A load balancer probes every few seconds; a Redis slower than this is as good as down. */
export const READY_PING_TIMEOUT_MS = 1_000;
/** Reconnects to a Redis that is down: no faster than this, so probes do not become a flood. */
const RECONNECT_MAX_DELAY_MS = 2_000;

export interface Readiness {
  /** True when this process should get traffic. Never throws. */
  ready(): Promise<boolean>;
  /** From now on not ready (SIGTERM): the load balancer stops sending webhooks here. */
  shuttingDown(): void;
  close(): Promise<void>;
}

export interface ReadinessOptions {
  readonly redisUrl?: string;
  readonly pingTimeoutMs?: number;
}

export function createReadiness(options: ReadinessOptions): Readiness {
  const timeoutMs = options.pingTimeoutMs ?? READY_PING_TIMEOUT_MS;
  let stopping = false;
  let redis: Redis | undefined;
  if (options.redisUrl !== undefined) {
    const client = new Redis(options.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: timeoutMs,
      retryStrategy: (times) => Math.min(times * 200, RECONNECT_MAX_DELAY_MS),
    });
    // The queue's client already logs the outage; this one stays quiet (an unhandled 'error' would be logged by ioredis).
    client.on('error', () => undefined);
    client.connect().catch(() => undefined);
    redis = client;
  }
  /** One PING at a time: simultaneous probes share it. */
  let inFlight: Promise<boolean> | undefined;
  const ping = (client: Redis): Promise<boolean> => {
    inFlight ??= withDeadline(client.ping(), timeoutMs)
      .then((outcome) => outcome === 'done')
      .catch(() => false)
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  return {
    async ready() {
      if (stopping) return false;
      if (redis === undefined) return true;
      return (await ping(redis)) && !stopping;
    },
    shuttingDown() {
      stopping = true;
    },
    async close() {
      stopping = true;
      redis?.disconnect();
    },
  };
}
