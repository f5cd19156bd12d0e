/**
 * The fetch under Octokit: a time limit on every GitHub request, over the headers and the
 * whole body. (A request that creates something is made idempotent by the gateway, see
 * src/github/octokit/create-once.ts, not here.)
 */

export type Fetch = typeof globalThis.fetch;

export interface GitHubFetchOptions {
  /** A request (headers and body) taking longer than this fails, and the retry plugin tries again. */
  readonly timeoutMs: number;
  readonly fetch?: Fetch;
}

const NO_BODY_STATUSES: ReadonlySet<number> = new Set([101, 204, 205, 304]);

function timeoutSignal(ms: number, outer: AbortSignal | null | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  return outer ? AbortSignal.any([outer, timeout]) : timeout;
}

/**
 * Fetches and reads the whole body under one time limit: a body that stalls
 * after the headers fails the request instead of reaching Octokit as "".
 */
async function fetchWithin(base: Fetch, ms: number, url: string, init: RequestInit): Promise<Response> {
  const response = await base(url, { ...init, signal: timeoutSignal(ms, init.signal) });
  if (NO_BODY_STATUSES.has(response.status)) return response;
  const body = await response.arrayBuffer();
  const headers = new Headers(response.headers);
  // The body is already decoded; the copy must not claim otherwise.
  headers.delete('content-encoding');
  headers.delete('content-length');
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

export function createGitHubFetch(options: GitHubFetchOptions): Fetch {
  const base = options.fetch ?? globalThis.fetch;
  const ms = Math.max(1, options.timeoutMs);
  const githubFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return fetchWithin(base, ms, url, init);
  };
  return githubFetch as Fetch;
}
