/**
 * "GitHub is unavailable, retry later": an outage (5xx, a dropped connection,
 * a timeout) or a rate limit whose wait is longer than a request may sleep.
 * Such a failure says nothing about the pull request, so a review it stops is
 * re-queued with backoff (see review-retry.ts) instead of being dropped or
 * leaving its check run in progress.
 */

/** Thrown by hunkwise's Octokit when a request fails for GitHub's reasons, after its own bounded retries. */
export class GitHubUnavailableError extends Error {
  /** The HTTP status, kept so callers that test for one (404, 422) still can. */
  readonly status: number | undefined;
  /** What GitHub asked for (Retry-After or the rate limit's reset), in ms; undefined when it did not say. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { status?: number; retryAfterMs?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'GitHubUnavailableError';
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Statuses that mean "GitHub, not this request": its own errors and gateways. */
const OUTAGE_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

interface ErrorLike {
  readonly status?: unknown;
  readonly message?: unknown;
  readonly response?: { readonly headers?: Readonly<Record<string, unknown>> };
}

function header(error: ErrorLike, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Retry-After in seconds, or the primary rate limit's reset (epoch seconds), as a wait in ms. */
function askedWaitMs(error: ErrorLike, now: number): number | undefined {
  const retryAfter = Number(header(error, 'retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  if (header(error, 'x-ratelimit-remaining') === '0') {
    const reset = Number(header(error, 'x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  }
  return undefined;
}

function isRateLimit(error: ErrorLike): boolean {
  if (header(error, 'retry-after') !== undefined || header(error, 'x-ratelimit-remaining') === '0') return true;
  return typeof error.message === 'string' && /rate limit/i.test(error.message);
}

/**
 * The error as a GitHubUnavailableError when it is one (already typed, or an
 * Octokit RequestError for an outage or a rate limit); undefined otherwise
 * (a 404, a 422, a bug). Octokit reports a failed fetch (connection, timeout) as 500.
 */
export function asGitHubUnavailable(error: unknown, now: number = Date.now()): GitHubUnavailableError | undefined {
  if (error instanceof GitHubUnavailableError) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as ErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  if (status === undefined) return undefined;
  const outage = OUTAGE_STATUSES.has(status);
  const limited = (status === 403 || status === 429) && isRateLimit(e);
  if (!outage && !limited) return undefined;
  const wait = askedWaitMs(e, now);
  return new GitHubUnavailableError(`GitHub unavailable (HTTP ${status}), retry later`, {
    status,
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
    cause: error,
  });
}
