/**
 * Runs a review for a queue, turning a GitHub outage that escapes the review
 * itself (e.g. the installation token request, made before the review starts)
 * into the `unavailable` outcome, which the queue retries with backoff.
 */
import { asGitHubUnavailable } from '../github/github-unavailable.js';
import type { ReviewJob } from './review-job.js';
import type { ReviewJobOutcome } from './run-review-job.js';

export async function runClassified(process: (job: ReviewJob) => Promise<ReviewJobOutcome>, job: ReviewJob): Promise<ReviewJobOutcome> {
  try {
    return await process(job);
  } catch (error) {
    const unavailable = asGitHubUnavailable(error);
    if (unavailable === undefined) throw error;
    const retryAfter = unavailable.retryAfterMs === undefined ? {} : { retryAfterMs: unavailable.retryAfterMs };
    return { status: 'unavailable', posted: 0, resolved: 0, ...retryAfter };
  }
}

/** Outcomes after which the review's check run is settled, so its stranded-run sweep can be cancelled. */
export function settlesCheckRun(outcome: Pick<ReviewJobOutcome, 'status'>): boolean {
  return outcome.status !== 'crashed' && outcome.status !== 'unavailable';
}
