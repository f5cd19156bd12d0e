/**
 * check_suite.rerequested ("Re-run all checks"), from GitHub's real example
 * payload with only the repository, pull request and commit changed.
 */
import { createRequire } from 'node:module';
import type { EmitterWebhookEvent } from '@octokit/webhooks';
import {
  finalCheck,
  mockBlobs,
  mockChangedFiles,
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
import { HEAD_SHA, INSTALLATION_ID, NEW_HEAD_SHA, nextDeliveryId, OWNER, PULL, REPO } from './support/webhooks.js';

const require = createRequire(import.meta.url);
const definitions = require('@octokit/webhooks-examples/api.github.com/index.json') as {
  name: string;
  examples: Record<string, unknown>[];
}[];

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => value as Json;

const SUITE_ID = 118578147;
const REPO_ID = 186853002;

/** The example, moved to the test repository; `pulls` become its pull_requests (base in this repository unless `foreign`). */
function checkSuiteRerequested(
  pulls: readonly { number: number; foreign?: boolean }[] = [{ number: PULL }],
): EmitterWebhookEvent<'check_suite'> {
  const example = definitions.find((d) => d.name === 'check_suite')?.examples.find((e) => e.action === 'rerequested');
  if (example === undefined) throw new Error('no check_suite.rerequested example in @octokit/webhooks-examples');
  const payload = structuredClone(example);
  const repository = obj(payload.repository);
  repository.id = REPO_ID;
  repository.name = REPO;
  repository.full_name = `${OWNER}/${REPO}`;
  obj(repository.owner).login = OWNER;
  payload.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==' };
  const suite = obj(payload.check_suite);
  suite.id = SUITE_ID;
  suite.head_sha = HEAD_SHA;
  const [template] = suite.pull_requests as Json[];
  suite.pull_requests = pulls.map(({ number, foreign }) => {
    const pr = structuredClone(template);
    pr.number = number;
    pr.url = `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${number}`;
    obj(pr.head).sha = HEAD_SHA;
    obj(obj(pr.base).repo).id = foreign === true ? 1 : REPO_ID;
    return pr;
  });
  return { id: nextDeliveryId(), name: 'check_suite', payload } as unknown as EmitterWebhookEvent<'check_suite'>;
}

const files: FileSpec[] = [{ path: 'app/ok.py', content: 'x = 1\n' }];

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(stopHarness);

describe('check_suite.rerequested', () => {
  it('reviews the suite’s commit while it is still the pull request’s head', async () => {
    mockToken(h.gh);
    mockPull(h.gh); // the handler's look at the pull request
    mockReviewUpTo(h.gh, files, { token: false });
    mockCheckUpdate(h.gh);

    await h.deliver(checkSuiteRerequested());

    expect(h.gh.bodies('POST', '/repos/{owner}/{repo}/check-runs')).toEqual([
      expect.objectContaining({ head_sha: HEAD_SHA, external_id: `pull:${PULL}` }),
    ]);
    expect(finalCheck(h.gh).conclusion).toBe('success');
    expect(h.logLines.some((l) => l.includes('"trigger":"check_suite"') && l.includes('review job finished'))).toBe(true);
    h.gh.assertDone();
  });

  it('reviews the current head when the pull request has moved on since the suite’s commit', async () => {
    mockToken(h.gh);
    mockPull(h.gh, { headSha: NEW_HEAD_SHA });
    h.gh.rest('POST', '/repos/{owner}/{repo}/check-runs', { owner: OWNER, repo: REPO }, { id: 779 }); // the old suite's answer
    mockCheckList(h.gh, [], NEW_HEAD_SHA);
    h.gh.rest('POST', '/repos/{owner}/{repo}/check-runs', { owner: OWNER, repo: REPO }, { id: 778 });
    mockConfig(h.gh, null);
    mockRuleFiles(h.gh);
    mockChangedFiles(h.gh, files);
    mockBlobs(h.gh, files, { headSha: NEW_HEAD_SHA });
    mockReviewState(h.gh);
    mockPull(h.gh, { headSha: NEW_HEAD_SHA });
    mockCheckUpdate(h.gh, 1, 778);

    await h.deliver(checkSuiteRerequested());

    const created = h.gh.bodies('POST', '/repos/{owner}/{repo}/check-runs');
    expect(created).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ head_sha: HEAD_SHA, status: 'completed', conclusion: 'neutral', output: expect.objectContaining({ title: 'superseded' }) }),
        expect.objectContaining({ head_sha: NEW_HEAD_SHA, status: 'in_progress' }),
      ]),
    );
    expect(created).toHaveLength(2);
    expect(finalCheck(h.gh).conclusion).toBe('success');
    h.gh.assertDone();
  });

  it('leaves a closed pull request alone', async () => {
    mockToken(h.gh);
    mockPull(h.gh, { state: 'closed' });

    await h.deliver(checkSuiteRerequested());

    expect(h.gh.bodies('POST', '/repos/{owner}/{repo}/check-runs')).toEqual([]);
    h.gh.assertDone();
  });

  it('ignores other repositories’ pull requests, and searches by the head commit when none is this one’s (a fork)', async () => {
    mockToken(h.gh);
    h.gh.rest('GET', '/search/issues', {}, { total_count: 1, incomplete_results: false, items: [{ number: PULL }] });
    mockPull(h.gh);
    mockReviewUpTo(h.gh, files, { token: false });
    mockCheckUpdate(h.gh);

    await h.deliver(checkSuiteRerequested([{ number: 99, foreign: true }]));

    const search = h.gh.calls.find((c) => c.route === '/search/issues');
    expect(decodeURIComponent(search?.path ?? '')).toContain(`${HEAD_SHA} type:pr is:open repo:${OWNER}/${REPO}`);
    expect(h.gh.calls.some((c) => c.path.includes('/pulls/99'))).toBe(false);
    expect(finalCheck(h.gh).conclusion).toBe('success');
    h.gh.assertDone();
  });

  it('ignores a payload without its check suite', async () => {
    const event = checkSuiteRerequested();
    delete (event.payload as unknown as Json).check_suite;

    await h.deliver(event);

    expect(h.gh.calls).toEqual([]);
    expect(h.logLines.some((l) => l.includes('webhook payload lacks required fields'))).toBe(true);
    h.gh.assertDone();
  });
});
