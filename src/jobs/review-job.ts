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
  | { readonly kind: 'rerequested'; readonly checkRunId: number }
  /** "Re-run all checks" on our check suite (check_suite.rerequested). */
  | { readonly kind: 'check_suite'; readonly checkSuiteId: number };

export interface ReviewJob {
  readonly installationId: number;
  readonly owner: string;
  readonly repo: string;
  readonly pull: number;
  readonly headSha: string;
  readonly trigger: ReviewTrigger;
  /** The webhook delivery that asked for the review, for the logs. */
  readonly deliveryId: string;
  /**
   * The pull request's `updated_at` in a pull_request webhook (ISO 8601). It
   * orders deliveries: a queue refuses one older than a delivery it already
   * took for the pull request, so a late redelivery of an old head cannot
   * replace the newer head's review. Absent for jobs whose head was read from
   * the API just now (/recheck, re-runs, follow-ups).
   */
  readonly pullRequestUpdatedAt?: string;
  /** Runs of this review that ended with GitHub unavailable so far (review-retry.ts). */
  readonly unavailableAttempts?: number;
}

/**
 * What a job would review: its head, and whether it may stop at "draft". A
 * ready_for_review for a head whose draft run is still queued is new work.
 */
export function reviewJobWork(job: Pick<ReviewJob, 'headSha' | 'trigger'>): string {
  const mayStopAtDraft = job.trigger.kind === 'pull_request' && job.trigger.draft;
  return mayStopAtDraft ? `${job.headSha}:draft` : job.headSha;
}

/** `pullRequestUpdatedAt` in milliseconds, when the job has a usable one. */
export function deliveryTimeOf(job: Pick<ReviewJob, 'pullRequestUpdatedAt'>): number | undefined {
  if (job.pullRequestUpdatedAt === undefined) return undefined;
  const ms = Date.parse(job.pullRequestUpdatedAt);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A pull request's head as a run read it from GitHub. */
export interface CurrentHead {
  readonly headSha: string;
  readonly draft: boolean;
}
