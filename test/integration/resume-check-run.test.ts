/**
 * Step 1 after a worker died mid-job: the retry takes over the check run the
 * dead worker left in progress instead of leaving it spinning next to a new one.
 */
import {
  APP_ID,
  CHECK_RUN_ID,
  checkUpdates,
  finalCheck,
  mockCheckList,
  mockCheckUpdate,
  mockConfig,
  mockReviewState,
  mockChangedFiles,
  mockBlobs,
  mockPull,
  mockRuleFiles,
  mockToken,
  startHarness,
  stopHarness,
  type FileSpec,
  type Harness,
} from './support/harness.js';
import { HEAD_SHA, OWNER, PULL, pullRequestEvent, REPO } from './support/webhooks.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(stopHarness);

const LEFT_OVER_ID = 4242;
const files: FileSpec[] = [{ path: 'app/ok.py', content: 'x = 1\n' }];

function run(options: { id?: number; status?: string; appId?: number; externalId?: string } = {}): Record<string, unknown> {
  return {
    id: options.id ?? LEFT_OVER_ID,
    name: 'hunkwise',
    head_sha: HEAD_SHA,
    status: options.status ?? 'in_progress',
    conclusion: null,
    external_id: options.externalId ?? `pull:${PULL}`,
    app: { id: options.appId ?? APP_ID, slug: 'hunkwise' },
  };
}

/** Everything after step 1 of a clean review of `files`. */
function mockRestOfReview(checkRunId: number): void {
  mockConfig(h.gh, null);
  mockRuleFiles(h.gh);
  mockChangedFiles(h.gh, files);
  mockBlobs(h.gh, files);
  mockReviewState(h.gh);
  mockPull(h.gh);
  mockCheckUpdate(h.gh, 1, checkRunId);
}

describe('an unfinished check run on the head', () => {
  it.each(['in_progress', 'queued'])('is taken over when %s, and no new one is created', async (status) => {
    mockToken(h.gh);
    mockCheckList(h.gh, [run({ status })]);
    // The restart, then the completion.
    mockCheckUpdate(h.gh, 1, LEFT_OVER_ID);
    mockRestOfReview(LEFT_OVER_ID);

    await h.deliver(pullRequestEvent('opened'));

    expect(h.gh.bodies('POST', '/repos/{owner}/{repo}/check-runs')).toHaveLength(0);
    const [restart] = checkUpdates(h.gh);
    expect(restart).toMatchObject({ status: 'in_progress', output: { title: expect.any(String) } });
    expect(restart).not.toHaveProperty('conclusion');
    expect(finalCheck(h.gh)).toMatchObject({ status: 'completed', conclusion: 'success' });
    h.gh.assertDone();
  });

  it.each([
    ['completed', run({ status: 'completed' })],
    ['another app’s', run({ appId: APP_ID + 1 })],
    ['another pull request’s', run({ externalId: `pull:${PULL + 1}` })],
  ])('is not taken over when it is %s: a new one is created', async (_, other) => {
    mockToken(h.gh);
    mockCheckList(h.gh, [other]);
    h.gh.rest('POST', '/repos/{owner}/{repo}/check-runs', { owner: OWNER, repo: REPO }, { id: CHECK_RUN_ID });
    mockRestOfReview(CHECK_RUN_ID);

    await h.deliver(pullRequestEvent('opened'));

    expect(h.gh.bodies('POST', '/repos/{owner}/{repo}/check-runs')).toHaveLength(1);
    expect(h.gh.calls.some((c) => c.path.includes(`/check-runs/${LEFT_OVER_ID}`))).toBe(false);
    h.gh.assertDone();
  });

  it('falls back to creating a check run when the list fails', async () => {
    mockToken(h.gh);
    h.gh.rest(
      'GET',
      '/repos/{owner}/{repo}/commits/{ref}/check-runs',
      { owner: OWNER, repo: REPO, ref: HEAD_SHA },
      { message: 'Server Error' },
      { status: 500 },
    );
    h.gh.rest('POST', '/repos/{owner}/{repo}/check-runs', { owner: OWNER, repo: REPO }, { id: CHECK_RUN_ID });
    mockRestOfReview(CHECK_RUN_ID);

    await h.deliver(pullRequestEvent('opened'));

    expect(finalCheck(h.gh).conclusion).toBe('success');
    h.gh.assertDone();
  });
});
