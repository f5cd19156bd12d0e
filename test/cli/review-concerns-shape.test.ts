/**
 * The review shape hunkwise exists to write (../shared/seed-review.md): for a test helper
 * that reads timeouts from the environment, builds a Popen command from data, picks "free"
 * ports and SIGKILLs processes, `hunkwise review --format github` gives a verdict of no
 * defect, then each concern once with its lines, and no high finding. The helper module in
 * fixtures/ is our own, written to that description.
 */
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli.js';
import { captureIo, git, parseJson, removeDir, tempDir, writeFiles } from './cli-test-helpers.js';

interface Payload {
  review: { body: string; comments: { path: string; line: number; body: string }[] } | null;
  check: { conclusion: string };
}

const HELPER = readFileSync(new URL('./fixtures/net_helpers.py', import.meta.url), 'utf8');

let repo: string;
beforeAll(() => {
  repo = tempDir('review-shape');
  git(repo, 'init', '--quiet');
  writeFiles(repo, { 'README.md': 'base\n' });
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '-m', 'base');
  git(repo, 'branch', '-M', 'main');
  git(repo, 'checkout', '--quiet', '-b', 'feature');
  writeFiles(repo, { 'app/net_helpers.py': HELPER });
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '-m', 'helpers');
});
afterAll(() => removeDir(repo));

describe('hunkwise review --format github on a helper like the one seed-review.md reviews', () => {
  it('is a verdict of no defect with each concern once, at its lines, and no high finding', async () => {
    const captured = captureIo(repo);
    const code = await main(['review', '--base', 'main', '--format', 'github'], captured.io);
    const payload = parseJson(captured.stdout()) as Payload;
    expect(code).toBe(0);
    expect(payload.check.conclusion).not.toBe('failure');
    const body = payload.review?.body ?? '';
    expect(body.split('\n')[0]).toMatch(/^\*\*No defect found, \d+ concerns\.\*\*$/);
    // The three environment timeouts are one concern, named with all three lines.
    expect(body).toMatch(/without bounds\*\*: `app\/net_helpers\.py` lines 9, 11, 12/);
    // The two "free port" helpers are one concern; the command built from data and the SIGKILL are there.
    expect(body).toMatch(/free now and bound later\*\*: `app\/net_helpers\.py` lines 22, 29/);
    expect(body).toMatch(/Process command built from non-constant data/);
    expect(body).toMatch(/SIGKILL/);
    // Each item carries a one-line mitigation.
    expect(body).toMatch(/Bind to port 0 and keep the socket/);
    const comments = payload.review?.comments ?? [];
    expect(comments.length).toBeGreaterThanOrEqual(4);
    for (const c of comments) expect(c.body).not.toMatch(/\*\*High\*\* severity/);
    // One comment per concern: the timeouts' comment sits on line 9 and names lines 11 and 12.
    const timeouts = comments.find((c) => c.line === 9);
    expect(timeouts?.body).toMatch(/line 11/);
    expect(timeouts?.body).toMatch(/line 12/);
  });
});
