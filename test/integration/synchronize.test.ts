import { fingerprintFindings, fingerprintMarker } from '../../src/review/fingerprint.js';
import {
  finalCheck,
  mockCheckUpdate,
  mockReview,
  mockReviewState,
  mockReviewUpTo,
  postedReviews,
  startHarness,
  stopHarness,
  type FileSpec,
  type Harness,
} from './support/harness.js';
import { HEAD_SHA, pullRequestEvent } from './support/webhooks.js';

const RUNNER = ['import subprocess', '', '', 'def run(name):', '    subprocess.call(f"make {name}", shell=True)', ''].join('\n');
const FIXED = ['import subprocess', '', '', 'def run(name):', '    subprocess.call(["make", name])', ''].join('\n');

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(stopHarness);

function markerFor(path: string, content: string): string {
  const { findings } = h.engine.scanFile(path, content);
  const [first] = fingerprintFindings(findings);
  if (first === undefined) throw new Error('the fixture should have a finding');
  return fingerprintMarker(first.fingerprint);
}

const botComment = (marker: string) => ({ body: `### 🔴 Shell command\n\n${marker}`, bot: true });

describe('pull_request.synchronize', () => {
  it('resolves the threads of findings that a push fixed, and leaves human threads to humans', async () => {
    const oldMarker = markerFor('app/runner.py', RUNNER);
    const files: FileSpec[] = [{ path: 'app/runner.py', status: 'modified', content: FIXED, patch: '@@ -5 +5 @@\n-    subprocess.call(f"make {name}", shell=True)\n+    subprocess.call(["make", name])' }];
    const threads = [
      { id: 'PRRT_fixed', path: 'app/runner.py', comments: [botComment(oldMarker)] },
      {
        id: 'PRRT_discussed',
        path: 'app/runner.py',
        comments: [botComment('<!-- hunkwise:fp=0123456789abcdef0123 -->'), { body: 'We need this, see #12', bot: false }],
      },
      { id: 'PRRT_someone_else', path: 'app/runner.py', comments: [{ body: 'nit: naming', bot: false }] },
    ];
    mockReviewUpTo(h.gh, files, { threads });
    mockReviewState(h.gh, threads); // looked at again right before replying: a retry never replies twice
    h.gh.graphql((b) => b.query.includes('resolveReviewThread'), {
      data: { r0: { comment: { id: 'c1' } }, t0: { thread: { id: 'PRRT_fixed' } } },
    });
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('synchronize'));

    const [mutation] = h.gh.graphqlBodies((b) => b.query.includes('resolveReviewThread'));
    expect(mutation.variables).toEqual({ id0: 'PRRT_fixed', b0: `✅ Fixed in ${HEAD_SHA.slice(0, 7)}.` });
    expect(mutation.query).toContain('addPullRequestReviewThreadReply');
    expect(postedReviews(h.gh)).toEqual([]);
    expect(finalCheck(h.gh).conclusion).toBe('success');
    expect(finalCheck(h.gh).output.summary).toContain('1 earlier thread resolved as fixed');
    h.gh.assertDone();
  });

  it('does not comment again on a finding an earlier run commented on (a redelivered webhook)', async () => {
    const files: FileSpec[] = [{ path: 'app/runner.py', content: RUNNER }];
    const marker = markerFor('app/runner.py', RUNNER);
    mockReviewUpTo(h.gh, files, { threads: [{ id: 'PRRT_1', path: 'app/runner.py', comments: [botComment(marker)] }] });
    mockCheckUpdate(h.gh);

    const event = pullRequestEvent('opened');
    await h.deliver(event);

    expect(postedReviews(h.gh)).toEqual([]);
    expect(finalCheck(h.gh).output.summary).toContain('1 commented before');
    expect(finalCheck(h.gh).conclusion).toBe('failure');
    h.gh.assertDone();
  });

  it('runs once for the same head delivered twice in a row', async () => {
    const files: FileSpec[] = [{ path: 'app/runner.py', content: RUNNER }];
    mockReviewUpTo(h.gh, files);
    mockReview(h.gh);
    mockCheckUpdate(h.gh);

    const event = pullRequestEvent('opened');
    await h.probot.receive(event);
    await h.probot.receive(event); // redelivered while the first is queued or running
    await h.hunkwise.drain();

    expect(postedReviews(h.gh)).toHaveLength(1);
    expect(h.logLines.some((l) => l.includes('"result":"duplicate"'))).toBe(true);
    h.gh.assertDone();
  });
});
