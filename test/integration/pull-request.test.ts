import {
  checkUpdates,
  finalCheck,
  mockCheckUpdate,
  mockReview,
  mockReviewUpTo,
  postedReviews,
  startHarness,
  stopHarness,
  type FileSpec,
  type Harness,
} from './support/harness.js';
import { HEAD_SHA, pullRequestEvent } from './support/webhooks.js';
import { fingerprintFindings, extractFingerprints } from '../../src/review/fingerprint.js';
import { NEIGHBOUR_LINES } from '../../src/review/group-concerns.js';

const DEPLOY = [
  'import subprocess',
  'import yaml',
  '',
  '',
  'def deploy(branch, data):',
  '    subprocess.call(f"git checkout {branch}", shell=True)',
  '    return yaml.load(data)',
  '',
].join('\n');

let h: Harness;
afterEach(stopHarness);

describe('with every built-in rule', () => {
  beforeEach(async () => {
    h = await startHarness({ rules: 'all' });
  });

  it('reports each finding of a real change once: inline, or (hygiene) in the summary', async () => {
    const source = [
      'import subprocess',
      'import yaml',
      '',
      '',
      'def deploy(cmd, data):',
      '    subprocess.call(cmd, shell=True)',
      '    return yaml.load(data)',
      '',
    ].join('\n');
    mockReviewUpTo(h.gh, [{ path: 'app/deploy.py', content: source }]);
    mockReview(h.gh);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    const expected = fingerprintFindings(h.engine.scanFile('app/deploy.py', source).findings);
    expect(expected.map((e) => e.finding.ruleId)).toContain('subprocess-shell-true');
    const posted = postedReviews(h.gh)[0].comments.flatMap((c) => extractFingerprints(c.body));
    expect(new Set(posted).size).toBe(posted.length);
    // Low-severity hygiene (e.g. `import subprocess`) is listed in the summary, not commented.
    const hygiene = expected.filter((e) => e.finding.category === 'practice' && e.finding.severity === 'low');
    expect(hygiene.map((e) => e.finding.ruleId)).toContain('subprocess-import');
    const inline = expected.filter((e) => !hygiene.includes(e));
    expect([...posted].sort()).toEqual(inline.map((e) => e.fingerprint).sort());
    const check = finalCheck(h.gh).output;
    for (const e of hygiene) expect(check.summary).toContain(`\`${e.finding.ruleId}\``);
    expect(check.annotations).toHaveLength(expected.length);
    h.gh.assertDone();
  });
});

