/**
 * A check run this App created never stays `in_progress`. When a review
 * starts, its queue schedules a sweep of the review's head for
 * STRANDED_CHECK_RUN_MS later (a timer in-process, a delayed BullMQ job in
 * Redis mode, which outlives the worker that scheduled it). A review that
 * finishes cancels it; one that starts again (a retry) pushes it back. When the
 * sweep runs, this App's check run for the head that is still unfinished is
 * completed as failure, "could not finish: comment /recheck to retry". If none
 * was ever created (GitHub failed every attempt), one is created, completed
 * the same way, so the pull request shows that the review did not happen.
 */
import type { GitHubGateway } from '../github/gateway.js';
import { renderStrandedOutput } from '../render/check-summary.js';
import { externalIdFor } from './external-id.js';
import { pullRequestKeyText } from './queue-policy.js';
import type { ReviewJob } from './review-job.js';

/**
 * How long after a review's (last) start its check run may stay unfinished.
 * Longer than any one run: the per-job engine deadline plus GitHub's bounded
 * retries and waits (create-hunkwise-octokit.ts) take a few minutes at most.
 */
export const STRANDED_CHECK_RUN_MS = 15 * 60_000;
/** Tries of one sweep when GitHub fails it too. */
export const SWEEP_ATTEMPTS = 5;
/** First wait between tries of a sweep; it doubles. */
export const SWEEP_BACKOFF_MS = 60_000;

/** What a sweep needs of a review job: where its check run is. */
export type SweepTarget = Pick<ReviewJob, 'installationId' | 'owner' | 'repo' | 'pull' | 'headSha' | 'deliveryId'>;

/** Completes the stranded check run of `target`, if any; the queue gives it a gateway for the installation. */
export type SweepStrandedCheckRun = (target: SweepTarget) => Promise<SweepResult>;

export type SweepResult = 'closed' | 'created' | 'finished-already';

/** One sweep, or its key: per pull request and head, like the review it guards. */
export function sweepKey(target: Pick<ReviewJob, 'owner' | 'repo' | 'pull' | 'headSha'>): string {
  return `${pullRequestKeyText(target)}@${target.headSha.toLowerCase()}`;
}

export function sweepTargetOf(job: ReviewJob): SweepTarget {
  const { installationId, owner, repo, pull, headSha, deliveryId } = job;
  return { installationId, owner, repo, pull, headSha, deliveryId };
}

/** The sweep itself, over one repository's gateway. Looks first: a run that completed meanwhile is left alone. */
export async function closeStrandedCheckRun(gh: GitHubGateway, target: SweepTarget): Promise<SweepResult> {
  const externalId = externalIdFor(target.pull);
  const run = await gh.findCheckRun({ headSha: target.headSha, externalId });
  if (run !== undefined && run.status === 'completed') return 'finished-already';
  if (run !== undefined) {
    await gh.updateCheckRun(run.id, { conclusion: 'failure', output: renderStrandedOutput() });
    return 'closed';
  }
  await gh.createCheckRun({ headSha: target.headSha, externalId, output: renderStrandedOutput(), conclusion: 'failure' });
  return 'created';
}
