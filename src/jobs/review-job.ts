/**
 * The unit of work between a webhook and a review. Plain JSON on purpose: a
 * queue on Redis (BullMQ) will carry the same payload between processes.
 */

export type PullRequestAction = 'opened' | 'synchronize' | 'reopened' | 'ready_for_review';

export type ReviewTrigger =
  | { readonly kind: 'pull_request'; readonly action: PullRequestAction; readonly draft: boolean }
  /** A `/recheck` comment; the job reacts to it with a rocket when done. */
  | { readonly kind: 'recheck'; readonly commentId: number; readonly requestedBy: string }
  /** The Re-run button of our check run. */
  | { readonly kind: 'rerequested'; readonly checkRunId: number };

export interface ReviewJob {
  readonly installationId: number;
  readonly owner: string;
  readonly repo: string;
  readonly pull: number;
  readonly headSha: string;
  readonly trigger: ReviewTrigger;
  /** The webhook delivery that asked for the review, for the logs. */
  readonly deliveryId: string;
}

/** One pull request, one key: the queue runs one job per key at a time. */
export function reviewJobKey(job: Pick<ReviewJob, 'owner' | 'repo' | 'pull'>): string {
  // GitHub logins and repository names are case-insensitive.
  return `${job.owner}/${job.repo}#${job.pull}`.toLowerCase();
}

/**
 * What a job would review: its head, and whether it may stop at "draft". A
 * ready_for_review for a head whose draft run is still queued is new work.
 */
export function reviewJobWork(job: Pick<ReviewJob, 'headSha' | 'trigger'>): string {
  const mayStopAtDraft = job.trigger.kind === 'pull_request' && job.trigger.draft;
  return mayStopAtDraft ? `${job.headSha}:draft` : job.headSha;
}
