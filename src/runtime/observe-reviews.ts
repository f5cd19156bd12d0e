/**
 * Review metrics around the queue and the review job, without either knowing:
 * the time a review waited in the queue (when this process queued it), how long
 * it ran, and how it ended.
 */
import { asGitHubUnavailable } from '../github/github-unavailable.js';
import { pullRequestKeyText } from '../jobs/queue-policy.js';
import { reviewJobWork, type ReviewJob } from '../jobs/review-job.js';
import type { ReviewQueue } from '../jobs/review-queue.js';
import type { ReviewJobOutcome } from '../jobs/run-review-job.js';
import type { HunkwiseMetrics } from './metrics.js';

/**
 * Pull requests whose queueing time is remembered until their review starts.
 * A job run by another process (Redis) is never started here; the oldest is forgotten.
 */
const MAX_QUEUED_TIMES = 10_000;

export interface ReviewObserver {
  /** The queue handlers use: enqueueing notes the time. */
  queue(queue: ReviewQueue): ReviewQueue;
  /** The review as the queue runs it: timed and counted. */
  process(run: (job: ReviewJob) => Promise<ReviewJobOutcome>): (job: ReviewJob) => Promise<ReviewJobOutcome>;
}

export function observeReviews(
  metrics: Pick<HunkwiseMetrics, 'reviewStarted' | 'reviewFinished'>,
  now: () => number = () => performance.now(),
): ReviewObserver {
  /** By pull request: the work queued last and when. */
  const queuedAt = new Map<string, { readonly work: string; readonly at: number }>();
  return {
    queue: (queue) => ({
      ...queue,
      depth: queue.depth?.bind(queue),
      drain: () => queue.drain(),
      async enqueue(job) {
        const at = now();
        const result = await queue.enqueue(job);
        if (result === 'queued' || result === 'replaced') {
          const key = pullRequestKeyText(job);
          queuedAt.delete(key);
          queuedAt.set(key, { work: reviewJobWork(job), at });
          if (queuedAt.size > MAX_QUEUED_TIMES) {
            const oldest = queuedAt.keys().next().value;
            if (oldest !== undefined) queuedAt.delete(oldest);
          }
        }
        return result;
      },
    }),
    process: (run) => async (job) => {
      const key = pullRequestKeyText(job);
      const queued = queuedAt.get(key);
      const started = now();
      let waited: number | undefined;
      if (queued !== undefined && queued.work === reviewJobWork(job)) {
        queuedAt.delete(key);
        waited = (started - queued.at) / 1000;
      }
      metrics.reviewStarted(waited);
      try {
        const outcome = await run(job);
        metrics.reviewFinished({ status: outcome.status, ...(outcome.conclusion === undefined ? {} : { conclusion: outcome.conclusion }), seconds: (now() - started) / 1000 });
        return outcome;
      } catch (error) {
        metrics.reviewFinished({ status: asGitHubUnavailable(error) === undefined ? 'crashed' : 'unavailable', seconds: (now() - started) / 1000 });
        throw error;
      }
    },
  };
}
