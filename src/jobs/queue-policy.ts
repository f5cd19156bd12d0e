/**
 * What the review queue decides, once, for both stores (in-process memory and Redis): when a
 * job is stale, a duplicate, or replaces a waiting one; what a finished run records and which
 * follow-up it queues; when GitHub's unavailability earns a run another try. The stores
 * (review-queue.ts, bullmq-review-queue.ts) only keep state and run jobs.
 */
import type { Logger } from 'pino';
import { alreadyFinished, finishedWork, followUpOf } from './follow-up-job.js';
import { reviewJobWork, type ReviewJob } from './review-job.js';
import { unavailableRetryDelayMs, type UnavailableRetryLimits } from './review-retry.js';
import type { ReviewJobOutcome } from './run-review-job.js';

export type EnqueueResult = 'queued' | 'replaced' | 'duplicate' | 'stale';

/** One pull request: the queue runs one job per pull request at a time. */
export interface PullRequestKey {
  readonly owner: string;
  readonly repo: string;
  readonly pull: number;
}

export function pullRequestKeyOf(job: Pick<ReviewJob, 'owner' | 'repo' | 'pull'>): PullRequestKey {
  return { owner: job.owner, repo: job.repo, pull: job.pull };
}

/** The key as stores index it and logs show it: `owner/repo#pull`, lower case (GitHub names are case-insensitive). */
export function pullRequestKeyText(key: PullRequestKey): string {
  return `${key.owner}/${key.repo}#${key.pull}`.toLowerCase();
}

/** The state a store keeps per pull request, and the changes the policy asks of it. */
export interface ReviewQueueStore<Taken = unknown> {
  /**
   * Takes the job's delivery (and head) as the pull request's newest, unless an already taken
   * one is newer: then nothing changes and the answer is undefined. Atomic across receivers.
   * What it answers otherwise is the store's own note for `add` (e.g. the head it replaced).
   */
  takeDelivery(job: ReviewJob): Promise<Taken | undefined>;
  /** The work (`reviewJobWork`) of the pull request's jobs that will still run: waiting, delayed or running. */
  liveWork(key: PullRequestKey): Promise<readonly string[]>;
  /** Queues the job; a job of another head waiting for the same pull request is dropped. True when one was. */
  add(job: ReviewJob, taken?: Taken): Promise<boolean>;
  /** What the pull request's last finished run did (`finishedWork`). */
  finished(key: PullRequestKey): Promise<string | undefined>;
  recordFinished(key: PullRequestKey, work: string): Promise<void>;
}

/**
 * `duplicate`: a job for the same work is queued or running (a run that may stop at "draft"
 * does not count for a ready one). `replaced`: an older head's waiting job was dropped for this
 * one. `stale`: the delivery is older than one already taken for the pull request (a late or
 * redelivered webhook); refused, so it cannot replace the newer head's review.
 */
export async function admitJob<Taken>(store: ReviewQueueStore<Taken>, job: ReviewJob): Promise<EnqueueResult> {
  const taken = await store.takeDelivery(job);
  if (taken === undefined) return 'stale';
  if ((await store.liveWork(pullRequestKeyOf(job))).includes(reviewJobWork(job))) return 'duplicate';
  return (await store.add(job, taken)) ? 'replaced' : 'queued';
}

/**
 * After a run: remember what it finished, and when it found the pull request's head moved
 * away from its job's, queue the review of that head unless it is done or already queued.
 * Going through admitJob keeps its dedupe.
 */
export async function settleRun<Taken>(store: ReviewQueueStore<Taken>, job: ReviewJob, outcome: ReviewJobOutcome, log: Logger): Promise<void> {
  const key = pullRequestKeyOf(job);
  const finished = finishedWork(job, outcome);
  if (finished !== undefined) await store.recordFinished(key, finished);
  const next = followUpOf(job, outcome);
  if (next === undefined) return;
  const entry = { key: pullRequestKeyText(key), from: job.headSha, to: next.headSha };
  if (alreadyFinished(await store.finished(key), next)) {
    log.info(entry, 'the head moved to one already reviewed; nothing to queue');
    return;
  }
  const result = await admitJob(store, next);
  if (result === 'duplicate') log.info(entry, 'the head moved; its review is already queued');
  else log.info({ ...entry, result }, 'the head moved; queued the review of the current head');
}

export type UnavailableRetry =
  | { readonly kind: 'retry'; readonly job: ReviewJob; readonly delayMs: number }
  | { readonly kind: 'exhausted' };

/** GitHub was unavailable for this run: the same review again after a backoff, a bounded number of times. */
export function retryAfterUnavailable(job: ReviewJob, outcome: ReviewJobOutcome, limits: UnavailableRetryLimits, log: Logger): UnavailableRetry {
  const failed = (job.unavailableAttempts ?? 0) + 1;
  const delay = unavailableRetryDelayMs(failed, outcome.retryAfterMs, limits);
  const entry = { key: pullRequestKeyText(job), sha: job.headSha, attempt: failed };
  if (delay === undefined) {
    log.error(entry, 'GitHub stayed unavailable through every retry; the last run closed its check run as failure (or the stranded-run sweeper will)');
    return { kind: 'exhausted' };
  }
  log.warn({ ...entry, delayMs: delay }, 'GitHub is unavailable; the review runs again later');
  return { kind: 'retry', job: { ...job, unavailableAttempts: failed }, delayMs: delay };
}

/** A retry that waited is not needed when a job for the pull request is live, or its head was reviewed meanwhile. */
export async function retryStillNeeded<Taken>(store: ReviewQueueStore<Taken>, job: ReviewJob): Promise<boolean> {
  const key = pullRequestKeyOf(job);
  if ((await store.liveWork(key)).length > 0) return false;
  return !alreadyFinished(await store.finished(key), job);
}
