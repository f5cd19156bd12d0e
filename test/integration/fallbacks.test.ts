import {
  blobShaOf,
  checkUpdates,
  finalCheck,
  mockBlobs,
  mockChangedFiles,
  mockCheckCreate,
  mockCheckList,
  mockCheckUpdate,
  mockConfig,
  mockPull,
  mockReview,
  mockReviewState,
  mockReviewUpTo,
  mockRuleFiles,
  mockToken,
  postedReviews,
  PULL_NODE_ID,
  startHarness,
  stopHarness,
  type FileSpec,
  type Harness,
} from './support/harness.js';
import { HEAD_SHA, NEW_HEAD_SHA, OWNER, pullRequestEvent, REPO } from './support/webhooks.js';
import { NEIGHBOUR_LINES } from '../../src/review/group-concerns.js';

const repo = { owner: OWNER, repo: REPO };
const SHELL = (arg: string) => `    subprocess.call(f"run {${arg}}", shell=True)`;
// Farther apart than NEIGHBOUR_LINES, so the two findings are two concerns: two comments (lines 4 and 15).
const TWO_FINDINGS = ['import subprocess', '', 'def a(x, y):', SHELL('x'), ...Array<string>(NEIGHBOUR_LINES).fill(''), SHELL('y'), ''].join('\n');
const FOLLOW_UP_CHECK_ID = 778;

/** Log lines at pino's error level or above. */
function errorLogs(harness: Harness): string[] {
  return harness.logLines.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);
}

let h: Harness;
afterEach(stopHarness);

describe('when GitHub refuses the review (422)', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it('adds the comments one by one, posts those GitHub takes, and lists the rest in the summary', async () => {
    mockReviewUpTo(h.gh, [{ path: 'app/two.py', content: TWO_FINDINGS }]);
    mockReview(h.gh, { status: 422 });
    h.gh.graphql((b) => b.query.includes('addPullRequestReview('), {
      data: { addPullRequestReview: { pullRequestReview: { id: 'PRR_pending' } } },
    });
    h.gh.graphql((b) => b.query.includes('addPullRequestReviewThread('), {
      data: { t0: { thread: { id: 'PRRT_ok' } }, t1: null },
      errors: [{ message: 'Line could not be resolved', path: ['t1'] }],
    });
    h.gh.graphql((b) => b.query.includes('submitPullRequestReview'), {
      data: { submitPullRequestReview: { pullRequestReview: { id: 'PRR_pending' } } },
    });
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    const [start] = h.gh.graphqlBodies((b) => b.query.includes('addPullRequestReview('));
    expect(start.variables).toEqual({ pullRequestId: PULL_NODE_ID, commitOID: HEAD_SHA });
    const [threads] = h.gh.graphqlBodies((b) => b.query.includes('addPullRequestReviewThread('));
    expect(threads.variables).toMatchObject({ reviewId: 'PRR_pending', p0: 'app/two.py', l0: 4, p1: 'app/two.py', l1: 15 });
    const [submit] = h.gh.graphqlBodies((b) => b.query.includes('submitPullRequestReview'));
    // The verdict counts the refused finding too; the list names only the posted one.
    expect(submit.variables.body).toMatch(/^\*\*2 defects to fix, no concerns\.\*\*\n\n1\. 🔴 .*`app\/two\.py` line 4\n/);
    expect(submit.variables.body).toContain('Plus 1 more finding in the check run, 1 of them a defect.');
    const done = finalCheck(h.gh);
    expect(done.conclusion).toBe('failure');
    expect(done.output.summary).toContain('not inline: GitHub refused the line (Line could not be resolved)');
    h.gh.assertDone();
  });

  it('drops the pending review and keeps everything in the summary when GitHub takes none', async () => {
    mockReviewUpTo(h.gh, [{ path: 'app/two.py', content: TWO_FINDINGS }]);
    mockReview(h.gh, { status: 422 });
    h.gh.graphql((b) => b.query.includes('addPullRequestReview('), {
      data: { addPullRequestReview: { pullRequestReview: { id: 'PRR_pending' } } },
    });
    h.gh.graphql((b) => b.query.includes('addPullRequestReviewThread('), {
      data: { t0: null, t1: null },
      errors: [
        { message: 'Line could not be resolved', path: ['t0'] },
        { message: 'Line could not be resolved', path: ['t1'] },
      ],
    });
    h.gh.graphql((b) => b.query.includes('deletePullRequestReview'), {
      data: { deletePullRequestReview: { pullRequestReview: { id: 'PRR_pending' } } },
    });
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    expect(finalCheck(h.gh).output.summary.match(/not inline: GitHub refused/g)).toHaveLength(2);
    h.gh.assertDone();
  });
});

