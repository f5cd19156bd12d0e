/**
 * A file the engine could not fully analyse (cut at its deadline, a rule that
 * threw) never lets the check pass and never lets a thread on it be resolved as
 * fixed. The App runs the engine pool here, with a stand-in worker that hangs or
 * reports a failed rule on demand (test/engine-pool/fixtures).
 */
import { createEnginePool, type EnginePool } from '../../src/engine-pool/engine-pool.js';
import { fingerprintMarker } from '../../src/review/fingerprint.js';
import {
  finalCheck,
  mockCheckUpdate,
  mockReviewState,
  mockReviewUpTo,
  startHarness,
  stopHarness,
  type FileSpec,
  type Harness,
  type ThreadSpec,
} from './support/harness.js';
import { pullRequestEvent } from './support/webhooks.js';

const HOSTILE = new URL('../engine-pool/fixtures/hostile-engine-worker.mjs', import.meta.url);

let h: Harness;
let pool: EnginePool;
beforeEach(async () => {
  pool = createEnginePool({ rules: [], workerUrl: HOSTILE, threads: 1, fileDeadlineMs: 1500, hardKillGraceMs: 0 });
  h = await startHarness({ runner: pool });
});
afterEach(async () => {
  stopHarness();
  await pool.close();
});

const modified = (path: string): FileSpec => ({ path, status: 'modified', content: 'x = 1\n', patch: '@@ -1 +1 @@\n-x = 0\n+x = 1' });
const threadOn = (id: string, path: string, fp: string): ThreadSpec => ({
  id,
  path,
  comments: [{ body: `### 🔴 Shell command\n\n${fingerprintMarker(fp)}`, bot: true }],
});
const resolutions = () => h.gh.graphqlBodies((b) => b.query.includes('resolveReviewThread'));

describe('a changed file that was not fully analysed', () => {
  it('cut at its deadline: the check does not pass, and only the thread on a fully analysed file is resolved', async () => {
    const files = [modified('app/hang.py'), modified('app/ok.py')];
    const threads = [threadOn('PRRT_hang', 'app/hang.py', '0123456789abcdef0123'), threadOn('PRRT_ok', 'app/ok.py', 'abcdef0123456789abcd')];
    mockReviewUpTo(h.gh, files, { threads });
    mockReviewState(h.gh, threads); // looked at again right before resolving
    h.gh.graphql((b) => b.query.includes('resolveReviewThread'), {
      data: { r0: { comment: { id: 'c1' } }, t0: { thread: { id: 'PRRT_ok' } } },
    });
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('synchronize'));

    const check = finalCheck(h.gh);
    expect(check.conclusion).toBe('neutral');
    expect(check.output.summary).toContain('not analysed: took longer than 1.5 s');
    const [mutation] = resolutions();
    expect(Object.values(mutation.variables)).toContain('PRRT_ok');
    expect(Object.values(mutation.variables)).not.toContain('PRRT_hang');
    h.gh.assertDone();
  });

  it('a rule threw on it: the check does not pass, and its thread stays open', async () => {
    const files = [modified('app/rule-error.py')];
    mockReviewUpTo(h.gh, files, { threads: [threadOn('PRRT_1', 'app/rule-error.py', '0123456789abcdef0123')] });
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('synchronize'));

    const check = finalCheck(h.gh);
    expect(check.conclusion).not.toBe('success');
    expect(check.output.summary).toContain('subprocess-shell-true');
    expect(resolutions()).toEqual([]);
    // No resolution was attempted: every request the run made was answered by a mock.
    h.gh.assertDone();
  });
});
