import type { Logger } from 'pino';
import { alreadyFinished, finishedWork, followUpOf } from './follow-up-job.js';
import { deliveryTimeOf, reviewJobKey, reviewJobWork, type ReviewJob } from './review-job.js';
import { DEFAULT_UNAVAILABLE_RETRY_LIMITS, unavailableRetryDelayMs, type UnavailableRetryLimits } from './review-retry.js';
import { runClassified, settlesCheckRun } from './run-classified.js';
import type { ReviewJobOutcome } from './run-review-job.js';
import {
  STRANDED_CHECK_RUN_MS,
  SWEEP_ATTEMPTS,
  SWEEP_BACKOFF_MS,
  sweepKey,
  sweepTargetOf,
  type SweepStrandedCheckRun,
  type SweepTarget,
} from './stranded-check-run.js';

export type EnqueueResult = 'queued' | 'replaced' | 'duplicate' | 'stale';

/**
 * Where handlers put review jobs. The in-process queue below serves one app
 * process; a Redis-backed one (BullMQ) can implement the same interface for
 * several replicas.
 *
 * Both queues also act on a run's outcome: a run that found the pull request's
 * head moved away from its job's (`superseded` with `currentHead`) gets the
 * review of that head queued, unless a waiting job or an earlier finished run
 * already covers it (see follow-up-job.ts).
 */
export interface ReviewQueue {
  /**
   * `duplicate`: a job for the same pull request and head is queued or running
   * (a run that may stop at "draft" does not count for a ready one).
   * `replaced`: an older head's queued job was dropped for this one.
   * `stale`: the job's delivery is older than one already taken for this pull
   * request (a late or redelivered webhook); refused, so it cannot replace the
   * newer head's review.
   */
  enqueue(job: ReviewJob): Promise<EnqueueResult>;
  /** Resolves once nothing is queued, running or waiting to be retried (tests, shutdown). */
  drain(): Promise<void>;
  /** Reviews waiting to run (queued, delayed, waiting to be retried), for the queue-depth metric. */
  depth?(): Promise<number>;
}

export const DEFAULT_CONCURRENCY = 4;

/**
 * Pull requests whose newest delivery time and last finished work the
 * in-process queue keeps after their jobs are done; the oldest is forgotten
 * first. Forgetting one only loses the shortcuts (refusing a late delivery at
 * once, not redoing a finished review): every run still checks the real head.
 */
export const REMEMBERED_PULL_REQUESTS = 10_000;

export interface InProcessQueueOptions {
  /** Jobs running at once across pull requests. */
  readonly concurrency: number;
  readonly process: (job: ReviewJob) => Promise<ReviewJobOutcome>;
  readonly log: Logger;
  /** Closes a check run its review left unfinished; without it no sweep is scheduled. */
  readonly sweep?: SweepStrandedCheckRun;
  /** Timings, for tests; the named constants by default. */
  readonly timing?: Partial<InProcessTiming>;
}

export interface InProcessTiming {
  readonly strandedAfterMs: number;
  readonly sweepAttempts: number;
  readonly sweepBackoffMs: number;
  readonly unavailable: UnavailableRetryLimits;
}

const DEFAULT_TIMING: InProcessTiming = {
  strandedAfterMs: STRANDED_CHECK_RUN_MS,
  sweepAttempts: SWEEP_ATTEMPTS,
  sweepBackoffMs: SWEEP_BACKOFF_MS,
  unavailable: DEFAULT_UNAVAILABLE_RETRY_LIMITS,
};

interface Slot {
  running?: ReviewJob;
  pending?: ReviewJob;
}

interface Memory {
  /** The newest pull_request delivery time taken (ms). */
  newest?: number;
  /** What the last finished run did (`finishedWork`). */
  finished?: string;
}

/**
 * Keyed by pull request: at most one running and one waiting job each, so
 * two runs for one pull request never race (no duplicate comments), and a
 * push during a run queues exactly one follow-up for the newest head.
 */