describe('files and fetching', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it('analyses a file GitHub sent no patch for, reports its findings in the summary only, and stays neutral', async () => {
    mockReviewUpTo(h.gh, [{ path: 'app/big.py', status: 'modified', content: TWO_FINDINGS, patch: null }]);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('synchronize'));

    expect(postedReviews(h.gh)).toEqual([]);
    const done = finalCheck(h.gh);
    expect(done.output.summary).toContain('GitHub sent no diff for `app/big.py`');
    expect(done.output.summary).toContain('### In changed files, outside the diff');
    expect(done.output.annotations).toHaveLength(2);
    expect(done.conclusion).toBe('neutral');
    h.gh.assertDone();
  });

  it('pages through more than 100 changed files and fetches their contents 50 to a query', async () => {
    const files: FileSpec[] = Array.from({ length: 120 }, (_, i) => ({ path: `pkg/m${i}.py`, content: `x = ${i}\n` }));
    mockReviewUpTo(h.gh, files);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    expect(h.gh.calls.filter((c) => c.route === '/repos/{owner}/{repo}/pulls/{pull_number}/files')).toHaveLength(2);
    const blobQueries = h.gh.graphqlBodies((b) => b.query.includes('object(expression: $e0)'));
    expect(blobQueries.map((q) => Object.keys(q.variables).filter((k) => k.startsWith('e')).length)).toEqual([50, 50, 20]);
    expect(finalCheck(h.gh).output.summary).toContain('reviewed 120 Python files');
    h.gh.assertDone();
  });

  it('falls back to the REST blobs API when the GraphQL query fails', async () => {
    const files: FileSpec[] = [
      { path: 'app/a.py', content: 'import subprocess\nsubprocess.call(f"x {y}", shell=True)\n' },
      { path: 'app/b.py', content: 'x = 1\n' },
    ];
    mockReviewUpTo(h.gh, files, { blobs: false });
    h.gh.graphql((b) => b.query.includes('object(expression: $e0)'), { message: 'Something went wrong' }, { status: 502 });
    for (const f of files) {
      h.gh.rest(
        'GET',
        '/repos/{owner}/{repo}/git/blobs/{file_sha}',
        { ...repo, file_sha: blobShaOf(f.path) },
        { sha: blobShaOf(f.path), size: Buffer.byteLength(f.content ?? ''), encoding: 'base64', content: Buffer.from(f.content ?? '').toString('base64') },
      );
    }
    mockReview(h.gh);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    expect(postedReviews(h.gh)[0].comments[0]).toMatchObject({ path: 'app/a.py', line: 2 });
    expect(finalCheck(h.gh).output.summary).toContain('reviewed 2 Python files');
    h.gh.assertDone();
  });

  it('lists removed, binary and too large files as not analysed; a too large one makes the check neutral', async () => {
    const files: FileSpec[] = [
      { path: 'app/gone.py', status: 'removed' },
      { path: 'app/blob.py', content: '\u0000\u0001', binary: true },
      { path: 'app/huge.py', content: `x = "${'y'.repeat(2000)}"\n` },
      { path: 'app/ok.py', content: 'x = 1\n' },
    ];
    mockReviewUpTo(h.gh, files, { config: 'max_file_bytes: 1000\n' });
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    const done = finalCheck(h.gh);
    expect(done.conclusion).toBe('neutral');
    // A list, not a table: a `|` in a path would split a table's cells.
    expect(done.output.summary).toContain('- `app/gone.py`: removed by this change');
    expect(done.output.summary).toContain('- `app/blob.py`: binary file');
    expect(done.output.summary).toMatch(/- `app\/huge\.py`: \d+ bytes, over `max_file_bytes` \(1000\)/);
    h.gh.assertDone();
  });
});

