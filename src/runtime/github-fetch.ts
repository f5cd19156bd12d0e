/**
 * The fetch under Octokit: a time limit on every GitHub request, and a look
 * before a retry of the two calls that create something.
 *
 * Octokit's retry plugin retries a 5xx, a timeout or a dropped connection, which
 * is right for reads and updates. A review or a check run may however have been
 * created by a request whose answer was lost; retrying it blindly would post
 * the review twice or leave a check run "in progress" forever. So when such a
 * request fails ambiguously, this fetch asks GitHub whether the object exists
 * (same commit, same body / same external id and start time) and answers with it.
 * Living at the fetch level puts the look inside the retry plugin's loop.
 */

export type Fetch = typeof globalThis.fetch;

export interface GitHubFetchOptions {
  /** A request (headers and body) taking longer than this fails, and the retry plugin tries again. */
  readonly timeoutMs: number;
  readonly fetch?: Fetch;
}

/** Pages of reviews or check runs read when looking for a lost creation. */
const LOOKUP_PAGES = 10;

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

function jsonResponse(value: unknown): Response {
  return new Response(JSON.stringify(value), { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

function nextLink(response: Response): string | undefined {
  return /<([^<>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
}

type Record_ = Readonly<Record<string, unknown>>;

/** Reads pages of a list until `match` finds an item. */
async function findInList(
  get: (url: string) => Promise<Response>,
  firstUrl: string,
  items: (page: unknown) => readonly Record_[],
  match: (item: Record_) => boolean,
): Promise<Record_ | undefined> {
  let url: string | undefined = firstUrl;
  for (let page = 0; url !== undefined && page < LOOKUP_PAGES; page++) {
    const response = await get(url);
    if (!response.ok) return undefined;
    const found = items(await response.json()).find(match);
    if (found !== undefined) return found;
    url = nextLink(response);
  }
  return undefined;
}

const REVIEWS = /^(.*\/repos\/[^/]+\/[^/]+\/pulls\/\d+\/reviews)(?:\?.*)?$/;
const CHECK_RUNS = /^(.*\/repos\/[^/]+\/[^/]+)\/check-runs(?:\?.*)?$/;

function parseBody(init: RequestInit): Record_ | undefined {
  if (typeof init.body !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(init.body);
    return typeof value === 'object' && value !== null ? (value as Record_) : undefined;
  } catch {
    return undefined;
  }
}

const sameSecond = (a: unknown, b: unknown): boolean =>
  typeof a === 'string' && typeof b === 'string' && Math.floor(Date.parse(a) / 1000) === Math.floor(Date.parse(b) / 1000);

/** For a request that creates a review or a check run: how to find what it may have created. */
function lostCreationFinder(
  url: string,
  init: RequestInit,
): ((get: (url: string) => Promise<Response>) => Promise<Record_ | undefined>) | undefined {
  if ((init.method ?? 'GET').toUpperCase() !== 'POST') return undefined;
  const body = parseBody(init);
  if (body === undefined) return undefined;
  const review = REVIEWS.exec(url);
  if (review !== null && typeof body.commit_id === 'string' && typeof body.body === 'string') {
    return (get) =>
      findInList(
        get,
        `${review[1]}?per_page=100`,
        (page) => (Array.isArray(page) ? (page as Record_[]) : []),
        (r) => r.commit_id === body.commit_id && r.body === body.body,
      );
  }
  const checks = CHECK_RUNS.exec(url);
  if (checks !== null && typeof body.head_sha === 'string' && typeof body.name === 'string' && typeof body.external_id === 'string') {
    const query = `check_name=${encodeURIComponent(body.name)}&filter=all&per_page=100`;
    return (get) =>
      findInList(
        get,
        `${checks[1]}/commits/${encodeURIComponent(body.head_sha as string)}/check-runs?${query}`,
        (page) => {
          const runs = (page as { check_runs?: unknown } | null)?.check_runs;
          return Array.isArray(runs) ? (runs as Record_[]) : [];
        },
        (c) => c.external_id === body.external_id && sameSecond(c.started_at, body.started_at),
      );
  }
  return undefined;
}

export function createGitHubFetch(options: GitHubFetchOptions): Fetch {
  const base = options.fetch ?? globalThis.fetch;
  const ms = Math.max(1, options.timeoutMs);

  const githubFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const find = lostCreationFinder(url, init);
    if (find === undefined) return fetchWithin(base, ms, url, init);

    // Same credentials, no body: a read of the list the creation would be in.
    const headers = new Headers(init.headers);
    headers.delete('content-type');
    const get = (u: string): Promise<Response> => fetchWithin(base, ms, u, { method: 'GET', headers });
    const lookUp = (): Promise<Record_ | undefined> => find(get).catch(() => undefined);
    let response: Response;
    try {
      response = await fetchWithin(base, ms, url, init);
    } catch (error) {
      const created = await lookUp();
      if (created !== undefined) return jsonResponse(created);
      throw error;
    }
    if (response.status < 500) return response;
    const created = await lookUp();
    return created === undefined ? response : jsonResponse(created);
  };
  return githubFetch as Fetch;
}
