/** GraphQL requests that carry many aliased fields, and errors that still carry partial data. */
import type { ThreadResult } from '../gateway.js';
import { chunk, NO_BLIND_RETRY, type Octokit } from './octokit-client.js';

/** Mutations per GraphQL request; GitHub limits the cost of one request. */
const MUTATIONS_PER_REQUEST = 20;

export interface GraphqlErrorLike {
  readonly data?: unknown;
  readonly errors?: readonly { readonly message?: string; readonly path?: readonly (string | number)[] }[];
}

/** A GraphQL error response still carries the fields that worked. */
export function partialGraphql(error: unknown): GraphqlErrorLike | undefined {
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'GraphqlResponseError') {
    return error as GraphqlErrorLike;
  }
  return undefined;
}

/**
 * Mutations that add something, in batches of aliased fields `t<i>`; each request is sent once
 * (NO_BLIND_RETRY). One result per item: a field GitHub refused does not sink its neighbours.
 */
export async function mutateInBatches<T>(
  octokit: Octokit,
  items: readonly T[],
  build: (item: T, i: number, vars: Record<string, unknown>, defs: string[]) => string,
): Promise<ThreadResult[]> {
  const results: ThreadResult[] = [];
  for (const batch of chunk(items, MUTATIONS_PER_REQUEST)) {
    const vars: Record<string, unknown> = {};
    const defs: string[] = [];
    const fields = batch.map((item, i) => build(item, i, vars, defs));
    const mutation = `mutation(${defs.join(', ')}) { ${fields.join(' ')} }`;
    try {
      await octokit.graphql(mutation, { ...vars, ...NO_BLIND_RETRY });
      results.push(...batch.map(() => ({ ok: true })));
    } catch (error) {
      const partial = partialGraphql(error);
      if (partial === undefined) throw error;
      const data = (partial.data ?? {}) as Record<string, unknown>;
      batch.forEach((_, i) => {
        const failed = (partial.errors ?? []).find((e) => e.path?.[0] === `t${i}`);
        const ok = data[`t${i}`] !== null && data[`t${i}`] !== undefined && failed === undefined;
        results.push(ok ? { ok } : { ok, message: failed?.message ?? 'refused by GitHub' });
      });
    }
  }
  return results;
}
