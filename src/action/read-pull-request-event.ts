/** The pull request the workflow runs for, from the event payload the runner wrote (GITHUB_EVENT_PATH). */
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { ActionError } from './action-error.js';

/** GitHub caps webhook payloads at 25 MB; a larger file is not an event. */
export const MAX_EVENT_BYTES = 25 * 1024 * 1024;

/** The events whose payload carries `pull_request` with base and head. */
export const PULL_REQUEST_EVENTS: readonly string[] = ['pull_request', 'pull_request_target'];

/** SHA-1, or SHA-256 for repositories that use it. */
const sha = z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/);

const eventSchema = z.object({
  pull_request: z.object({
    number: z.number().int().positive(),
    base: z.object({ sha }),
    head: z.object({ sha }),
  }),
});

export interface PullRequestEvent {
  readonly number: number;
  readonly baseSha: string;
  readonly headSha: string;
}

export function readPullRequestEvent(eventName: string | undefined, eventPath: string | undefined): PullRequestEvent {
  if (eventName !== undefined && eventName !== '' && !PULL_REQUEST_EVENTS.includes(eventName)) {
    throw new ActionError(
      `this action reviews pull requests: run it on: pull_request (this run is for "${eventName}")`,
    );
  }
  if (eventPath === undefined || eventPath === '') throw new ActionError('GITHUB_EVENT_PATH is not set: run this as a step of a GitHub Actions job');
  let text: string;
  try {
    if (statSync(eventPath).size > MAX_EVENT_BYTES) throw new ActionError(`the event payload is larger than ${MAX_EVENT_BYTES} bytes`);
    text = readFileSync(eventPath, 'utf8');
  } catch (error) {
    if (error instanceof ActionError) throw error;
    throw new ActionError(`cannot read the event payload (GITHUB_EVENT_PATH): ${error instanceof Error ? error.message : String(error)}`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text) as unknown;
  } catch {
    throw new ActionError('the event payload (GITHUB_EVENT_PATH) is not JSON');
  }
  const parsed = eventSchema.safeParse(payload);
  if (!parsed.success) {
    throw new ActionError('the event payload has no pull_request with base.sha and head.sha: run this action on: pull_request');
  }
  const pr = parsed.data.pull_request;
  return { number: pr.number, baseSha: pr.base.sha, headSha: pr.head.sha };
}
