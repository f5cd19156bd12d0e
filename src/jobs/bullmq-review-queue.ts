/**
 * The review queue on Redis (BullMQ), shared by every app replica: webhook
 * receivers enqueue, workers run. The same semantics as the in-process queue:
 * - one job per pull request head (job id `owner/repo#pull@sha`), so a
 *   redelivered or racing webhook adds nothing;
 * - a newer head supersedes an older one: the older queued job is removed, and a
 *   job that starts anyway checks the pull request's current head in Redis first;
 * - a pull_request delivery older than one already taken for the pull request
 *   (a late redelivery) is refused, so it cannot replace the newer head's job;
 * - a run that finds on GitHub that the head moved away from its job's gets the
 *   review of the head it found queued, unless that head's review finished;
 * - one running job per pull request at a time (a Redis lock), so two runs never
 *   both post the same finding.
 * Jobs persist in Redis, are retried with exponential backoff when the run
 * crashes, and a job whose worker dies is taken over by another worker once
 * its lock expires (BullMQ's stalled-job check). A run that GitHub failed (an
 * outage, a long rate limit) is delayed and run again, a bounded number of
 * times (review-retry.ts). Each run also schedules a delayed sweep in a second
 * queue, which closes the check run should no run finish it
 * (stranded-check-run.ts); a run that settles its check run cancels it.
 */
import { DelayedError, Queue, Worker, type Job, type JobType } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createPullRequestLock } from './pull-request-lock.js';
import { admitJob, pullRequestKeyText, retryAfterUnavailable, settleRun, type EnqueueResult, type PullRequestKey, type ReviewQueueStore } from './queue-policy.js';
import { deliveryTimeOf, reviewJobWork, type ReviewJob } from './review-job.js';
import type { ReviewQueue } from './review-queue.js';
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

export const REVIEW_QUEUE_NAME = 'hunkwise-reviews';
const JOB_NAME = 'review';
const SWEEP_JOB_NAME = 'sweep';

export interface QueueTuning {
  /** A worker holds a job's lock this long and renews it at half; a dead worker's job is free after it. */
  readonly lockDurationMs: number;
  /** How often workers look for jobs whose lock expired. */
  readonly stalledIntervalMs: number;
  /** Times a job may be taken over from a dead worker before it is failed. */
  readonly maxStalledCount: number;
  /** Runs of a job whose review crashed (the first included). */
  readonly attempts: number;
  /** First retry delay; doubles each attempt. */
  readonly backoffMs: number;
  /** When another job holds the pull request, try again after this long. */
  readonly busyRetryMs: number;
  /** A pull request's recorded head, newest delivery time and last finished review are kept this long. */
  readonly headTtlSeconds: number;
  /** A webhook waits this long for Redis before its delivery fails (and shows as failed on GitHub). */
  readonly enqueueTimeoutMs: number;
  /** A check run still unfinished this long after its review's last start is closed. */
  readonly strandedAfterMs: number;
  readonly sweepAttempts: number;
  readonly sweepBackoffMs: number;
  /** Runs of a review GitHub's unavailability may take, and the waits between them. */
  readonly unavailable: UnavailableRetryLimits;
}

export const DEFAULT_QUEUE_TUNING: QueueTuning = {
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 2,
  attempts: 3,
  backoffMs: 10_000,
  busyRetryMs: 2_000,
  headTtlSeconds: 14 * 24 * 3600,
  // GitHub gives a delivery 10 s; answer before that.
  enqueueTimeoutMs: 8_000,
  strandedAfterMs: STRANDED_CHECK_RUN_MS,
  sweepAttempts: SWEEP_ATTEMPTS,
  sweepBackoffMs: SWEEP_BACKOFF_MS,
  unavailable: DEFAULT_UNAVAILABLE_RETRY_LIMITS,
};

export interface BullmqReviewQueueOptions {
  readonly redisUrl: string;
  readonly log: Logger;
  /** Run reviews in this process too; omit for a webhook receiver that only enqueues. */
  readonly worker?: {
    readonly process: (job: ReviewJob) => Promise<ReviewJobOutcome>;
    /** Reviews at once in this process. */
    readonly concurrency: number;
    /** Closes a check run its review left unfinished; without it no sweep is scheduled. */
    readonly sweep?: SweepStrandedCheckRun;
  };
  readonly tuning?: Partial<QueueTuning>;
  readonly queueName?: string;
}

export interface BullmqReviewQueue extends ReviewQueue {
  /**
   * Stops taking jobs, waits for this process's running ones, and disconnects.
   * `force`: does not wait; the running jobs' locks expire and another worker takes them.
   */
  close(force?: boolean): Promise<void>;
}

