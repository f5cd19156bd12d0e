/**
 * A webhook for an old head that arrives late (a redelivery, a delayed
 * delivery) must not cost the newer head its review: refused when its
 * `updated_at` says it is older, and otherwise, when it gets to run, its run
 * sees GitHub's head, closes its own check as superseded and makes sure the
 * real head is reviewed.
 */
import nock from 'nock';
import type { EmitterWebhookEvent } from '@octokit/webhooks';
import {
  checkUpdates,
  mockBlobs,
  mockChangedFiles,
  mockCheckList,
  mockCheckUpdate,
  mockConfig,
  mockPull,
  mockReview,
  mockReviewState,
  mockRuleFiles,
  mockToken,
  postedReviews,
  startHarness,
  stopHarness,
  type FileSpec,
  type Harness,
} from './support/harness.js';
import { API, type GitHubMock } from './support/github-mock.js';
import { HEAD_SHA, NEW_HEAD_SHA, OWNER, pullRequestEvent, REPO, type PullRequestAction } from './support/webhooks.js';

/** A: the old head whose webhook comes late. B: the pull request's real head. X: a head before both. */
const A = HEAD_SHA;
const B = NEW_HEAD_SHA;
const X = 'e0'.repeat(20);
const CHECK_IDS: Readonly<Record<string, number>> = { [X]: 700, [A]: 701, [B]: 702 };

const T0 = '2024-05-01T10:00:00Z';
const T1 = '2024-05-01T10:01:00Z';
const T2 = '2024-05-01T10:02:00Z';

const RUNNER = ['import subprocess', '', '', 'def run(name):', '    subprocess.call(f"make {name}", shell=True)', ''].join('\n');
const files: FileSpec[] = [{ path: 'app/runner.py', content: RUNNER }];
const repoParams = { owner: OWNER, repo: REPO };

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(stopHarness);

/** A pull_request delivery for `headSha` whose payload says the pull request was updated at `updatedAt`. */
function delivery(action: PullRequestAction, headSha: string, updatedAt: string): EmitterWebhookEvent<'pull_request'> {
  const event = pullRequestEvent(action, { headSha });
  (event.payload as unknown as { pull_request: { updated_at: string } }).pull_request.updated_at = updatedAt;
  return event;
}

/**
 * Step 1 for each of `heads`: no check to resume, a new one with the head's id.
 * X's look-up is left to the test that holds X's run there.
 */
function mockCheckCreations(gh: GitHubMock, heads: readonly string[]): void {
  for (const head of heads) if (head !== X) mockCheckList(gh, [], head);
  const idFor = (body: unknown) => ({ id: CHECK_IDS[(body as { head_sha: string }).head_sha] });
  gh.rest('POST', '/repos/{owner}/{repo}/check-runs', repoParams, idFor, { times: heads.length });
}

/** Steps 2 to 8 of a run for `head`, GitHub reporting B as the pull request's head. */
function mockRunUpToHeadCheck(gh: GitHubMock, head: string): void {
  mockConfig(gh, null);
  mockRuleFiles(gh);
  mockChangedFiles(gh, files);
  mockBlobs(gh, files, { headSha: head });
  mockReviewState(gh);
  mockPull(gh, { headSha: B });
}

function createdCheckHeads(): string[] {
  return h.gh.bodies('POST', '/repos/{owner}/{repo}/check-runs').map((b) => (b as { head_sha: string }).head_sha);
}

function updatesOf(checkRunId: number): ReturnType<typeof checkUpdates> {
  const paths = h.gh.calls.filter((c) => c.method === 'PATCH').map((c) => c.path);
  return checkUpdates(h.gh).filter((_, i) => paths[i].endsWith(`/check-runs/${checkRunId}`));
}

describe('a late delivery for an old head', () => {
  it('is refused when its updated_at is older: one review, for B, and no check run for A', async () => {
    mockToken(h.gh);
    mockCheckCreations(h.gh, [B]);
    mockRunUpToHeadCheck(h.gh, B);
    mockReview(h.gh);
    mockCheckUpdate(h.gh, 1, CHECK_IDS[B]);

    await h.deliver(delivery('synchronize', B, T2));
    await h.deliver(delivery('synchronize', A, T1)); // redelivered, or delayed, after B's

    expect(postedReviews(h.gh).map((r) => r.commit_id)).toEqual([B]);
    expect(createdCheckHeads()).toEqual([B]);
    expect(h.logLines.some((l) => l.includes('"result":"stale"') && l.includes(A))).toBe(true);
    h.gh.assertDone();
  });

  it('that gets to run (same second) ends its check as superseded and leaves B reviewed once', async () => {
    mockToken(h.gh);
    mockCheckCreations(h.gh, [B, A]);
    mockRunUpToHeadCheck(h.gh, B);
    mockRunUpToHeadCheck(h.gh, A);
    mockReview(h.gh);
    mockCheckUpdate(h.gh, 1, CHECK_IDS[B]);
    mockCheckUpdate(h.gh, 1, CHECK_IDS[A]);

    await h.probot.receive(delivery('synchronize', B, T2));
    await h.probot.receive(delivery('synchronize', A, T2)); // cannot be ordered: taken
    await h.hunkwise.drain();

    expect(postedReviews(h.gh).map((r) => r.commit_id)).toEqual([B]);
    expect(createdCheckHeads()).toEqual([B, A]);
    expect(updatesOf(CHECK_IDS[A])).toEqual([
      expect.objectContaining({ status: 'completed', conclusion: 'neutral', output: expect.objectContaining({ title: 'superseded' }) }),
    ]);
    expect(updatesOf(CHECK_IDS[B]).at(-1)?.conclusion).toBe('failure');
    // B's review had finished: A's run queues nothing more.
    expect(h.logLines.some((l) => l.includes('the head moved to one already reviewed'))).toBe(true);
    h.gh.assertDone();
  });

  it('that replaced B’s waiting job: the run that finds B on GitHub queues B again, and A never runs', async () => {
    mockToken(h.gh);
    // X's run waits at step 1 until B and the late A have been delivered.
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    nock(API)
      .get(`/repos/${OWNER}/${REPO}/commits/${X}/check-runs`)
      .query({ check_name: 'hunkwise', filter: 'latest' })
      .reply(async () => {
        await gate;
        return [200, { total_count: 0, check_runs: [] }];
      });
    mockCheckCreations(h.gh, [X, B]);
    mockRunUpToHeadCheck(h.gh, X);
    mockRunUpToHeadCheck(h.gh, B);
    mockReview(h.gh);
    mockCheckUpdate(h.gh, 1, CHECK_IDS[X]);
    mockCheckUpdate(h.gh, 1, CHECK_IDS[B]);

    await h.probot.receive(delivery('opened', X, T0));
    await h.probot.receive(delivery('synchronize', B, T2));
    await h.probot.receive(delivery('synchronize', A, T2)); // same second as B: replaces B's waiting job
    expect(h.logLines.some((l) => l.includes('"result":"replaced"') && l.includes(A))).toBe(true);
    open();
    await h.hunkwise.drain();

    expect(postedReviews(h.gh).map((r) => r.commit_id)).toEqual([B]);
    expect(createdCheckHeads()).toEqual([X, B]);
    expect(updatesOf(CHECK_IDS[X])).toEqual([
      expect.objectContaining({ conclusion: 'neutral', output: expect.objectContaining({ title: 'superseded' }) }),
    ]);
    expect(h.logLines.some((l) => l.includes('queued the review of the current head') && l.includes(B))).toBe(true);
    h.gh.assertDone();
  });
});
