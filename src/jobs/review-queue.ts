import type { Logger } from 'pino';
import {
  admitJob,
  pullRequestKeyText,
  retryAfterUnavailable,
  retryStillNeeded,
  settleRun,
  type EnqueueResult,
  type PullRequestKey,
  type ReviewQueueStore,
} from './queue-policy.js';
import { deliveryTimeOf, reviewJobWork, type ReviewJob } from './review-job.js';
import { DEFAULT_UNAVAILABLE_RETRY_LIMITS, type UnavailableRetryLimits } from './review-retry.js';
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

export type { EnqueueResult } from './queue-policy.js';

/**
 * Where handlers put review jobs. The in-process queue below serves one app
 * process; the Redis one (BullMQ) serves several replicas. Both follow one policy
 * (queue-policy.ts) over their own store of state.
 */
export interface ReviewQueue {
  /** See admitJob (queue-policy.ts) for what each result means. */
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

  /** Sets `job` as the slot's waiting job; true when it replaced one. */
  const setPending = (key: string, slot: Slot, job: ReviewJob): boolean => {
    const replaced = slot.pending !== undefined;
    slot.pending = job;
    if (!replaced) ready.push(key);
    return replaced;
  };

  const store: ReviewQueueStore<true> = {
    async takeDelivery(job) {
      const at = deliveryTimeOf(job);
      if (at === undefined) return true;
      const m = remember(pullRequestKeyText(job));
      // Equal times (two pushes in one second) cannot be ordered: taken, and the run-time check decides.
      if (m.newest !== undefined && at < m.newest) return undefined;
      m.newest = at;
      return true;
    },
    async liveWork(key: PullRequestKey) {
      const slot = slots.get(pullRequestKeyText(key));
      return [slot?.running, slot?.pending].flatMap((j) => (j === undefined ? [] : [reviewJobWork(j)]));
    },
    async add(job) {
      const key = pullRequestKeyText(job);
      const slot = slots.get(key) ?? {};
      slots.set(key, slot);
      const replaced = setPending(key, slot, job);
      pump();
      return replaced;
    },
    async finished(key) {
      return memory.get(pullRequestKeyText(key))?.finished;
    },
    async recordFinished(key, work) {
      remember(pullRequestKeyText(key)).finished = work;
    },
  };

  /** Admissions and settlements one at a time: each reads then changes the slots. */
  let serial: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(step: () => Promise<T>): Promise<T> => {
    const run = serial.then(step, step);
    serial = run.catch(() => undefined);
    return run;
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

  /** GitHub was unavailable: run the review again after a backoff, unless a later run covers it by then. */
  const retryLater = (job: ReviewJob, outcome: ReviewJobOutcome): void => {
    const retry = retryAfterUnavailable(job, outcome, timing.unavailable, options.log);
    if (retry.kind === 'exhausted') return;
    retriesWaiting++;
    setTimeout(() => {
      void inTurn(async () => {
        if (await retryStillNeeded(store, retry.job)) await store.add(retry.job);
        // The head was queued again meanwhile, reviewed, or another head took over: that run covers it.
        else options.log.info({ key: pullRequestKeyText(job), sha: job.headSha }, 'a later run covers the retry; not run again');
      }).finally(() => {
        retriesWaiting--;
        settleIdle();
      });
    }, retry.delayMs);
  };

  /** After a run: the sweep, a retry if GitHub was unavailable, and what the policy settles. */
  const afterRun = async (job: ReviewJob, outcome: ReviewJobOutcome): Promise<void> => {
    if (settlesCheckRun(outcome)) cancelSweep(job);
    if (outcome.status === 'unavailable') retryLater(job, outcome);
    await inTurn(() => settleRun(store, job, outcome, options.log));
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
        .then((outcome) => afterRun(job, outcome))
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
    enqueue(job: ReviewJob): Promise<EnqueueResult> {
      return inTurn(() => admitJob(store, job));
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