describe('pull_request.opened', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it('starts the check, posts one review with the new finding, and completes the check', async () => {
    const files: FileSpec[] = [{ path: 'app/deploy.py', content: DEPLOY }, { path: 'README.md' }];
    mockReviewUpTo(h.gh, files);
    mockReview(h.gh);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    const [created] = h.gh.bodies('POST', '/repos/{owner}/{repo}/check-runs') as Record<string, unknown>[];
    expect(created).toMatchObject({ name: 'hunkwise', head_sha: HEAD_SHA, status: 'in_progress', external_id: 'pull:7' });

    const reviews = postedReviews(h.gh);
    expect(reviews).toHaveLength(1);
    const review = reviews[0];
    expect(review).toMatchObject({ event: 'COMMENT', commit_id: HEAD_SHA });
    const shell = review.comments.find((c) => c.body.includes('subprocess-shell-true'));
    expect(shell).toMatchObject({ path: 'app/deploy.py', line: 6, side: 'RIGHT' });
    expect(shell?.body).toMatch(/<!-- hunkwise:fp=[0-9a-f]+ -->/);
    expect(shell?.body).toContain('https://github.com/hunkwise/hunkwise/blob/main/docs/rules/subprocess-shell-true.md');
    expect(shell?.body).toMatch(/\*\*High\*\* severity · high confidence/);

    const done = finalCheck(h.gh);
    expect(done.conclusion).toBe('failure');
    expect(done.output.title).toMatch(/high on added lines/);
    expect(done.output.summary).toContain('| 🔴 high |');
    expect(done.output.annotations?.some((a) => a.path === 'app/deploy.py' && a.start_line === 6)).toBe(true);
    h.gh.assertDone();
  });

  it('succeeds on a clean change and posts no review', async () => {
    mockReviewUpTo(h.gh, [{ path: 'app/ok.py', content: 'print("hello")\n' }]);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    expect(postedReviews(h.gh)).toEqual([]);
    expect(finalCheck(h.gh)).toMatchObject({ conclusion: 'success', output: { title: 'No findings on added lines' } });
    h.gh.assertDone();
  });

  it('sends annotations in chunks of 50', async () => {
    const lines = ['import subprocess', '', 'def run(x):'];
    // Farther apart than NEIGHBOUR_LINES: sixty concerns, not a few merged ones, so the cap is reached.
    for (let i = 0; i < 60; i++) lines.push(`    subprocess.call(f"echo {x} ${i}", shell=True)`, ...Array<string>(NEIGHBOUR_LINES).fill(''));
    mockReviewUpTo(h.gh, [{ path: 'app/many.py', content: `${lines.join('\n')}\n` }]);
    mockReview(h.gh);
    mockCheckUpdate(h.gh, 2);

    await h.deliver(pullRequestEvent('opened'));

    const updates = checkUpdates(h.gh);
    expect(updates.map((u) => u.output.annotations?.length)).toEqual([50, 10]);
    expect(updates[0].conclusion).toBeUndefined();
    expect(updates[1].conclusion).toBe('failure');
    // The default cap of 30 inline comments; the rest are in the summary with the reason.
    expect(postedReviews(h.gh)[0].comments).toHaveLength(30);
    expect(updates[1].output.summary).toContain('not inline: over the limit of 30 comments per review');
    h.gh.assertDone();
  });

  it('anchors a multi-line finding with start_line and line inside one hunk', async () => {
    const source = ['import subprocess', '', 'def run(x):', '    subprocess.call(', '        f"run {x}",', '        shell=True,', '    )', ''].join('\n');
    mockReviewUpTo(h.gh, [{ path: 'app/multi.py', content: source }]);
    mockReview(h.gh);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    const [comment] = postedReviews(h.gh)[0].comments;
    expect(comment).toMatchObject({ path: 'app/multi.py', start_line: 4, line: 7, side: 'RIGHT' });
    expect(h.gh.bodies('POST', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews')[0]).toMatchObject({
      comments: [{ start_side: 'RIGHT' }],
    });
    h.gh.assertDone();
  });

  it('turns a rule’s fix into a suggestion on exactly the fixed lines', async () => {
    const rule = [
      'id: yaml-load-unsafe',
      'title: yaml.load without a safe loader',
      'severity: high',
      'confidence: high',
      'category: defect',
      'cwe: [502]',
      'message: "{callee} can build arbitrary Python objects"',
      'why: The default loader instantiates any tagged class.',
      'fix: Use yaml.safe_load.',
      'autofix: { find: "yaml\\\\.load\\\\(", replace: "yaml.safe_load(" }',
      'match:',
      '  kind: call',
      '  callees: [yaml.load]',
    ].join('\n');
    mockReviewUpTo(h.gh, [{ path: 'app/deploy.py', content: DEPLOY }], { ruleFiles: { 'yaml.yml': rule } });
    mockReview(h.gh);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    const yaml = postedReviews(h.gh)[0].comments.find((c) => c.body.includes('yaml-load-unsafe'));
    expect(yaml).toMatchObject({ line: 7 });
    expect(yaml?.start_line).toBeUndefined();
    expect(yaml?.body).toContain('```suggestion\n    return yaml.safe_load(data)\n```');
    h.gh.assertDone();
  });
});