export function createInProcessReviewQueue(options: InProcessQueueOptions): ReviewQueue {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const timing: InProcessTiming = { ...DEFAULT_TIMING, ...options.timing };
  /** Stranded-run sweeps by sweepKey. Timers are unref'd: they never keep the process up. */
  const sweeps = new Map<string, NodeJS.Timeout>();
  /** Reviews waiting out GitHub's unavailability (they count as queued for drain). */
  let retriesWaiting = 0;
  const slots = new Map<string, Slot>();
  /** Keys with a pending job, in arrival order: fair across pull requests. */
  const ready: string[] = [];
  /** In least-recently-used order (a Map iterates in insertion order). */
  const memory = new Map<string, Memory>();
  let active = 0;
  let idleWaiters: (() => void)[] = [];

  const remember = (key: string): Memory => {
    const m = memory.get(key) ?? {};
    memory.delete(key);
    memory.set(key, m);
    if (memory.size > REMEMBERED_PULL_REQUESTS) {
      const oldest = memory.keys().next().value;
      if (oldest !== undefined) memory.delete(oldest);
    }
    return m;
  };

  const settleIdle = (): void => {
    if (active === 0 && slots.size === 0 && retriesWaiting === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  /** Sets `job` as the slot's waiting job; what it replaced, if anything. */
  const setPending = (key: string, slot: Slot, job: ReviewJob): EnqueueResult => {
    const result: EnqueueResult = slot.pending === undefined ? 'queued' : 'replaced';
    slot.pending = job;
    if (result === 'queued') ready.push(key);
    return result;
  };

  const runSweep = (target: SweepTarget, attempt: number): void => {
    const sweep = options.sweep;
    if (sweep === undefined) return;
    const entry = { key: sweepKey(target), attempt };
    sweep(target)
      .then((result) => {
        if (result !== 'finished-already') options.log.warn({ ...entry, result }, 'closed a check run its review left unfinished');
      })
      .catch((error: unknown) => {
        if (attempt >= timing.sweepAttempts) {
          options.log.error({ ...entry, err: error }, 'could not close a stranded check run');
          return;
        }
        options.log.warn({ ...entry, err: error }, 'could not close a stranded check run yet; trying again later');
        const timer = setTimeout(() => runSweep(target, attempt + 1), timing.sweepBackoffMs * 2 ** (attempt - 1));
        timer.unref();
      });
  };

  /** (Re)starts the countdown after which the review's check run, if still unfinished, is closed. */
  const scheduleSweep = (job: ReviewJob): void => {
    if (options.sweep === undefined) return;
    const id = sweepKey(job);
    clearTimeout(sweeps.get(id));
    const target = sweepTargetOf(job);
    const timer = setTimeout(() => {
      sweeps.delete(id);
      runSweep(target, 1);
    }, timing.strandedAfterMs);
    timer.unref();
    sweeps.set(id, timer);
  };

  const cancelSweep = (job: ReviewJob): void => {
    const id = sweepKey(job);
    clearTimeout(sweeps.get(id));
    sweeps.delete(id);
  };

  /** GitHub was unavailable: run the review again after a backoff, a bounded number of times. */
  const retryLater = (key: string, job: ReviewJob, outcome: ReviewJobOutcome): void => {
    const failed = (job.unavailableAttempts ?? 0) + 1;
    const delay = unavailableRetryDelayMs(failed, outcome.retryAfterMs, timing.unavailable);
    const entry = { key, sha: job.headSha, attempt: failed };
    if (delay === undefined) {
      options.log.error(entry, 'GitHub stayed unavailable through every retry; the last run closed its check run as failure (or the stranded-run sweeper will)');
      return;
    }
    options.log.warn({ ...entry, delayMs: delay }, 'GitHub is unavailable; the review runs again later');
    retriesWaiting++;
    const timer = setTimeout(() => {
      retriesWaiting--;
      const slot = slots.get(key) ?? {};
      slots.set(key, slot);
      if (slot.running !== undefined || slot.pending !== undefined || alreadyFinished(memory.get(key)?.finished, job)) {
        // The head was queued again meanwhile, reviewed, or another head took over: that run covers it.
        options.log.info(entry, 'a later run covers the retry; not run again');
      } else {
        setPending(key, slot, { ...job, unavailableAttempts: failed });
        pump();
      }
      if (slot.running === undefined && slot.pending === undefined) slots.delete(key);
      settleIdle();
    }, delay);
  };

  /** After a run: remember what it finished, and queue the review of the head it found, if it needs one. */
  const afterRun = (key: string, slot: Slot, job: ReviewJob, outcome: ReviewJobOutcome): void => {
    if (settlesCheckRun(outcome)) cancelSweep(job);
    if (outcome.status === 'unavailable') retryLater(key, job, outcome);
    const finished = finishedWork(job, outcome);
    if (finished !== undefined) remember(key).finished = finished;
    const next = followUpOf(job, outcome);
    if (next === undefined) return;
    const entry = { key, from: job.headSha, to: next.headSha };
    const waiting = slot.pending;
    if (waiting !== undefined && alreadyFinished(reviewJobWork(waiting), next)) {
      options.log.info(entry, 'the head moved; its review is already queued');
    } else if (alreadyFinished(memory.get(key)?.finished, next)) {
      options.log.info(entry, 'the head moved to one already reviewed; nothing to queue');
    } else {
      // A waiting job for another head is older news than what GitHub just said: replaced.
      options.log.info({ ...entry, result: setPending(key, slot, next) }, 'the head moved; queued the review of the current head');
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
      scheduleSweep(job);
      void runClassified(options.process, job)
        .then((outcome) => afterRun(key, slot, job, outcome))
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
      const at = deliveryTimeOf(job);
      if (at !== undefined) {
        const m = remember(key);
        // Equal times (two pushes in one second) cannot be ordered: taken, and the run-time check decides.
        if (m.newest !== undefined && at < m.newest) return 'stale';
        m.newest = at;
      }
      const slot = slots.get(key) ?? {};
      slots.set(key, slot);
      const work = reviewJobWork(job);
      const same = (other: ReviewJob | undefined): boolean => other !== undefined && reviewJobWork(other) === work;
      if (same(slot.running) || same(slot.pending)) return 'duplicate';
      const result = setPending(key, slot, job);
      pump();
      return result;
    },

    async depth(): Promise<number> {
      let waiting = retriesWaiting;
      for (const slot of slots.values()) if (slot.pending !== undefined) waiting++;
      return waiting;
    },

    drain(): Promise<void> {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
  };
}