describe('configuration', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it('uses the defaults for invalid settings and says so in the summary', async () => {
    mockReviewUpTo(h.gh, [{ path: 'app/two.py', content: TWO_FINDINGS }], {
      config: 'fail_on: critical\nmax_comments: many\ncolour: blue\n',
    });
    mockReview(h.gh);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    const done = finalCheck(h.gh);
    expect(done.conclusion).toBe('failure'); // fail_on fell back to high
    expect(done.output.summary).toContain('### Configuration warnings');
    expect(done.output.summary).toContain('Invalid `fail_on`');
    expect(done.output.summary).toContain('Invalid `max_comments`');
    expect(done.output.summary).toContain('Unknown setting `colour`');
    h.gh.assertDone();
  });

  it('survives YAML that does not parse', async () => {
    mockReviewUpTo(h.gh, [{ path: 'app/ok.py', content: 'x = 1\n' }], { config: 'fail_on: [high\n' });
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    expect(finalCheck(h.gh).output.summary).toMatch(/Could not read \.github\/hunkwise\.yml.*using the defaults/);
    h.gh.assertDone();
  });

  it('applies disable, per-path overrides, re-grading and the comment cap', async () => {
    const files: FileSpec[] = [
      { path: 'tests/test_two.py', content: TWO_FINDINGS },
      { path: 'app/two.py', content: TWO_FINDINGS },
    ];
    const config = [
      'max_comments: 1',
      'rules:',
      '  severity: { B602: low }',
      'overrides:',
      '  - paths: ["tests/**"]',
      '    disable: [subprocess-shell-true]',
    ].join('\n');
    mockReviewUpTo(h.gh, files, { config });
    mockReview(h.gh);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    const [review] = postedReviews(h.gh);
    expect(review.comments).toHaveLength(1);
    expect(review.comments[0].path).toBe('app/two.py');
    const done = finalCheck(h.gh);
    expect(done.conclusion).toBe('neutral'); // low findings only
    expect(done.output.title).toBe('2 low on added lines');
    expect(done.output.summary).toContain('not inline: over the limit of 1 comments per review');
    h.gh.assertDone();
  });

  it('adds a repository’s own declarative rules and refuses analyzer rules', async () => {
    const own = [
      'id: no-pickle-loads',
      'title: pickle.loads of data',
      'severity: high',
      'confidence: medium',
      'category: defect',
      'cwe: [502]',
      'message: "{callee} deserialises arbitrary objects"',
      'why: Unpickling runs code.',
      'fix: Use json.',
      'match:',
      '  kind: call',
      '  callees: [pickle.loads]',
    ].join('\n');
    const analyzer = own.replace('no-pickle-loads', 'my-analyzer').replace(/match:[\s\S]*$/, 'match:\n  kind: analyzer\n  analyzer: anything\n');
    const files: FileSpec[] = [{ path: 'app/p.py', content: 'import pickle\n\ndef f(b):\n    return pickle.loads(b)\n' }];
    mockReviewUpTo(h.gh, files, { ruleFiles: { 'pickle.yml': own, 'analyzer.yml': analyzer } });
    mockReview(h.gh);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    const [review] = postedReviews(h.gh);
    expect(review.comments[0].body).toContain('no-pickle-loads');
    // A repository rule has no page in hunkwise's docs.
    expect(review.comments[0].body).not.toContain('docs/rules/no-pickle-loads.md');
    const done = finalCheck(h.gh);
    expect(done.output.summary).toContain('### Rule errors');
    expect(done.output.summary).toMatch(/analyzer\.yml: rules of kind `analyzer` are built in only/);
    h.gh.assertDone();
  });
});

describe('drafts', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it('reviews a draft by default', async () => {
    mockReviewUpTo(h.gh, [{ path: 'app/ok.py', content: 'x = 1\n' }]);
    mockCheckUpdate(h.gh);
    await h.deliver(pullRequestEvent('opened', { draft: true }));
    expect(finalCheck(h.gh).conclusion).toBe('success');
    h.gh.assertDone();
  });

  it('skips a draft with review_drafts: false, visibly', async () => {
    mockToken(h.gh);
    mockCheckCreate(h.gh);
    mockConfig(h.gh, 'review_drafts: false\n');
    mockRuleFiles(h.gh);
    mockCheckUpdate(h.gh);
    await h.deliver(pullRequestEvent('opened', { draft: true }));
    expect(finalCheck(h.gh)).toMatchObject({ conclusion: 'skipped', output: { title: 'Draft pull request: not reviewed' } });
    h.gh.assertDone();
  });
});

