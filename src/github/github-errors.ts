/**
 * What a failed GitHub call means to hunkwise, as types the rest of the code can test for
 * instead of reading HTTP statuses. Only src/github/ and the Octokit set-up read statuses.
 */

/** The HTTP status of a failed GitHub call, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A failure after which GitHub may or may not have done what was asked: the connection dropped,
 * the request timed out, or GitHub answered 5xx. A request that creates something is looked up
 * before it is tried again.
 */
export function isAmbiguousFailure(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status >= 500;
}

/** GitHub refused the request as invalid (HTTP 422), e.g. a review comment on a line outside the diff. */
export function isRefused(error: unknown): boolean {
  return statusOf(error) === 422;
}

export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}
