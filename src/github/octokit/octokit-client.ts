/** What every per-resource part of the Octokit gateway shares. */
import type { ProbotOctokit } from 'probot';

export type Octokit = ProbotOctokit;

export interface RepositoryClient {
  readonly octokit: Octokit;
  readonly owner: string;
  readonly repo: string;
}

/**
 * Request options for a call that adds something (a review, a check run, a reply, a pending
 * thread): the retry plugin must not send it again after a lost answer, or it is added twice.
 * The gateway looks before it tries again (see create-once.ts, and the callers of mutateInBatches).
 */
export const NO_BLIND_RETRY = { request: { retries: 0 } } as const;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
