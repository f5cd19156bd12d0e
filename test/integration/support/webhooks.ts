/**
 * Webhook events built from GitHub's real example payloads
 * (@octokit/webhooks-examples): the example for the action, with only the
 * fields a test is about overridden.
 */
import { createRequire } from 'node:module';
import type { EmitterWebhookEvent } from '@octokit/webhooks';

const require = createRequire(import.meta.url);

interface Definition {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}

const definitions = require('@octokit/webhooks-examples/api.github.com/index.json') as Definition[];

export const OWNER = 'hunkwise-test';
export const REPO = 'demo';
export const INSTALLATION_ID = 4242;
export const PULL = 7;
export const AUTHOR = 'alice';
export const HEAD_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const NEW_HEAD_SHA = 'ffeeddccbbaa99887766554433221100ffeeddcc';

type Json = Record<string, unknown>;

function example(event: string, action: string): Json {
  const def = definitions.find((d) => d.name === event);
  const found = def?.examples.find((e) => e.action === action);
  if (found === undefined) throw new Error(`no ${event}.${action} example in @octokit/webhooks-examples`);
  return structuredClone(found) as Json;
}

function obj(value: unknown): Json {
  return value as Json;
}

/** The repository and installation every test event belongs to. */
function placeInTestRepo(payload: Json): void {
  const repository = obj(payload.repository);
  repository.name = REPO;
  repository.full_name = `${OWNER}/${REPO}`;
  obj(repository.owner).login = OWNER;
  payload.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==' };
}

let delivery = 0;
export function nextDeliveryId(): string {
  delivery += 1;
  return `00000000-0000-4000-8000-${String(delivery).padStart(12, '0')}`;
}

export type PullRequestAction = 'opened' | 'synchronize' | 'reopened' | 'ready_for_review';

export function pullRequestEvent(
  action: PullRequestAction,
  overrides: { headSha?: string; draft?: boolean; deliveryId?: string } = {},
): EmitterWebhookEvent<'pull_request'> {
  const payload = example('pull_request', action);
  placeInTestRepo(payload);
  payload.number = PULL;
  const pr = obj(payload.pull_request);
  pr.number = PULL;
  pr.state = 'open';
  pr.draft = overrides.draft ?? false;
  obj(pr.user).login = AUTHOR;
  obj(pr.head).sha = overrides.headSha ?? HEAD_SHA;
  return {
    id: overrides.deliveryId ?? nextDeliveryId(),
    name: 'pull_request',
    payload,
  } as unknown as EmitterWebhookEvent<'pull_request'>;
}

export function issueCommentEvent(options: {
  body: string;
  login?: string;
  userType?: 'User' | 'Bot';
  state?: 'open' | 'closed';
  commentId?: number;
}): EmitterWebhookEvent<'issue_comment'> {
  const payload = example('issue_comment', 'created');
  placeInTestRepo(payload);
  const issue = obj(payload.issue);
  issue.number = PULL;
  issue.state = options.state ?? 'open';
  obj(issue.user).login = AUTHOR;
  // The examples are comments on issues; a pull request's issue carries this link.
  issue.pull_request = {
    url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${PULL}`,
    html_url: `https://github.com/${OWNER}/${REPO}/pull/${PULL}`,
    diff_url: `https://github.com/${OWNER}/${REPO}/pull/${PULL}.diff`,
    patch_url: `https://github.com/${OWNER}/${REPO}/pull/${PULL}.patch`,
    merged_at: null,
  };
  const comment = obj(payload.comment);
  comment.id = options.commentId ?? 9001;
  comment.body = options.body;
  const user = obj(comment.user);
  user.login = options.login ?? AUTHOR;
  user.type = options.userType ?? 'User';
  obj(payload.sender).login = options.login ?? AUTHOR;
  obj(payload.sender).type = options.userType ?? 'User';
  return { id: nextDeliveryId(), name: 'issue_comment', payload } as unknown as EmitterWebhookEvent<'issue_comment'>;
}

export function checkRunRerequestedEvent(options: {
  headSha: string;
  checkRunId?: number;
  externalId?: string;
  pullRequests?: readonly number[];
}): EmitterWebhookEvent<'check_run'> {
  const payload = example('check_run', 'rerequested');
  placeInTestRepo(payload);
  const run = obj(payload.check_run);
  run.id = options.checkRunId ?? 555;
  run.name = 'hunkwise';
  run.head_sha = options.headSha;
  run.external_id = options.externalId ?? '';
  run.pull_requests = (options.pullRequests ?? []).map((number) => ({
    url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${number}`,
    id: 1000 + number,
    number,
    head: { ref: 'feature', sha: options.headSha, repo: { id: 1, url: '', name: REPO } },
    base: { ref: 'main', sha: '0'.repeat(40), repo: { id: 1, url: '', name: REPO } },
  }));
  return { id: nextDeliveryId(), name: 'check_run', payload } as unknown as EmitterWebhookEvent<'check_run'>;
}
