import type { ReviewJob } from '../jobs/review-job.js';
import type { PullRequestPayload } from '../webhooks/payload-schemas.js';
import type { HandlerDeps } from './handler-deps.js';
import type { WebhookInput } from './webhook-input.js';

export const PULL_REQUEST_EVENTS = [
  'pull_request.opened',
  'pull_request.synchronize',
  'pull_request.reopened',
  'pull_request.ready_for_review',
] as const;

/**
 * A pull request opened or pushed to: queue a review of its head. Drafts are
 * queued too; the job decides with the repository's `review_drafts`.
 */
export async function handlePullRequest(context: WebhookInput<PullRequestPayload>, deps: HandlerDeps): Promise<void> {
  const { payload } = context;
  const pr = payload.pull_request;
  const installationId = payload.installation?.id;
  if (installationId === undefined || pr.state !== 'open') return;
  const job: ReviewJob = {
    installationId,
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    pull: pr.number,
    headSha: pr.head.sha,
    trigger: { kind: 'pull_request', action: payload.action, draft: pr.draft === true },
    deliveryId: context.id,
    // Orders deliveries: the queue refuses a late one for an older state of the pull request.
    pullRequestUpdatedAt: pr.updated_at,
  };
  const result = await deps.queue.enqueue(job);
  const entry = { pull: pr.number, sha: pr.head.sha, action: payload.action, updatedAt: pr.updated_at, result };
  context.log.info(entry, result === 'stale' ? 'late delivery for an older state of the pull request ignored' : 'review requested');
}
