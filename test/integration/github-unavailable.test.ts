/**
 * GitHub unavailable (a long Retry-After, an outage for a whole run): the
 * review is re-queued with bounded backoff instead of being dropped or leaving
 * its check run in progress; when GitHub never comes back, the stranded-run
 * sweeper ends the check run visibly.
 */
import { createInProcessReviewQueue, type InProcessTiming } from '../../src/jobs/review-queue.js';
import {
  APP_ID,
  CHECK_RUN_ID,
  checkUpdates,
  finalCheck,
  mockBlobs,
  mockChangedFiles,
  mockCheckCreate,
  mockCheckList,
  mockCheckUpdate,
  mockConfig,
  mockPull,
  mockReviewState,
  mockReviewUpTo,
  mockRuleFiles,
  mockToken,
  startHarness,
  stopHarness,
  type FileSpec,
  type Harness,
} from './support/harness.js';
import { HEAD_SHA, OWNER, PULL, pullRequestEvent, REPO } from './support/webhooks.js';

const repo = { owner: OWNER, repo: REPO };
const files: FileSpec[] = [{ path: 'app/ok.py', content: 'x = 1\n' }];
const unavailable = { message: 'Service Unavailable' };

async function harnessWith(timing: Partial<InProcessTiming>): Promise<Harness> {
  return startHarness({
    createQueue: (process, log, sweep) => createInProcessReviewQueue({ concurrency: 1, process, log, sweep, timing }),
  });
}

const SHORT_RETRIES = { attempts: 3, backoffMs: 5, maxBackoffMs: 20 };

const inProgressRun = {
  id: CHECK_RUN_ID,
  name: 'hunkwise',
  head_sha: HEAD_SHA,
  status: 'in_progress',
  conclusion: null,
  external_id: `pull:${PULL}`,
  app: { id: APP_ID, slug: 'hunkwise' },
};

function patch(status: number, headers: Record<string, string> = {}, body: unknown = { id: CHECK_RUN_ID }): void {
  h.gh.rest('PATCH', '/repos/{owner}/{repo}/check-runs/{check_run_id}', { ...repo, check_run_id: CHECK_RUN_ID }, body, { status, headers });
}

async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let h: Harness;
afterEach(stopHarness);

describe('GitHub unavailable', () => {
  it('a Retry-After of 1000 s on the completing PATCH re-queues the review; the check completes once GitHub answers', async () => {
    h = await harnessWith({ unavailable: SHORT_RETRIES });
    mockReviewUpTo(h.gh, files);
    patch(429, { 'retry-after': '1000' }, { message: 'You have exceeded a secondary rate limit.' });
    patch(200); // "waiting for GitHub, will retry"
    // The retry: it takes the check run over and finishes it.
    mockCheckList(h.gh, [inProgressRun]);
    mockCheckUpdate(h.gh); // restarted
    mockConfig(h.gh, null);
    mockRuleFiles(h.gh);
    mockChangedFiles(h.gh, files);
    mockBlobs(h.gh, files);
    mockReviewState(h.gh);
    mockPull(h.gh);
    mockCheckUpdate(h.gh); // completed

    await h.deliver(pullRequestEvent('opened'));

    const updates = checkUpdates(h.gh);
    expect(updates[1]).toMatchObject({ status: 'in_progress', output: { title: 'Waiting for GitHub, will retry' } });
    expect(finalCheck(h.gh)).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(h.logLines.some((l) => l.includes('"status":"unavailable"'))).toBe(true);
    expect(h.logLines.some((l) => l.includes('the review will be retried') && l.includes('"retryAfterMs":1000000'))).toBe(true);
    expect(h.logLines.some((l) => l.includes('the review runs again later'))).toBe(true);
    h.gh.assertDone();
  });

  it('a 503 for a whole run does not drop the review: it runs again, and its check run is created once GitHub is back', async () => {
    h = await harnessWith({ unavailable: SHORT_RETRIES });
    mockToken(h.gh);
    for (let attempt = 0; attempt < 2; attempt++) {
      h.gh.rest('GET', '/repos/{owner}/{repo}/commits/{ref}/check-runs', { ...repo, ref: HEAD_SHA }, unavailable, { status: 503 });
      h.gh.rest('POST', '/repos/{owner}/{repo}/check-runs', repo, unavailable, { status: 503 });
      // Did the refused creation create the run after all? (GitHub is still down.)
      h.gh.rest('GET', '/repos/{owner}/{repo}/commits/{ref}/check-runs', { ...repo, ref: HEAD_SHA }, unavailable, { status: 503 });
    }
    mockCheckCreate(h.gh);
    mockConfig(h.gh, null);
    mockRuleFiles(h.gh);
    mockChangedFiles(h.gh, files);
    mockBlobs(h.gh, files);
    mockReviewState(h.gh);
    mockPull(h.gh);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    expect(h.gh.bodies('POST', '/repos/{owner}/{repo}/check-runs')).toHaveLength(3);
    expect(finalCheck(h.gh)).toMatchObject({ status: 'completed', conclusion: 'success' });
    h.gh.assertDone();
  });

  it('when GitHub stays unavailable through every retry, the sweeper closes the stranded check run as failure', async () => {
    h = await harnessWith({ unavailable: { attempts: 2, backoffMs: 5, maxBackoffMs: 20 }, strandedAfterMs: 300 });
    // Attempt 1: the check run is created, then GitHub goes away.
    mockToken(h.gh);
    mockCheckCreate(h.gh);
    h.gh.rest('GET', '/repos/{owner}/{repo}/contents/{path}', { ...repo, path: '.github/hunkwise.yml' }, unavailable, { status: 503 });
    mockRuleFiles(h.gh);
    patch(503, {}, unavailable); // "waiting for GitHub" could not be written
    // Attempt 2, the last: still down.
    mockCheckList(h.gh, [inProgressRun]);
    patch(503, {}, unavailable);
    h.gh.rest('POST', '/repos/{owner}/{repo}/check-runs', repo, unavailable, { status: 503 });
    h.gh.rest('GET', '/repos/{owner}/{repo}/commits/{ref}/check-runs', { ...repo, ref: HEAD_SHA }, unavailable, { status: 503 });
    // The sweep, once GitHub answers: the run is still in progress, so it is closed.
    mockCheckList(h.gh, [inProgressRun]);
    patch(200);

    await h.deliver(pullRequestEvent('opened'));
    await until(() => checkUpdates(h.gh).length === 3, 'the sweep');

    expect(finalCheck(h.gh)).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'hunkwise could not finish: comment /recheck to retry' },
    });
    expect(h.logLines.some((l) => l.includes('GitHub stayed unavailable through every retry'))).toBe(true);
    h.gh.assertDone();
  });
});
