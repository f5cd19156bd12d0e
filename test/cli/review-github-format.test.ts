/**
 * `hunkwise review` through the App's own pipeline: moved and reformatted code is
 * pre-existing, and `--format github|markdown` print what the App would send.
 */
import { main } from '../../src/cli.js';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { captureIo, git, parseJson, removeDir, tempDir, testDeps, writeFiles } from './cli-test-helpers.js';

interface Payload {
  review: { event: string; body: string; comments: { path: string; line: number; startLine?: number; side: string; body: string }[] } | null;
  check: { name: string; conclusion: string; title: string; summary: string; annotations: { path: string; start_line: number }[] };
}

const LEGACY = ['import os', '', '', 'def clean(path):', "    os.system('rm -rf ' + path)", ''].join('\n');
/** Moved to another file, inside a class, split over lines with black's quotes and magic comma. */
const MOVED = [
  'import os',
  '',
  '',
  'class Cleaner:',
  '    def clean(self, path):',
  '        os.system(',
  '            "rm -rf " + path,',
  '        )',
  '',
].join('\n');
const WITH_NEW = `${MOVED}\n    def wipe(self, disk):\n        os.system(f"dd if=/dev/zero of={disk}")\n`;

let repo: string;
beforeEach(() => {
  repo = tempDir('review-moved');
  git(repo, 'init', '--quiet');
  writeFiles(repo, { 'app/legacy.py': LEGACY, 'app/other.py': 'x = 1\n' });
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '-m', 'base');
  git(repo, 'checkout', '--quiet', '-b', 'feature');
});
afterEach(() => removeDir(repo));

function commit(files: Record<string, string>, remove: readonly string[] = []): void {
  if (remove.length > 0) git(repo, 'rm', '--quiet', ...remove);
  writeFiles(repo, files);
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', 'change');
}

async function review(argv: string[]) {
  const captured = captureIo(repo);
  const code = await main(['review', '--base', 'main', ...argv], captured.io, testDeps);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('hunkwise review: moved code', () => {
  it('a file moved and reformatted: nothing introduced, exit 0, the note says why', async () => {
    commit({ 'lib/cleaning.py': MOVED }, ['app/legacy.py']);
    const json = await review(['--format', 'json']);
    expect((parseJson(json.stdout) as { findings: unknown[] }).findings).toEqual([]);
    expect(json.code).toBe(0);
    const text = await review([]);
    expect(text.stdout).toContain('1 finding on added lines was already in the base (moved or reformatted code)');
    expect(text.stdout).toContain('Check conclusion: success');
  });

  it('a genuinely new finding beside the moved one is the only one reported', async () => {
    commit({ 'lib/cleaning.py': WITH_NEW }, ['app/legacy.py']);
    const { code, stdout } = await review(['--format', 'json']);
    expect((parseJson(stdout) as { findings: { path: string; line: number }[] }).findings.map((f) => `${f.path}:${f.line}`)).toEqual([
      'lib/cleaning.py:11',
    ]);
    expect(code).toBe(1);
  });
});

describe('hunkwise review --format github', () => {
  it("prints the App's review and check run as JSON, links on the GitHub remote", async () => {
    git(repo, 'remote', 'add', 'origin', 'https://user:secret@github.com/acme/widgets.git');
    commit({ 'lib/cleaning.py': WITH_NEW }, ['app/legacy.py']);
    const { code, stdout } = await review(['--format', 'github']);
    const payload = parseJson(stdout) as Payload;
    expect(Object.keys(payload)).toEqual(['review', 'check']);
    expect(payload.review?.event).toBe('COMMENT');
    expect(payload.review?.comments.map((c) => ({ path: c.path, line: c.line, side: c.side }))).toEqual([
      { path: 'lib/cleaning.py', line: 11, side: 'RIGHT' },
    ]);
    expect(payload.review?.comments[0].body).toMatch(/<!-- hunkwise:fp=[0-9a-f,]+ -->$/);
    expect(payload.review?.body).toContain('https://github.com/acme/widgets/commit/');
    expect(payload.check.name).toBe('hunkwise');
    expect(payload.check.conclusion).toBe('failure');
    // As the App: the removed file is listed among the files not analysed.
    expect(payload.check.title).toBe('1 high on added lines · 1 file not analysed');
    expect(payload.check.summary).toContain('### Pre-existing, not introduced by this change');
    expect(payload.check.summary).toContain('https://github.com/acme/widgets/blob/');
    expect(payload.check.annotations.map((a) => `${a.path}:${a.start_line}`)).toEqual(['lib/cleaning.py:11', 'lib/cleaning.py:6']);
    expect(stdout).not.toContain('secret');
    expect(code).toBe(1);
  });

  it('prints review null and a passing check when nothing is introduced, with placeholder links off GitHub', async () => {
    commit({ 'lib/cleaning.py': MOVED }, ['app/legacy.py']);
    const payload = parseJson((await review(['--format', 'github'])).stdout) as Payload;
    expect(payload.review).toBeNull();
    expect(payload.check.conclusion).toBe('success');
    expect(payload.check.summary).toContain('https://github.com/OWNER/REPO/blob/');
  });

  it('--format markdown: the review body, each comment under its place, then the check run', async () => {
    commit({ 'lib/cleaning.py': WITH_NEW }, ['app/legacy.py']);
    const { stdout } = await review(['--format', 'markdown']);
    const payload = parseJson((await review(['--format', 'github'])).stdout) as Payload;
    const body = payload.review?.body ?? '';
    expect(stdout.indexOf(body)).toBeGreaterThan(0);
    expect(stdout.indexOf('### `lib/cleaning.py:11`')).toBeGreaterThan(stdout.indexOf(body));
    expect(stdout.indexOf('## Check run: failure')).toBeGreaterThan(stdout.indexOf('### `lib/cleaning.py:11`'));
    expect(stdout).toContain(payload.check.summary);
    const html = micromark(stdout, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
    expect(html).toContain('<h2>Check run: failure</h2>');
  });

  it('is refused for scan', async () => {
    const captured = captureIo(repo);
    expect(await main(['scan', '.', '--format', 'github'], captured.io, testDeps)).toBe(2);
    expect(captured.stderr()).toContain('--format must be one of text, json, sarif');
  });
});
