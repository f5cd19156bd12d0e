/**
 * Counts the GitHub requests an Octokit makes, by route. The job logs the
 * total with its finished line, and the efficiency test reads it to keep
 * "one review of 50 files in at most 15 requests" true.
 */

interface HookableOctokit {
  readonly hook: {
    before(name: 'request', fn: (options: { method?: string; url?: string }) => void): void;
  };
}

export interface RequestCounter {
  readonly total: number;
  /** `METHOD /route/{template}` → count; GraphQL shows as `POST /graphql`. */
  readonly byRoute: ReadonlyMap<string, number>;
}

export function countRequests(octokit: HookableOctokit): RequestCounter {
  const byRoute = new Map<string, number>();
  let total = 0;
  octokit.hook.before('request', (options) => {
    total++;
    const key = `${options.method ?? 'GET'} ${options.url ?? '?'}`;
    byRoute.set(key, (byRoute.get(key) ?? 0) + 1);
  });
  return {
    get total() {
      return total;
    },
    byRoute,
  };
}
