/**
 * Hostile or oversized configuration through the App: the review still runs
 * (with the defaults, or without the refused rule), and the check summary says why.
 */
import { ALIAS_BOMB } from '../config/hostile-yaml.js';
import type { GitHubMock } from './support/github-mock.js';
import {
  configFileBody,
  finalCheck,
  mockCheckUpdate,
  mockReview,
  mockReviewUpTo,
  postedReviews,
  startHarness,
  stopHarness,
  type Harness,
} from './support/harness.js';
import { OWNER, pullRequestEvent } from './support/webhooks.js';

const CLEAN = [{ path: 'app/ok.py', content: 'x = 1\n' }];
const SHELL = [{ path: 'app/run.py', content: 'import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n' }];

/** A file in another repository of the same owner. */
function mockOtherConfig(gh: GitHubMock, repo: string, yaml: string): void {
  gh.rest('GET', '/repos/{owner}/{repo}/contents/{path}', { owner: OWNER, repo, path: '.github/hunkwise.yml' }, configFileBody(yaml));
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(stopHarness);

describe('configuration bounds', () => {
  it('does not parse an oversized .github/hunkwise.yml and reviews with the defaults', async () => {
    mockReviewUpTo(h.gh, CLEAN, { config: `fail_on: low\n# ${'x'.repeat(70 * 1024)}\n` });
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    const done = finalCheck(h.gh);
    expect(done.conclusion).toBe('success');
    expect(done.output.summary).toContain('### Configuration warnings');
    expect(done.output.summary).toContain(
      'Could not read .github/hunkwise.yml: it is larger than 64 KiB, the limit for a configuration file; using the defaults.',
    );
    h.gh.assertDone();
  });

  it('does not download a configuration file of megabytes: its size says enough', async () => {
    mockReviewUpTo(h.gh, CLEAN, { config: `fail_on: low\n# ${'x'.repeat(5 * 1024 * 1024)}\n` });
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    const done = finalCheck(h.gh);
    expect(done.conclusion).toBe('success');
    expect(done.output.summary).toContain(
      'Could not read .github/hunkwise.yml: it is larger than 64 KiB, the limit for a configuration file; using the defaults.',
    );
    h.gh.assertDone();
  });

  it('stops at an alias bomb in an _extends target and reviews with the defaults', async () => {
    mockReviewUpTo(h.gh, CLEAN, { config: '_extends: base\nfail_on: low\n' });
    mockOtherConfig(h.gh, 'base', ALIAS_BOMB);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    const done = finalCheck(h.gh);
    expect(done.conclusion).toBe('success');
    expect(done.output.summary).toContain(
      `Could not read .github/hunkwise.yml: ${OWNER}/base:.github/hunkwise.yml expands YAML aliases more than 50 times, as an alias bomb does; using the defaults.`,
    );
    h.gh.assertDone();
  });

  it('still follows a well-formed _extends chain', async () => {
    mockReviewUpTo(h.gh, SHELL, { config: '_extends: base\nmax_comments: 3\n' });
    mockOtherConfig(h.gh, 'base', 'rules:\n  disable: [subprocess-shell-true]\n');
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    const done = finalCheck(h.gh);
    expect(done.conclusion).toBe('success'); // the base disabled the only rule that fires
    expect(done.output.summary).not.toContain('### Configuration warnings');
    expect(postedReviews(h.gh)).toEqual([]);
    h.gh.assertDone();
  });
});

describe('repository rules with dangerous regexes', () => {
  const pickleRule = (id: string, where: string) =>
    [
      `id: ${id}`,
      'title: pickle.loads of a named blob',
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
      `  where: [${where}]`,
    ].join('\n');

  it('runs a backtracking regex on RE2, skips one RE2 cannot run (saying which field and why), and runs the others', async () => {
    const files = [{ path: 'app/p.py', content: `import pickle\n\ndef f():\n    return pickle.loads("${'a'.repeat(40)}!")\n` }];
    mockReviewUpTo(h.gh, files, {
      ruleFiles: {
        // `(a+)+$` on 40 a's then `!` takes V8 minutes; RE2 answers at once (no match).
        'nested.yml': pickleRule('pickle-nested', '{ position: 0, matches: "^(a+)+$", not: true }'),
        'lookahead.yml': pickleRule('pickle-lookahead', '{ position: 0, matches: "^(?=a)a+$" }'),
        'plain.yml': pickleRule('pickle-plain', '{ position: 0, matches: "^a+!$" }'),
      },
    });
    mockReview(h.gh);
    mockCheckUpdate(h.gh);

    await h.deliver(pullRequestEvent('opened'));

    const [review] = postedReviews(h.gh);
    const bodies = review.comments.map((c) => c.body).join('\n');
    expect(bodies).toContain('pickle-plain');
    expect(bodies).toContain('pickle-nested');
    expect(bodies).not.toContain('pickle-lookahead');
    const done = finalCheck(h.gh);
    expect(done.output.summary).toContain('### Rule errors');
    expect(done.output.summary).toMatch(
      /lookahead\.yml: rule .?pickle-lookahead.? skipped: .?match\.where\.0\.matches.? is refused because the linear-time engine \(RE2\) cannot run it: lookahead and lookbehind are not supported/,
    );
    h.gh.assertDone();
  });
});
