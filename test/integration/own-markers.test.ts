/**
 * Markers are hunkwise's alone, and a thread is answered exactly once: only
 * threads this App started are read, replied to and resolved; another app's
 * thread, or a person's quoting a marker, is left alone; a lost answer on the
 * reply-and-resolve mutation never gives two replies.
 */
import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { createOctokitGateway } from '../../src/github/octokit-gateway.js';
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
  type ThreadSpec,
} from './support/harness.js';
import { API, type GraphqlBody } from './support/github-mock.js';
import { HEAD_SHA, OWNER, pullRequestEvent, REPO } from './support/webhooks.js';

const RUNNER = ['import subprocess', '', '', 'def run(name):', '    subprocess.call(f"make {name}", shell=True)', ''].join('\n');
const FIXED = ['import subprocess', '', '', 'def run(name):', '    subprocess.call(["make", name])', ''].join('\n');
const FIXED_FILES: FileSpec[] = [
  {
    path: 'app/runner.py',
    status: 'modified',
    content: FIXED,
    patch: '@@ -5 +5 @@\n-    subprocess.call(f"make {name}", shell=True)\n+    subprocess.call(["make", name])',
  },
];
const REPLY = `✅ Fixed in ${HEAD_SHA.slice(0, 7)}.`;
const isResolve = (b: GraphqlBody) => b.query.includes('resolveReviewThread');

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(stopHarness);

function markerFor(path: string, content: string): string {
  const [first] = fingerprintFindings(h.engine.scanFile(path, content).findings);
  if (first === undefined) throw new Error('the fixture should have a finding');
  return fingerprintMarker(first.fingerprint);
}

describe('markers are read only from threads this App started', () => {
  it("ignores a marker in another app's thread: no reply, no resolve", async () => {
    const marker = markerFor('app/runner.py', RUNNER);
    mockReviewUpTo(h.gh, FIXED_FILES, {
      threads: [{ id: 'PRRT_other_app', path: 'app/runner.py', comments: [{ body: `Looks off.\n\n${marker}`, bot: true, login: 'other-app' }] }],
    });
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('synchronize'));

    expect(h.gh.graphqlBodies(isResolve)).toEqual([]);
    expect(finalCheck(h.gh).conclusion).toBe('success');
    h.gh.assertDone();
  });

  it('ignores a thread a person started quoting our marker, even with our comment in it', async () => {
    const marker = markerFor('app/runner.py', RUNNER);
    mockReviewUpTo(h.gh, FIXED_FILES, {
      threads: [
        {
          id: 'PRRT_quoted',
          path: 'app/runner.py',
          comments: [
            { body: `> ${marker}\nwhat is this?`, bot: false, login: 'mallory' },
            { body: `### 🔴 Shell command\n\n${fingerprintMarker('0123456789abcdef0123')}`, bot: true },
          ],
        },
      ],
    });
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('synchronize'));

    expect(h.gh.graphqlBodies(isResolve)).toEqual([]);
    h.gh.assertDone();
  });

  it("does not take another app's marker for its own comment: the finding is still commented on", async () => {
    const marker = markerFor('app/runner.py', RUNNER);
    mockReviewUpTo(h.gh, [{ path: 'app/runner.py', content: RUNNER }], {
      threads: [{ id: 'PRRT_forged', path: 'app/runner.py', comments: [{ body: marker, bot: true, login: 'forger' }] }],
    });
    mockReview(h.gh);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    expect(postedReviews(h.gh)).toHaveLength(1);
    expect(postedReviews(h.gh)[0].comments).toHaveLength(1);
    h.gh.assertDone();
  });
});

describe('a fixed thread is answered exactly once', () => {
  function ourThread(extra: ThreadSpec['comments'] = [], isResolved = false): ThreadSpec {
    return {
      id: 'PRRT_fixed',
      path: 'app/runner.py',
      isResolved,
      comments: [{ body: `### 🔴 Shell command\n\n${markerFor('app/runner.py', RUNNER)}`, bot: true }, ...extra],
    };
  }

  it('after a lost answer on reply-and-resolve, looks again and only resolves: one reply in all', async () => {
    mockReviewUpTo(h.gh, FIXED_FILES, { threads: [ourThread()] });
    mockReviewState(h.gh, [ourThread()]); // the look before the first try
    // GitHub applied the reply but the answer was lost.
    h.gh.graphql(isResolve, { message: 'Bad Gateway' }, { status: 502 });
    mockReviewState(h.gh, [ourThread([{ body: REPLY, bot: true }])]); // the look before the second try
    h.gh.graphql(isResolve, { data: { t0: { thread: { id: 'PRRT_fixed' } } } });
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('synchronize'));

    const [first, second] = h.gh.graphqlBodies(isResolve);
    expect(first.query).toContain('addPullRequestReviewThreadReply');
    expect(first.variables).toEqual({ id0: 'PRRT_fixed', b0: REPLY });
    expect(second.query).not.toContain('addPullRequestReviewThreadReply');
    expect(second.variables).toEqual({ id0: 'PRRT_fixed' });
    expect(finalCheck(h.gh).output.summary).toContain('1 earlier thread resolved as fixed');
    h.gh.assertDone();
  });

  it('a retried job finds its own reply already there and only resolves', async () => {
    mockReviewUpTo(h.gh, FIXED_FILES, { threads: [ourThread([{ body: REPLY, bot: true }])] });
    mockReviewState(h.gh, [ourThread([{ body: REPLY, bot: true }])]);
    h.gh.graphql(isResolve, { data: { t0: { thread: { id: 'PRRT_fixed' } } } });
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('synchronize'));

    const [only] = h.gh.graphqlBodies(isResolve);
    expect(only.query).not.toContain('addPullRequestReviewThreadReply');
    h.gh.assertDone();
  });

  it('leaves a thread alone that someone answered between the plan and the reply', async () => {
    mockReviewUpTo(h.gh, FIXED_FILES, { threads: [ourThread()] });
    mockReviewState(h.gh, [ourThread([{ body: 'Not fixed, it moved', bot: false }])]);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('synchronize'));

    expect(h.gh.graphqlBodies(isResolve)).toEqual([]);
    h.gh.assertDone();
  });
});

describe('the reply-and-resolve mutation under the retry plugin', () => {
  it('is sent once, even when the retry plugin would retry a 502', async () => {
    nock.disableNetConnect();
    const octokit = new ProbotOctokit({ auth: { token: 'ghs_test' }, retry: { retryAfterBaseValue: 1 }, throttle: { enabled: false } });
    const scope = nock(API).post('/graphql').reply(502, { message: 'Bad Gateway' });
    const gateway = createOctokitGateway(octokit, { owner: OWNER, repo: REPO });

    await expect(gateway.resolveThreads([{ threadId: 'PRRT_x', reply: REPLY }])).rejects.toMatchObject({ status: 502 });

    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });
});
