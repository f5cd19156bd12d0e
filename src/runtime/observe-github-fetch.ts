/**
 * The fetch under Octokit with every HTTP request to GitHub counted (method,
 * status class, or `error` when no answer came) and the rate-limit budget GitHub
 * reports kept, for GET /metrics. Requests and answers pass through untouched.
 */
import type { Fetch } from './github-fetch.js';
import type { HunkwiseMetrics } from './metrics.js';

export function observeGitHubFetch(fetch: Fetch, metrics: Pick<HunkwiseMetrics, 'githubRequest'>): Fetch {
  return async (input, init) => {
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (error) {
      metrics.githubRequest(method, undefined);
      throw error;
    }
    const remaining = response.headers.get('x-ratelimit-remaining');
    const resource = response.headers.get('x-ratelimit-resource');
    metrics.githubRequest(method, response.status, {
      ...(remaining === null || !/^\d{1,9}$/.test(remaining) ? {} : { remaining: Number(remaining) }),
      ...(resource === null ? {} : { resource }),
    });
    return response;
  };
}
