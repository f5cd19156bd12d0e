/**
 * Move-aware filtering through the App: code moved from one file to another
 * (or renamed and reformatted) keeps its old findings out of the review; the
 * base versions of the touched files are read at the pull request's base commit.
 */
import {
  finalCheck,
  mockBlobs,
  mockCheckUpdate,
  mockPull,
  mockReview,
  mockReviewUpTo,
  postedReviews,
  startHarness,
  stopHarness,
  type FileSpec,
  type Harness,
} from './support/harness.js';
import { pullRequestEvent } from './support/webhooks.js';

/** pullResponse's base commit. */
const BASE_SHA = '0'.repeat(40);

const LEGACY = ['import subprocess', '', '', 'def build(name):', "    subprocess.call('make ' + name, shell=True)", ''].join('\n');
const MOVED = [
  'import subprocess',
  '',
  '',
  'def build(name):',
  '    subprocess.call(',
  '        "make " + name,',
  '        shell=True,',
  '    )',
  '',
].join('\n');
const MOVED_AND_NEW = `${MOVED}\n\ndef clean(name):\n    subprocess.call(f"rm -rf {name}", shell=True)\n`;

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(stopHarness);

describe('moved and reformatted code', () => {
  it('a function moved to a new file and reformatted: no comment, listed as pre-existing, the check passes', async () => {
    const files: FileSpec[] = [
      { path: 'app/legacy.py', status: 'removed' },
      { path: 'app/tools/build.py', content: MOVED },
    ];
    mockReviewUpTo(h.gh, files);
    // The base commit (one more request), then the removed file's base version.
    mockPull(h.gh);
    mockBlobs(h.gh, [{ path: 'app/legacy.py', content: LEGACY }], { headSha: BASE_SHA });
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    expect(postedReviews(h.gh)).toEqual([]);
    const done = finalCheck(h.gh);
    expect(done.conclusion).toBe('success');
    expect(done.output.summary).toContain('### Pre-existing, not introduced by this change');
    expect(done.output.summary).toContain('app/tools/build.py:5-8');
    const baseQuery = h.gh.graphqlBodies((b) => Object.values(b.variables).includes(`${BASE_SHA}:app/legacy.py`));
    expect(baseQuery).toHaveLength(1);
    h.gh.assertDone();
  });

  it('a renamed file with a new finding beside the moved one: only the new one is commented on and fails the check', async () => {
    const patch = [
      '@@ -1,5 +1,12 @@',
      ' import subprocess',
      ' ',
      ' ',
      ' def build(name):',
      "-    subprocess.call('make ' + name, shell=True)",
      '+    subprocess.call(',
      '+        "make " + name,',
      '+        shell=True,',
      '+    )',
      '+',
      '+',
      '+def clean(name):',
      '+    subprocess.call(f"rm -rf {name}", shell=True)',
    ].join('\n');
    const files: FileSpec[] = [{ path: 'app/tools/build.py', previousPath: 'app/legacy.py', status: 'renamed', content: MOVED_AND_NEW, patch }];
    mockReviewUpTo(h.gh, files);
    mockPull(h.gh);
    mockBlobs(h.gh, [{ path: 'app/legacy.py', content: LEGACY }], { headSha: BASE_SHA });
    mockReview(h.gh);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('synchronize'));

    const [review] = postedReviews(h.gh);
    expect(review.comments.map((c) => `${c.path}:${c.line}`)).toEqual(['app/tools/build.py:12']);
    const done = finalCheck(h.gh);
    expect(done.conclusion).toBe('failure');
    expect(done.output.summary).toContain('### Pre-existing, not introduced by this change');
    expect(done.output.summary).toContain('app/tools/build.py:5-8');
    expect(done.output.title).toBe('1 high on added lines');
    h.gh.assertDone();
  });
});