/** States in which a job will still run: a second one for the same head is a duplicate. */
const LIVE_STATES: ReadonlySet<string> = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);
/** States counted by drain(). */
const PENDING_TYPES: JobType[] = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'];

/** The job id of one piece of work (`reviewJobWork`) of a pull request. */
function jobIdForWork(key: PullRequestKey, work: string): string {
  return `${pullRequestKeyText(key)}@${work.toLowerCase().replace(':draft', '~draft')}`;
}

/** The sweep queue's job id for a review's head (no `:`, as BullMQ ids may not contain it). */
function sweepJobId(target: Pick<ReviewJob, 'owner' | 'repo' | 'pull' | 'headSha'>): string {
  return `sweep/${sweepKey(target)}`;
}

/**
 * `owner/repo#pull@sha`, or `…@sha~draft` for a run that may stop at "draft": the queue's
 * identity of a review's work (reviewJobWork; BullMQ ids may not contain `:`).
 */
export function reviewJobId(job: Pick<ReviewJob, 'owner' | 'repo' | 'pull' | 'headSha'> & Partial<Pick<ReviewJob, 'trigger'>>): string {
  return jobIdForWork(job, job.trigger === undefined ? job.headSha : reviewJobWork({ headSha: job.headSha, trigger: job.trigger }));
}

/**
 * Records a job's head as the pull request's newest, unless its delivery time
 * is older than the newest one taken (then nothing changes). One script, so
 * two receivers cannot interleave between the comparison and the write.
 * KEYS: head, delivery time; ARGV: sha, time in ms or '', ttl seconds.
 * Returns [1 taken | 0 stale, the previous head or ''].
 */
const TAKE_HEAD_SCRIPT = `
local at = ARGV[2]
if at ~= '' then
  local newest = redis.call('get', KEYS[2])
  if newest and tonumber(at) < tonumber(newest) then return {0, ''} end
  redis.call('set', KEYS[2], at, 'EX', ARGV[3])
end
local previous = redis.call('get', KEYS[1]) or ''
redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[3])
return {1, previous}`;

class ReviewCrashedError extends Error {
  constructor(job: ReviewJob) {
    super(`review of ${pullRequestKeyText(job)}@${job.headSha.slice(0, 7)} crashed; its check run says why`);
    this.name = 'ReviewCrashedError';
  }
}

const CONNECTION_ERROR_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

