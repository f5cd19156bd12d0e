/**
 * The command line's per-file deadline: `--timeout SECONDS`, and a file cut off
 * by it (or by the memory limit) listed as not analysed with exit code 2.
 */
import { parseCommandLine, UsageError } from '../../src/cli/parse-command-line.js';
import { runScan, type CliRunnerFactory } from '../../src/cli/run-scan.js';
import { createEnginePool } from '../../src/engine-pool/engine-pool.js';
import { DEFAULT_FILE_DEADLINE_MS } from '../../src/engine-pool/engine-runner.js';
import { captureIo, removeDir, tempDir, writeFiles } from '../cli/cli-test-helpers.js';

const HOSTILE = new URL('./fixtures/hostile-engine-worker.mjs', import.meta.url);

describe('--timeout', () => {
  it('is a number of seconds for scan and review; absent, the App’s deadline applies', () => {
    expect(parseCommandLine(['scan', 'a.py', '--timeout', '2'])).toMatchObject({ kind: 'scan', timeoutMs: 2000 });
    expect(parseCommandLine(['review', '--timeout=0.5'])).toMatchObject({ kind: 'review', timeoutMs: 500 });
    expect(parseCommandLine(['scan', 'a.py'])).toMatchObject({ timeoutMs: undefined });
    expect(DEFAULT_FILE_DEADLINE_MS).toBe(5000);
  });

  it.each(['0', '-1', 'abc', '1e3', '', '3601'])('refuses --timeout %j', (value) => {
    expect(() => parseCommandLine(['scan', 'a.py', '--timeout', value])).toThrow(UsageError);
  });

  it('does not apply to rules', () => {
    expect(() => parseCommandLine(['rules', '--timeout', '2'])).toThrow(/--timeout does not apply to "rules"/);
  });
});

describe('hunkwise scan with a file past the deadline', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('timeout');
  });
  afterEach(() => removeDir(dir));

  it('lists the file as not analysed, analyses the others, and exits 2', async () => {
    writeFiles(dir, { 'hang.py': 'x = 1\n', 'ok.py': 'x = 1\n' });
    const deadlines: number[] = [];
    // The real factory builds the same pool around the built engine worker.
    const hostile: CliRunnerFactory = (rules, fileDeadlineMs) => {
      deadlines.push(fileDeadlineMs);
      return createEnginePool({ rules, fileDeadlineMs, workerUrl: HOSTILE, threads: 1, hardKillGraceMs: 0 });
    };
    const captured = captureIo(dir);
    const code = await runScan(
      { paths: ['.'], format: 'text', failOn: 'high', timeoutMs: 1000 },
      captured.io,
      { rules: [] },
      '0.0.0',
      hostile,
    );

    expect(deadlines).toEqual([1000]);
    expect(code).toBe(2);
    expect(captured.stdout()).toContain('not analysed: took longer than 1 s');
    expect(captured.stderr()).toContain('hang.py');
    expect(captured.stderr()).not.toContain('ok.py');
  });
});
