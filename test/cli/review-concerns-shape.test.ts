/**
 * The review shape hunkwise exists to write (../shared/seed-review.md): for a test helper
 * that reads timeouts from the environment, builds a Popen command from data, picks "free"
 * ports from a range minus the ports `ss` shows in use, and has a `kill(sig=SIGKILL)` method,
 * `hunkwise review --format github` gives a verdict of no defect, then the four concerns,
 * each once with all its lines, and no high finding. The helper module in fixtures/ is our
 * own, written to that description in the shape of the file the seed review is about.
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
    // Four concerns, as in seed-review.md, each once with all its lines.
    expect(body.split('\n')[0]).toBe('**No defect found, 4 concerns.**');
    const items = body.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(items).toHaveLength(4);
    // The three environment timeouts are one concern, named with all three lines.
    expect(body).toMatch(/without bounds\*\*: `app\/net_helpers\.py` lines 14, 16, 17$/m);
    // The two "free port" helpers are one concern: the pick from a range minus the ports `ss`
    // shows in use, and the function that returns that helper's result, each from its `def`.
    expect(body).toMatch(/free now and bound later\*\*: `app\/net_helpers\.py` lines 29–34, 37–43$/m);
    // The Popen subclass that prefixes the command with a root helper and a namespace.
    expect(body).toMatch(/Process command built from non-constant data\*\*: `app\/net_helpers\.py` line 52$/m);
    // The kill method whose default signal is SIGKILL (`['kill', '-%d' % sig, pid]`), and a bare SIGKILL.
    expect(body).toMatch(/SIGKILL without a graceful attempt\*\*: `app\/net_helpers\.py` lines 54–56, 64$/m);
    // Each item carries a one-line mitigation.
    expect(body).toMatch(/Bind to port 0 and keep the socket/);
    const comments = payload.review?.comments ?? [];
    expect(comments.map((c) => c.line).sort((a, b) => a - b)).toEqual([14, 34, 52, 56]);
    for (const c of comments) expect(c.body).not.toMatch(/\*\*High\*\* severity/);
    // One comment per concern: the timeouts' comment sits on line 14 and names lines 16 and 17.
    const timeouts = comments.find((c) => c.line === 14);
    expect(timeouts?.body).toMatch(/line 16/);
    expect(timeouts?.body).toMatch(/line 17/);
    // The port comment names the other helper; the kill comment says what the default does.
    expect(comments.find((c) => c.line === 34)?.body).toMatch(/lines? 37/);
    expect(comments.find((c) => c.line === 56)?.body).toMatch(/sends SIGKILL by default/);
  });
});
