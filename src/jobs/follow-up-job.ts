/**
 * What a queue does with a run's outcome, the same for both queues: remember
 * the work a run finished, and when a run found that the pull request's head
 * is not the one it was queued for (a late webhook for an old head replaced
 * the newer one, or a push landed during the run), queue the review of the
 * head it found. Going through the queue, not reviewing in place, keeps its
 * dedupe: a review of that head already waiting is not run twice.
 */
import { reviewJobWork, type CurrentHead, type ReviewJob } from './review-job.js';
import type { ReviewJobOutcome } from './run-review-job.js';

/**
 * The review of `current` in place of `job`: same pull request, delivery (for
 * the logs) and trigger, so a /recheck still gets its rocket when the real head
 * is done; a pull_request trigger takes the draft state GitHub reports now.
 */
export function followUpJob(job: ReviewJob, current: CurrentHead): ReviewJob {
  const trigger = job.trigger.kind === 'pull_request' ? { ...job.trigger, draft: current.draft } : job.trigger;
  // No delivery time: the head was read from the API just now, so it is never stale.
  const { pullRequestUpdatedAt: _old, unavailableAttempts: _tries, ...rest } = job;
  return { ...rest, headSha: current.headSha, trigger };
}

/** The follow-up a finished run asks for, if any. */
export function followUpOf(job: ReviewJob, outcome: Pick<ReviewJobOutcome, 'status' | 'currentHead'>): ReviewJob | undefined {
  const current = outcome.currentHead;
  if (outcome.status !== 'superseded' || current === undefined || current.headSha === job.headSha) return undefined;
  return followUpJob(job, current);
}

/**
 * The work a run finished, as `reviewJobWork` spells it: a completed review
 * covers its head whatever the trigger; a draft skip covers only a run that
 * may stop at "draft" too.
 */
export function finishedWork(job: ReviewJob, outcome: Pick<ReviewJobOutcome, 'status'>): string | undefined {
  if (outcome.status === 'completed') return job.headSha;
  if (outcome.status === 'skipped-draft') return reviewJobWork(job);
  return undefined;
}

/** True when `finished` (from `finishedWork`) already did what `job` would do. */
export function alreadyFinished(finished: string | undefined, job: ReviewJob): boolean {
  return finished !== undefined && (finished === job.headSha || finished === reviewJobWork(job));
}
