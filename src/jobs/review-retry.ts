/**
 * When GitHub is unavailable (an outage, or a rate limit longer than a request
 * may wait), a review is run again later rather than dropped: a bounded number
 * of times, with exponential backoff that honours what GitHub asked for within
 * a ceiling. After the last attempt the stranded-run sweeper
 * (stranded-check-run.ts) closes a check run left in progress.
 */

/** Runs of one review that GitHub's unavailability may take, the first included. */
export const UNAVAILABLE_ATTEMPTS = 6;
/** The first wait; it doubles: 30 s, 1, 2, 4, 8 min, about 15 minutes in all, the span of a typical GitHub incident. */
export const UNAVAILABLE_BACKOFF_MS = 30_000;
/** No single wait longer than this, whatever Retry-After says: the review stays timely, and the attempts bounded. */
export const MAX_UNAVAILABLE_BACKOFF_MS = 10 * 60_000;

export interface UnavailableRetryLimits {
  readonly attempts: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_UNAVAILABLE_RETRY_LIMITS: UnavailableRetryLimits = {
  attempts: UNAVAILABLE_ATTEMPTS,
  backoffMs: UNAVAILABLE_BACKOFF_MS,
  maxBackoffMs: MAX_UNAVAILABLE_BACKOFF_MS,
};

/**
 * The wait before the next run, after `failedAttempts` runs (1 or more) ended
 * with GitHub unavailable; undefined when no attempt is left.
 */
export function unavailableRetryDelayMs(
  failedAttempts: number,
  retryAfterMs?: number,
  limits: UnavailableRetryLimits = DEFAULT_UNAVAILABLE_RETRY_LIMITS,
): number | undefined {
  if (failedAttempts >= limits.attempts) return undefined;
  const exponential = limits.backoffMs * 2 ** Math.max(0, failedAttempts - 1);
  return Math.min(limits.maxBackoffMs, Math.max(exponential, retryAfterMs ?? 0));
}