describe('failures', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it('completes the check as failure with the reason and a /recheck hint when the job crashes', async () => {
    mockToken(h.gh);
    mockCheckCreate(h.gh);
    mockConfig(h.gh, null);
    mockRuleFiles(h.gh);
    // Not a 5xx: GitHub's outages are retried later (test/integration/github-unavailable.test.ts).
    h.gh.rest('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/files', { ...repo, pull_number: 7 }, { message: 'Not Found' }, { status: 404 });
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    const done = finalCheck(h.gh);
    expect(done.conclusion).toBe('failure');
    expect(done.output.title).toBe('hunkwise could not finish this review');
    expect(done.output.summary).toContain('Not Found');
    expect(done.output.summary).toContain('`/recheck`');
    expect(h.logLines.some((l) => l.includes('"status":"crashed"'))).toBe(true);
    h.gh.assertDone();
  });

  it('closes its check as superseded when the head moved during the run, and reviews the head it moved to', async () => {
    const moved = NEW_HEAD_SHA;
    const files: FileSpec[] = [{ path: 'app/two.py', content: TWO_FINDINGS }];
    // The run for HEAD_SHA: GitHub says the head is now `moved`.
    mockReviewUpTo(h.gh, files, { movedTo: moved });
    mockCheckUpdate(h.gh);
    // The follow-up run for `moved`, queued by the first: its own check run, the same files at `moved`, posted.
    mockCheckList(h.gh, [], moved);
    h.gh.rest('POST', '/repos/{owner}/{repo}/check-runs', repo, { id: FOLLOW_UP_CHECK_ID });
    mockConfig(h.gh, null);
    mockRuleFiles(h.gh);
    mockChangedFiles(h.gh, files);
    mockBlobs(h.gh, files, { headSha: moved });
    mockReviewState(h.gh);
    mockPull(h.gh, { headSha: moved });
    mockReview(h.gh);
    mockCheckUpdate(h.gh, 1, FOLLOW_UP_CHECK_ID);

    await h.deliver(pullRequestEvent('synchronize'));

    const created = h.gh.bodies('POST', '/repos/{owner}/{repo}/check-runs') as { head_sha: string }[];
    expect(created.map((b) => b.head_sha)).toEqual([HEAD_SHA, moved]);
    const [first, second] = checkUpdates(h.gh);
    expect(first).toMatchObject({ conclusion: 'neutral', output: { title: 'superseded' } });
    expect(second).toMatchObject({ conclusion: 'failure' });
    expect(checkUpdates(h.gh)).toHaveLength(2);
    expect(postedReviews(h.gh).map((r) => r.commit_id)).toEqual([moved]);
    expect(h.logLines.some((l) => l.includes('queued the review of the current head') && l.includes(moved))).toBe(true);
    expect(errorLogs(h)).toEqual([]);
    h.gh.assertDone();
  });

  it('never logs tokens or file contents', async () => {
    mockReviewUpTo(h.gh, [{ path: 'app/two.py', content: TWO_FINDINGS }]);
    mockReview(h.gh);
    mockCheckUpdate(h.gh);
    await h.deliver(pullRequestEvent('opened'));
    const all = h.logLines.join('\n');
    expect(all).not.toContain('ghs_testtoken');
    expect(all).not.toContain('subprocess.call(f"run');
    expect(all).toContain('review job finished');
    h.gh.assertDone();
  });
});

describe('GitHub Enterprise Server', () => {
  beforeEach(async () => {
    h = await startHarness({ baseUrl: 'https://ghe.example.com/api/v3', settings: { webBaseUrl: 'https://ghe.example.com' } });
  });

  it('sends REST under /api/v3 and GraphQL to /api/graphql', async () => {
    mockReviewUpTo(h.gh, [{ path: 'app/two.py', content: TWO_FINDINGS }]);
    mockReview(h.gh);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    expect(h.gh.calls.filter((c) => c.route === 'graphql').every((c) => c.path === '/api/graphql')).toBe(true);
    expect(h.gh.calls.filter((c) => c.route !== 'graphql').every((c) => c.path.startsWith('/api/v3/'))).toBe(true);
    expect(finalCheck(h.gh).output.summary).toContain('https://ghe.example.com/hunkwise-test/demo/blob/');
    h.gh.assertDone();
  });
});
