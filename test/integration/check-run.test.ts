import {
  CHECK_RUN_ID,
  finalCheck,
  mockCheckUpdate,
  mockPull,
  mockReviewUpTo,
  mockToken,
  startHarness,
  stopHarness,
  type Harness,
} from './support/harness.js';
import { checkRunRerequestedEvent, HEAD_SHA, NEW_HEAD_SHA, OWNER, PULL, REPO } from './support/webhooks.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(stopHarness);

describe('check_run.rerequested', () => {
  it('closes the check as superseded when the pull request has moved on', async () => {
    mockToken(h.gh);
    mockPull(h.gh, { headSha: NEW_HEAD_SHA });
    mockCheckUpdate(h.gh, 1, 555);

    await h.deliver(checkRunRerequestedEvent({ headSha: HEAD_SHA, checkRunId: 555, externalId: `pull:${PULL}` }));

    expect(finalCheck(h.gh)).toMatchObject({ status: 'completed', conclusion: 'neutral', output: { title: 'superseded' } });
    h.gh.assertDone();
  });

  it('re-runs the review of the current head, finding the pull request through GitHub’s list', async () => {
    mockToken(h.gh);
    mockPull(h.gh);
    mockReviewUpTo(h.gh, [{ path: 'app/ok.py', content: 'x = 1\n' }], { token: false });
    mockCheckUpdate(h.gh);

    await h.deliver(checkRunRerequestedEvent({ headSha: HEAD_SHA, pullRequests: [PULL] }));

    const created = h.gh.bodies('POST', '/repos/{owner}/{repo}/check-runs');
    expect(created).toHaveLength(1);
    expect(finalCheck(h.gh).conclusion).toBe('success');
    expect(h.gh.calls.some((c) => c.path.endsWith(`/check-runs/${CHECK_RUN_ID}`))).toBe(true);
    h.gh.assertDone();
  });

  it('searches by head commit when neither external_id nor the list names the pull request (a fork)', async () => {
    mockToken(h.gh);
    h.gh.rest('GET', '/search/issues', {}, { total_count: 1, incomplete_results: false, items: [{ number: PULL }] });
    mockPull(h.gh, { headSha: NEW_HEAD_SHA });
    mockCheckUpdate(h.gh, 1, 555);

    await h.deliver(checkRunRerequestedEvent({ headSha: HEAD_SHA, checkRunId: 555 }));

    const search = h.gh.calls.find((c) => c.route === '/search/issues');
    expect(decodeURIComponent(search?.path ?? '')).toContain(`${HEAD_SHA} type:pr is:open repo:${OWNER}/${REPO}`);
    expect(finalCheck(h.gh).output.title).toBe('superseded');
    h.gh.assertDone();
  });
});
