/**
 * The Docker image runs the App by default and the command line on demand
 * (`docker run IMAGE hunkwise scan /src`). Docker is not available where the
 * tests run, so this checks the Dockerfile's runtime stage for what both need,
 * and runs the launcher the way the image does: through a symbolic link on
 * PATH, from another folder, with NODE_ENV=production.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, ROOT } from '../e2e/support/hunkwise-process.js';

/** The instructions of the Dockerfile's last stage, continuation lines joined. */
function runtimeStage(): string[] {
  const lines = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const from = lines.map((l, i) => (/^FROM\s/i.test(l) ? i : -1)).filter((i) => i >= 0);
  return lines.slice(from.at(-1));
}

describe('Dockerfile', () => {
  const stage = runtimeStage();

  test.each(['package.json', 'node_modules', 'dist', 'rules', 'app.yml', 'bin'])('the runtime stage has %s', (what) => {
    expect(stage.some((l) => new RegExp(`^COPY\\s.*\\b${what.replace('.', '\\.')}\\s+\\./${what.replace('.', '\\.')}$`).test(l))).toBe(true);
  });

  test('the build prunes the dev dependencies before they are copied', () => {
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/npm prune --omit=dev/);
  });

  test('`hunkwise` is linked onto PATH before the image drops root', () => {
    const link = stage.findIndex((l) => /^RUN\s+ln -s \/app\/bin\/hunkwise\.js \/usr\/local\/bin\/hunkwise$/.test(l));
    const user = stage.findIndex((l) => /^USER\s+node$/.test(l));
    expect(link).toBeGreaterThan(-1);
    expect(user).toBeGreaterThan(link);
  });

  test("the App is the default command, and node's entrypoint is kept (it runs commands found on PATH)", () => {
    expect(stage.filter((l) => /^CMD\s/.test(l))).toEqual(['CMD ["node", "dist/src/index.js"]']);
    expect(stage.some((l) => /^ENTRYPOINT\s/.test(l))).toBe(false);
  });

  test('the launcher is executable in git (COPY keeps the mode)', () => {
    const mode = spawnSync('git', ['ls-files', '-s', 'bin/hunkwise.js'], { cwd: ROOT, encoding: 'utf8' }).stdout;
    expect(mode).toMatch(/^100755 /);
  });
});

describe('the command line through a link on PATH, as in the image', () => {
  let dir: string;
  beforeAll(async () => {
    await ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'hw-image-'));
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'src'));
    symlinkSync(join(ROOT, 'bin/hunkwise.js'), join(dir, 'bin/hunkwise'));
    writeFileSync(join(dir, 'src/deploy.py'), 'import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n');
  }, 400_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('`hunkwise scan /src` from another folder finds its code and rules and reports', () => {
    const result = spawnSync('hunkwise', ['scan', join(dir, 'src'), '--format', 'json'], {
      cwd: dir,
      env: { PATH: `${join(dir, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: dir, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).not.toMatch(/not built yet|Error:/);
    const report = JSON.parse(result.stdout) as { findings: { ruleId: string; path: string }[] };
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.path.endsWith('deploy.py'))).toBe(true);
  });
});