function isConnectionError(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) || /Connection is closed/i.test(error.message);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createBullmqReviewQueue(options: BullmqReviewQueueOptions): BullmqReviewQueue {
  const tuning: QueueTuning = { ...DEFAULT_QUEUE_TUNING, ...options.tuning };
  const queueName = options.queueName ?? REVIEW_QUEUE_NAME;
  const log = options.log.child({ queue: queueName });
  // BullMQ workers need commands to wait through a reconnect rather than fail.
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  // One line when Redis goes away and one when it is back, not one per reconnect attempt.
  let reachable = true;
  redis.on('error', (error: Error) => {
    if (!reachable) return;
    reachable = false;
    log.warn({ err: error }, 'lost the connection to Redis; queued reviews wait, webhooks wait up to the enqueue timeout');
  });
  redis.on('ready', () => {
    if (reachable) return;
    reachable = true;
    log.info('connected to Redis again');
  });
  const onClientError = (what: string) => (error: Error) => {
    // Connection errors are reported once above; the rest deserve a line each.
    if (isConnectionError(error)) log.debug({ err: error }, what);
    else log.warn({ err: error }, what);
  };
  const keyPrefix = `hunkwise:${queueName}`;
  const headKey = (key: string): string => `${keyPrefix}:head:${key}`;
  const timeKey = (key: string): string => `${keyPrefix}:time:${key}`;
  const finishedKey = (key: string): string => `${keyPrefix}:finished:${key}`;
  const lock = createPullRequestLock(redis, keyPrefix, tuning.lockDurationMs);

  const queue = new Queue<ReviewJob>(queueName, {
    connection: redis,
    defaultJobOptions: {
      attempts: Math.max(1, tuning.attempts),
      backoff: { type: 'exponential', delay: tuning.backoffMs },
      removeOnComplete: true,
      // Failed jobs stay a week for inspection; enqueue() clears one before a new run of its head.
      removeOnFail: { age: 7 * 24 * 3600, count: 1000 },
    },
  });
  queue.on('error', onClientError('queue error'));

  // Its own queue: drain() waits for reviews, not for sweeps due in a quarter of an hour.
  const sweepQueue = new Queue<SweepTarget>(`${queueName}-sweeps`, {
    connection: redis,
    defaultJobOptions: {
      attempts: Math.max(1, tuning.sweepAttempts),
      backoff: { type: 'exponential', delay: tuning.sweepBackoffMs },
      removeOnComplete: true,
      // A sweep that failed for good must not block the next one with the same id.
      removeOnFail: true,
    },
  });
  sweepQueue.on('error', onClientError('sweep queue error'));

  /** (Re)starts the countdown after which the review's check run, if still unfinished, is closed. */
  async function scheduleSweep(job: ReviewJob): Promise<void> {
    const id = sweepJobId(job);
    // A waiting or delayed sweep is replaced (pushed back); a running one finishes and the new one follows.
    await sweepQueue.remove(id);
    await sweepQueue.add(SWEEP_JOB_NAME, sweepTargetOf(job), { jobId: id, delay: tuning.strandedAfterMs });
  }

  const worker = options.worker === undefined ? undefined : startWorker(options.worker);
  const sweeper = options.worker?.sweep === undefined ? undefined : startSweeper(options.worker.sweep);

  function startSweeper(sweep: SweepStrandedCheckRun): Worker<SweepTarget, string> {
    const w = new Worker<SweepTarget, string>(
      sweepQueue.name,
      async (bullJob) => {
        const result = await sweep(bullJob.data);
        if (result !== 'finished-already') log.warn({ job: bullJob.id, result }, 'closed a check run its review left unfinished');
        return result;
      },
      { connection: redis, concurrency: 1, lockDuration: tuning.lockDurationMs, stalledInterval: tuning.stalledIntervalMs },
    );
    w.on('error', onClientError('sweep worker error'));
    w.on('failed', (job, error) => {
      if (job !== undefined) log.warn({ job: job.id, attempt: job.attemptsMade, err: error }, 'could not close a stranded check run');
    });
    return w;
  }

  function startWorker(spec: NonNullable<BullmqReviewQueueOptions['worker']>): Worker<ReviewJob, string> {
    const processor = async (bullJob: Job<ReviewJob, string>, token?: string): Promise<string> => {
      const job = bullJob.data;
      const key = pullRequestKeyText(job);
      const jobLog = log.child({ job: bullJob.id, attempt: bullJob.attemptsMade + 1 });
      const current = await redis.get(headKey(key));
      if (current !== null && current !== job.headSha) {
        jobLog.info({ current }, 'a newer head was pushed before this review started; skipped');
        return 'superseded';
      }
      const owner = `${bullJob.id ?? key}/${token ?? 'no-token'}`;
      if (!(await lock.acquire(key, owner))) {
        // Another worker is reviewing this pull request: wait for it, as the in-process queue does.
        jobLog.debug('another review of this pull request is running; delayed');
        await bullJob.moveToDelayed(Date.now() + tuning.busyRetryMs, token);
        throw new DelayedError();
      }
      const renewal = setInterval(() => {
        lock
          .renew(key, owner)
          .then((held) => {
            if (!held) jobLog.warn('the pull request lock expired during the review (a long pause or a Redis outage)');
          })
          .catch((error: unknown) => jobLog.warn({ err: error }, 'could not renew the pull request lock'));
      }, Math.max(500, Math.floor(tuning.lockDurationMs / 3)));
      jobLog.info('review job started');
      if (spec.sweep !== undefined) {
        // Without it a run that dies here could leave its check run spinning; with a warning, the run still goes on.
        await scheduleSweep(job).catch((error: unknown) => jobLog.warn({ err: error }, 'could not schedule the stranded-run sweep'));
      }
      try {
        const outcome = await runClassified(spec.process, job);
        if (settlesCheckRun(outcome)) {
          await sweepQueue.remove(sweepJobId(job)).catch((error: unknown) => jobLog.debug({ err: error }, 'could not cancel the sweep'));
        }
        // A crash already ended its check run as failure; throwing lets BullMQ run it again after a backoff.
        if (outcome.status === 'crashed') throw new ReviewCrashedError(job);
        if (outcome.status === 'unavailable') {
          const retry = retryAfterUnavailable(job, outcome, tuning.unavailable, jobLog);
          if (retry.kind === 'exhausted') return outcome.status;
          // Not a BullMQ attempt: those are for crashes. The count travels with the job.
          await bullJob.updateData(retry.job);
          await bullJob.moveToDelayed(Date.now() + retry.delayMs, token);
          throw new DelayedError();
        }
        // A failure here throws: BullMQ runs this job again, and its run asks again.
        await settleRun(store, job, outcome, jobLog);
        return outcome.status;
      } finally {
        clearInterval(renewal);
        await lock.release(key, owner).catch((error: unknown) => jobLog.warn({ err: error }, 'could not release the pull request lock'));
      }
    };

    const w = new Worker<ReviewJob, string>(queueName, processor, {
      connection: redis,
      concurrency: Math.max(1, Math.floor(spec.concurrency)),
      lockDuration: tuning.lockDurationMs,
      stalledInterval: tuning.stalledIntervalMs,
      maxStalledCount: tuning.maxStalledCount,
    });
    w.on('error', onClientError('worker error'));
    w.on('failed', (job, error) => {
      if (job === undefined) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      const entry = { job: job.id, attempt: job.attemptsMade, err: error };
      if (final) log.error(entry, 'review job failed on its last attempt');
      else log.warn(entry, 'review job failed; it will be retried');
    });
    w.on('stalled', (jobId: string) => log.warn({ job: jobId }, "a job's lock expired (its worker died or lost Redis); it runs again"));
    return w;
  }

  /** The head a delivery replaced as the pull request's newest, for `add` to drop its waiting job. */
  interface TakenHead {
    readonly previous: string | null;
  }

  const store: ReviewQueueStore<TakenHead> = {
    async takeDelivery(job) {
      const key = pullRequestKeyText(job);
      const at = deliveryTimeOf(job);
      const ttl = String(tuning.headTtlSeconds);
      // The pull request's newest head, for workers to skip what it superseded.
      const reply = await redis.eval(TAKE_HEAD_SCRIPT, 2, headKey(key), timeKey(key), job.headSha, at === undefined ? '' : String(at), ttl);
      if (!Array.isArray(reply) || reply.length !== 2) throw new Error('unexpected answer from Redis to the head update');
      const [taken, previous] = reply as unknown[];
      if (taken !== 1) return undefined;
      return { previous: typeof previous === 'string' && previous !== '' ? previous : null };
    },

    /** The live jobs of the pull request's newest head (older heads' waiting jobs were dropped when it came). */
    async liveWork(key: PullRequestKey) {
      const head = await redis.get(headKey(pullRequestKeyText(key)));
      if (head === null) return [];
      const works = [head, `${head}:draft`];
      const states = await Promise.all(works.map((work) => queue.getJobState(jobIdForWork(key, work))));
      return works.filter((_, i) => LIVE_STATES.has(states[i]));
    },

    async add(job, taken) {
      const id = reviewJobId(job);
      // A finished run of this work (a /recheck, a redelivery): its id must be free to run again.
      const state = await queue.getJobState(id);
      if (state === 'completed' || state === 'failed') await queue.remove(id);
      await queue.add(JOB_NAME, job, { jobId: id });
      const previous = taken?.previous;
      if (previous === null || previous === undefined || previous === job.headSha) return false;
      let replaced = false;
      for (const work of [previous, `${previous}:draft`]) {
        const previousId = jobIdForWork(job, work);
        const previousState = await queue.getJobState(previousId);
        // A running job cannot be removed; it stops itself when it sees the head moved.
        if (previousState === 'waiting' || previousState === 'delayed' || previousState === 'prioritized') {
          if ((await queue.remove(previousId)) === 1) replaced = true;
        }
      }
      return replaced;
    },

    async finished(key) {
      return (await redis.get(finishedKey(pullRequestKeyText(key)))) ?? undefined;
    },

    async recordFinished(key, work) {
      // Only spares a follow-up a second run; never worth failing a finished review for.
      await redis
        .set(finishedKey(pullRequestKeyText(key)), work, 'EX', tuning.headTtlSeconds)
        .catch((error: unknown) => log.warn({ err: error }, 'could not record the finished review'));
    },
  };

  return {
    enqueue(job: ReviewJob): Promise<EnqueueResult> {
      return withTimeout(admitJob(store, job), tuning.enqueueTimeoutMs, 'enqueue');
    },

    async depth(): Promise<number> {
      const counts = await queue.getJobCounts('waiting', 'delayed', 'prioritized');
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    },

    async drain(): Promise<void> {
      for (;;) {
        const counts = await queue.getJobCounts(...PENDING_TYPES);
        if (Object.values(counts).every((n) => n === 0)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },

    async close(force = false): Promise<void> {
      await worker?.close(force);
      await sweeper?.close(force);
      await queue.close();
      await sweepQueue.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
