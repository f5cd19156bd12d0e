/**
 * The pieces an end-to-end test puts together: app credentials, the stand-in,
 * repositories with pull requests on it, and waiting for what hunkwise does.
 */
import { createAppCredentials, type AppCredentials } from './app-credentials.js';
import { GitHubStandin, type CheckRunRecord, type StandinFile } from '../github-standin.js';
import { deliver, pullRequestEvent, type DeliveryResult, type RepoRef } from './webhooks.js';
import { DEPLOY_PY, sha } from './python-fixtures.js';

export interface World {
  readonly credentials: AppCredentials;
  readonly standin: GitHubStandin;
  /** A repository of its own installation (GitHub's rate limits are per installation). */
  newRepo(name: string): RepoRef;
}

export async function createWorld(): Promise<World> {
  const credentials = createAppCredentials();
  const standin = new GitHubStandin({ appId: credentials.appId, appPublicKey: credentials.publicKey });
  await standin.start();
  let installations = 0;
  return {
    credentials,
    standin,
    newRepo(name) {
      const ref: RepoRef = { owner: 'acme', repo: name, installationId: 100 + ++installations };
      standin.addRepo(ref);
      return ref;
    },
  };
}

export interface OpenedPull {
  readonly ref: RepoRef;
  readonly number: number;
  readonly headSha: string;
}

/** Puts a pull request (or a push to it) on the stand-in. */
export function putPull(world: World, ref: RepoRef, number: number, label: string, files?: readonly StandinFile[]): OpenedPull {
  const headSha = sha(`${ref.repo}#${number}:${label}`);
  world.standin.setPull({
    owner: ref.owner,
    repo: ref.repo,
    number,
    headSha,
    files: files ?? [{ path: 'app/deploy.py', content: DEPLOY_PY }],
  });
  return { ref, number, headSha };
}

export function sendPullRequest(
  world: World,
  webhookUrl: string,
  pull: OpenedPull,
  action: 'opened' | 'synchronize' = 'opened',
  deliveryId?: string,
): Promise<DeliveryResult> {
  return deliver(webhookUrl, world.credentials.webhookSecret, {
    event: 'pull_request',
    payload: pullRequestEvent(pull.ref, pull.number, pull.headSha, action),
    ...(deliveryId === undefined ? {} : { deliveryId }),
  });
}

export async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the check run GitHub shows for the head is completed. */
export function completedCheck(world: World, pull: OpenedPull, timeoutMs = 30_000): Promise<CheckRunRecord> {
  return until(
    () => {
      const run = world.standin.latestCheckRun(pull.ref.owner, pull.ref.repo, pull.headSha);
      return run?.status === 'completed' ? run : undefined;
    },
    `a completed check run on ${pull.ref.repo}#${pull.number}@${pull.headSha.slice(0, 7)}`,
    timeoutMs,
  );
}

/** Lets anything still in flight land, so "exactly one" means one. */
export const settle = (ms = 1500): Promise<void> => new Promise((r) => setTimeout(r, ms));
