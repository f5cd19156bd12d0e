import type { Logger } from 'pino';
import { reviewJobKey, reviewJobWork, type ReviewJob } from './review-job.js';

export type EnqueueResult = 'queued' | 'replaced' | 'duplicate';

/**
 * Where handlers put review jobs. The in-process queue below serves one app
 * process; a Redis-backed one (BullMQ) can implement the same interface for
 * several replicas.
 */
export interface ReviewQueue {
  /**
   * `duplicate`: a job for the same pull request and head is queued or running
   * (a run that may stop at "draft" does not count for a ready one).
   * `replaced`: an older head's queued job was dropped for this one.
   */
  enqueue(job: ReviewJob): Promise<EnqueueResult>;
  /** Resolves once nothing is queued or running (tests, shutdown). */
  drain(): Promise<void>;
}

export const DEFAULT_CONCURRENCY = 4;

export interface InProcessQueueOptions {
  /** Jobs running at once across pull requests. */
  readonly concurrency: number;
  readonly process: (job: ReviewJob) => Promise<void>;
  readonly log: Logger;
}

interface Slot {
  running?: ReviewJob;
  pending?: ReviewJob;
}

/**
 * Keyed by pull request: at most one running and one waiting job each, so
 * two runs for one pull request never race (no duplicate comments), and a
 * push during a run queues exactly one follow-up for the newest head.
 */
export function createInProcessReviewQueue(options: InProcessQueueOptions): ReviewQueue {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const slots = new Map<string, Slot>();
  /** Keys with a pending job, in arrival order: fair across pull requests. */
  const ready: string[] = [];
  let active = 0;
  let idleWaiters: (() => void)[] = [];

  const settleIdle = (): void => {
    if (active === 0 && slots.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  const pump = (): void => {
    while (active < concurrency) {
      const index = ready.findIndex((key) => slots.get(key)?.running === undefined);
      if (index === -1) return;
      const [key] = ready.splice(index, 1);
      const slot = slots.get(key);
      const job = slot?.pending;
      if (slot === undefined || job === undefined) continue;
      slot.pending = undefined;
      slot.running = job;
      active++;
      void options
        .process(job)
        .catch((error: unknown) => {
          options.log.error({ err: error, key }, 'review job failed outside its own error handling');
        })
        .finally(() => {
          active--;
          slot.running = undefined;
          if (slot.pending === undefined) slots.delete(key);
          pump();
          settleIdle();
        });
    }
  };

  return {
    async enqueue(job: ReviewJob): Promise<EnqueueResult> {
      const key = reviewJobKey(job);
      const slot = slots.get(key) ?? {};
      slots.set(key, slot);
      const work = reviewJobWork(job);
      const same = (other: ReviewJob | undefined): boolean => other !== undefined && reviewJobWork(other) === work;
      if (same(slot.running) || same(slot.pending)) return 'duplicate';
      const result: EnqueueResult = slot.pending === undefined ? 'queued' : 'replaced';
      slot.pending = job;
      if (result === 'queued') ready.push(key);
      pump();
      return result;
    },

    drain(): Promise<void> {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
  };
}
