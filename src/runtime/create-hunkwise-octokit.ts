/**
 * Probot's Octokit, configured for GitHub's faults rather than wrapped in
 * hand-made retries:
 * - the retry plugin retries 5xx answers, timeouts and dropped connections with
 *   growing waits (timeouts come from the fetch in github-fetch.ts);
 * - the throttling plugin waits out a primary rate limit and, unlike Probot's
 *   default, a secondary one (403 or 429 with Retry-After) too, a bounded number
 *   of times; with REDIS_URL Probot shares its limits between replicas;
 * - an installation token GitHub refuses (401: expired or revoked) is renewed
 *   once through Probot's own auth, and the request sent again;
 * - a request no wait may sleep longer than MAX_RETRY_AFTER_WAIT_SECONDS on a
 *   rate limit: past it, and after the retries of an outage, it fails at once
 *   with a GitHubUnavailableError, which the review queue turns into a delayed
 *   retry of the whole review (review-retry.ts) instead of a worker asleep.
 */
import type { OctokitPlugin } from '@octokit/core/types';
import { ProbotOctokit } from 'probot';
import { asGitHubUnavailable } from '../github/github-unavailable.js';
import { statusOf } from '../github/github-errors.js';
import { createGitHubFetch, type Fetch } from './github-fetch.js';
import type { HunkwiseMetrics } from './metrics.js';
import { observeGitHubFetch } from './observe-github-fetch.js';

/**
 * The longest Retry-After (or rate-limit reset) one request waits out. A
 * review holds a worker slot and its pull request's lock; a longer wait costs
 * the other pull requests more than re-queueing this review does.
 */
export const MAX_RETRY_AFTER_WAIT_SECONDS = 60;

export interface GitHubClientSettings {
  /** Per request, headers and body. */
  readonly timeoutMs: number;
  /** Retries of a 5xx, a timeout or a dropped connection. */
  readonly retries: number;
  /** The retry plugin waits (n + 1)² × this before retry n. */
  readonly retryBaseMs: number;
  /** Retries after a rate limit (primary or secondary). */
  readonly rateLimitRetries: number;
  /** A rate limit that lifts later than this fails the run instead of holding a worker. */
  readonly maxRetryAfterSeconds: number;
}

export const DEFAULT_GITHUB_CLIENT_SETTINGS: GitHubClientSettings = {
  timeoutMs: 30_000,
  retries: 3,
  retryBaseMs: 1000,
  rateLimitRetries: 3,
  maxRetryAfterSeconds: MAX_RETRY_AFTER_WAIT_SECONDS,
};

/** The client a plugin receives (a type from Probot's own Octokit core). */
type PluginHost = Parameters<OctokitPlugin>[0];

/** Endpoints authenticated as the app (JWT), not with an installation token. */
function isAppRoute(url: string | undefined): boolean {
  return /^(?:[a-z]+:\/\/[^/]+)?(?:\/api\/v3)?\/app(?:\/|$)/.test(url ?? '');
}

/** A request refused with 401 gets a fresh installation token and one more try. */
const renewRefusedToken: OctokitPlugin = (octokit) => {
  octokit.hook.wrap('request', async (request, options) => {
    try {
      return await request(options);
    } catch (error) {
      if (statusOf(error) !== 401 || options.request?.hunkwiseRenewedToken === true || isAppRoute(options.url)) throw error;
      let renewed: unknown;
      try {
        renewed = await octokit.auth({ type: 'installation', refresh: true });
      } catch {
        throw error; // not an installation client, or the app itself is refused
      }
      if ((renewed as { type?: unknown } | null)?.type !== 'token') throw error;
      octokit.log.warn(`GitHub refused the installation token on ${options.method ?? 'GET'} ${options.url ?? ''}; renewed it`);
      return request({ ...options, request: { ...options.request, hunkwiseRenewedToken: true } });
    }
  });
};

/**
 * Outermost: a request that failed for GitHub's reasons (an outage after the
 * retry plugin's tries, a rate limit the throttler would not wait out) fails
 * as a GitHubUnavailableError. Other errors (404, 422, …) pass unchanged.
 */
const typeUnavailability: OctokitPlugin = (octokit) => {
  octokit.hook.wrap('request', async (request, options) => {
    try {
      return await request(options);
    } catch (error) {
      throw asGitHubUnavailable(error) ?? error;
    }
  });
};

interface RequestWithDefaults {
  defaults(options: Readonly<Record<string, unknown>>): unknown;
}

/**
 * Probot gives the app's auth a request without the base URL, which is right
 * only on github.com: an explicit token renewal (above) would ask api.github.com
 * for a GitHub Enterprise Server token. Pin it to the client's base URL.
 */
function authOnBaseUrl(options: Options, fetch: Fetch): Options {
  const auth = options.auth as Readonly<Record<string, unknown>> | undefined;
  const request = auth?.request as Partial<RequestWithDefaults> | undefined;
  if (auth === undefined || typeof request?.defaults !== 'function' || typeof options.baseUrl !== 'string') return {};
  return { auth: { ...auth, request: request.defaults({ baseUrl: options.baseUrl, request: { fetch } }) } };
}

interface ThrottledRequest {
  readonly method?: string;
  readonly url?: string;
}

type Options = Record<string, unknown>;

/** The Octokit class for `run()` / `createProbot()`: Probot's, with the settings above. */
export function createHunkwiseOctokit(
  settings: GitHubClientSettings = DEFAULT_GITHUB_CLIENT_SETTINGS,
  /** Counts each HTTP request (retries included) for GET /metrics. */
  metrics?: Pick<HunkwiseMetrics, 'githubRequest'>,
): typeof ProbotOctokit {
  const limited =
    (kind: string) =>
    (retryAfter: number, request: ThrottledRequest, octokit: PluginHost, retryCount: number): boolean => {
      const retry = retryCount < settings.rateLimitRetries && retryAfter <= settings.maxRetryAfterSeconds;
      octokit.log.warn(
        `${kind} rate limit on ${request.method ?? ''} ${request.url ?? ''}: ` +
          (retry ? `retrying in ${retryAfter} s (retry ${retryCount + 1})` : 'giving up'),
      );
      return retry;
    };

  // The function form runs after Probot's own defaults, so it sees (and keeps)
  // the Redis connection and per-installation id Probot put in `throttle`.
  // Plugins added later wrap the earlier ones: typeUnavailability sees the final error.
  return ProbotOctokit.plugin(renewRefusedToken, typeUnavailability).defaults((options: Options): Options => {
    const request = (options.request ?? {}) as Readonly<Record<string, unknown>>;
    const throttle = (options.throttle ?? {}) as Readonly<Record<string, unknown>>;
    // Counted beneath the time limit and the lost-creation lookups: every request that goes out.
    const base = (request.fetch as Fetch | undefined) ?? globalThis.fetch;
    const fetch = createGitHubFetch({ timeoutMs: settings.timeoutMs, fetch: metrics === undefined ? base : observeGitHubFetch(base, metrics) });
    return {
      ...options,
      ...authOnBaseUrl(options, fetch),
      request: { ...request, fetch },
      retry: { ...(options.retry as object | undefined), retries: settings.retries, retryAfterBaseValue: settings.retryBaseMs },
      throttle:
        throttle.enabled === false
          ? throttle
          : { ...throttle, onRateLimit: limited('Primary'), onSecondaryRateLimit: limited('Secondary') },
    };
  });
}
