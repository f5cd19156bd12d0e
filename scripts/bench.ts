/**
 * npm run bench [PATH] [--no-bandit] [--chain-only] [--startup-only]
 * First, start-up: `hunkwise scan` of a one-line file, STARTUP_RUNS times alternating with
 * `node -e 0`, each run's wall time and the scan's peak RSS (median of each).
 * Scans a corpus (default: this machine's Python standard library, test folders excluded)
 * and compares hunkwise with tree-sitter parsing alone and, when it is on PATH, Bandit.
 * First, in a child process of its own (so its peak memory is its own), it scans the hostile
 * chain file of issue 9: CHAIN_LINES lines of `v{i} = request.args.get("a") + v{i-1}`, then
 * `subprocess.call(v..., shell=True)`, generated in memory.
 * Timings are printed, never asserted.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'web-tree-sitter';
import { createEngine, severityRank, type Finding } from '../src/engine/index.js';
import { loadPython } from '../src/engine/grammar.js';

/** Warm passes over the corpus after the first; their mean is reported. */
const ROUNDS = 3;
/** Files parsed, then scanned, in turn during a warm pass. */
const CHUNK = 20;

const EXCLUDED_DIRS = new Set(['test', 'tests', 'idle_test', 'site-packages', '__pycache__', 'node_modules', '.git']);

function defaultCorpus(): string {
  return execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
}

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (!EXCLUDED_DIRS.has(e.name)) walk(join(d, e.name));
      } else if (e.isFile() && e.name.endsWith('.py')) {
        out.push(join(d, e.name));
      }
    }
  };
  walk(dir);
  return out.sort();
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

interface BanditRun {
  readonly seconds: number;
  readonly mediumHigh: number;
  readonly byCode: Map<string, number>;
}

function runBandit(corpus: string): BanditRun | string {
  const dir = mkdtempSync(join(tmpdir(), 'hunkwise-bench-'));
  const out = join(dir, 'bandit.json');
  const excludes = [...EXCLUDED_DIRS].map((d) => `*/${d}/*`).join(',');
  const start = process.hrtime.bigint();
  const r = spawnSync('bandit', ['-r', corpus, '-x', excludes, '-f', 'json', '-q', '-o', out], { stdio: 'ignore' });
  const elapsed = seconds(start);
  try {
    const report = JSON.parse(readFileSync(out, 'utf8')) as { results: { test_id: string; issue_severity: string }[] };
    const byCode = new Map<string, number>();
    let mediumHigh = 0;
    for (const res of report.results) {
      if (res.issue_severity === 'LOW') continue;
      mediumHigh++;
      byCode.set(res.test_id, (byCode.get(res.test_id) ?? 0) + 1);
    }
    return { seconds: elapsed, mediumHigh, byCode };
  } catch {
    return `bandit exited ${r.status} without a report`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lines of the generated taint chain (issue 9, attack 1). */
const CHAIN_LINES = 20_000;
/** The App's per-file budget, so the figure says whether the chain fits in it. */
const CHAIN_BUDGET_MS = 5_000;

function chainFile(): string {
  const lines = ['import subprocess', 'from flask import request', '', 'v0 = request.args.get("a")'];
  for (let i = 1; i < CHAIN_LINES; i++) lines.push(`v${i} = request.args.get("a") + v${i - 1}`);
  lines.push(`subprocess.call(v${CHAIN_LINES - 1}, shell=True)`, '');
  return lines.join('\n');
}

interface ChainRun {
  readonly bytes: number;
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly found: boolean;
  readonly errors: readonly string[];
}

/** In the child: scan the chain once and print the figures as JSON. */
async function chainChild(): Promise<void> {
  const engine = await createEngine();
  const src = chainFile();
  const start = process.hrtime.bigint();
  const r = engine.scanFile('chain.py', src, { timeBudgetMs: CHAIN_BUDGET_MS });
  const run: ChainRun = {
    bytes: Buffer.byteLength(src),
    seconds: seconds(start),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    found: r.findings.some((f) => f.ruleId === 'tainted-command' && f.line === CHAIN_LINES + 4),
    errors: r.errors.map((e) => `${e.kind}: ${e.message}`),
  };
  console.log(JSON.stringify(run));
}

function runChain(): void {
  const child = spawnSync(process.execPath, [process.argv[1], '--chain-child'], { encoding: 'utf8' });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  let run: ChainRun;
  try {
    run = JSON.parse(line) as ChainRun;
  } catch {
    console.log(`chain file    the child exited ${child.status ?? child.signal} without figures`);
    return;
  }
  console.log(
    `chain file    ${CHAIN_LINES.toLocaleString('en-US')} lines (${(run.bytes / 1024).toFixed(0)} kB): ${run.seconds.toFixed(2)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB (whole process), shell injection ${run.found ? 'found' : 'NOT found'}${run.errors.length ? `; ${run.errors.join('; ')}` : ''}`,
  );
}

/** Start-up runs of each command; the median is reported, so a busy moment on a shared machine counts once. */
const STARTUP_RUNS = 11;
/** The start-up the command line aims at for a one-file scan, on a two-core machine. */
const STARTUP_TARGET_MS = 250;

interface Run {
  readonly ms: number;
  readonly rssMb: number;
  /** User and system CPU of the whole process, all threads. */
  readonly cpuMs: number;
  readonly status: number | null;
}

/** One child process: wall time from spawn to exit; its peak RSS and CPU time as it reports them. */
function timedRun(argv: readonly string[], cwd: string): Run {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', 'data:text/javascript,' + encodeURIComponent(REPORT_RSS), ...argv], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const [, rss, cpu] = /hunkwise-bench-usage (\d+) (\d+)/.exec(child.stderr) ?? [];
  return { ms, rssMb: rss === undefined ? NaN : Number(rss) / 1024, cpuMs: cpu === undefined ? NaN : Number(cpu) / 1000, status: child.status };
}

/** Loaded with --import in each timed child: prints its peak RSS (kB) and CPU time (µs) on stderr at exit. */
const REPORT_RSS =
  "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('hunkwise-bench-usage ' + u.maxRSS + ' ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });";

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function runStartup(): void {
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'hunkwise.js');
  const dir = mkdtempSync(join(tmpdir(), 'hunkwise-bench-'));
  try {
    writeFileSync(join(dir, 'one.py'), 'x = 1\n');
    const scans: Run[] = [];
    const bare: Run[] = [];
    timedRun([bin, 'scan', 'one.py'], dir); // the first run warms the file cache
    for (let i = 0; i < STARTUP_RUNS; i++) {
      bare.push(timedRun(['-e', '0'], dir));
      scans.push(timedRun([bin, 'scan', 'one.py'], dir));
    }
    const failed = scans.filter((r) => r.status !== 0).length;
    const scanMs = median(scans.map((r) => r.ms));
    const nodeMs = median(bare.map((r) => r.ms));
    console.log(
      `start-up      hunkwise scan of a one-line file: ${scanMs.toFixed(0)} ms wall (median of ${STARTUP_RUNS}; target <= ${STARTUP_TARGET_MS} ms), node -e 0 ${nodeMs.toFixed(0)} ms, so ${(scanMs - nodeMs).toFixed(0)} ms of hunkwise's own; CPU ${median(scans.map((r) => r.cpuMs)).toFixed(0)} ms (node -e 0 ${median(bare.map((r) => r.cpuMs)).toFixed(0)} ms); peak RSS ${median(scans.map((r) => r.rssMb)).toFixed(0)} MB (node -e 0 ${median(bare.map((r) => r.rssMb)).toFixed(0)} MB)${failed ? `; ${failed} runs FAILED` : ''}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--chain-child')) return chainChild();
  runStartup();
  if (args.includes('--startup-only')) return;
  runChain();
  if (args.includes('--chain-only')) return;
  const corpus = args.find((a) => !a.startsWith('--')) ?? defaultCorpus();
  const withBandit = !args.includes('--no-bandit');
  const files = pythonFiles(corpus);
  const contents = files.map((f) => readFileSync(f));
  const texts = contents.map((c) => c.toString('utf8'));
  const lines = texts.reduce((n, t) => n + t.split('\n').length, 0);

  const engine = await createEngine();
  const parser = new Parser();
  parser.setLanguage(await loadPython());

  const parseRange = (from: number, to: number): void => {
    for (let i = from; i < to; i++) parser.parse(texts[i])?.delete();
  };
  const findings: Finding[] = [];
  let errors = 0;
  const scanRange = (from: number, to: number, keep: boolean): void => {
    for (let i = from; i < to; i++) {
      const r = engine.scanFile(relative(corpus, files[i]), contents[i]);
      if (!keep) continue;
      findings.push(...r.findings);
      errors += r.errors.length;
    }
  };
  const timed = (work: () => void): number => {
    const start = process.hrtime.bigint();
    work();
    return seconds(start);
  };

  // The first pass is slower for both sides (WASM and JS are compiled and tiered up while
  // they run) and is reported on its own. The warm passes then alternate between parsing and
  // scanning every CHUNK files, so a busy moment on a shared machine hits both alike; the
  // ratio is taken on their sums, over ROUNDS passes.
  const coldParseSeconds = timed(() => parseRange(0, files.length));
  const coldScanSeconds = timed(() => scanRange(0, files.length, true));
  let parseSeconds = 0;
  let scanSeconds = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (let from = 0; from < files.length; from += CHUNK) {
      const to = Math.min(files.length, from + CHUNK);
      parseSeconds += timed(() => parseRange(from, to));
      scanSeconds += timed(() => scanRange(from, to, false));
    }
  }
  parseSeconds /= ROUNDS;
  scanSeconds /= ROUNDS;
  const peakMb = process.resourceUsage().maxRSS / 1024;

  const mediumHigh = findings.filter((f) => severityRank(f.severity) >= severityRank('medium'));
  const byRule = new Map<string, number>();
  for (const f of mediumHigh) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);

  const fmt = (n: number): string => n.toLocaleString('en-US');
  console.log(`corpus        ${corpus}`);
  console.log(`files         ${fmt(files.length)}`);
  console.log(`lines         ${fmt(lines)}`);
  console.log(`rules         ${engine.rules.length}`);
  console.log(`parse only    ${parseSeconds.toFixed(2)} s  (mean of ${ROUNDS} warm passes; first pass ${coldParseSeconds.toFixed(2)} s)`);
  console.log(
    `hunkwise      ${scanSeconds.toFixed(2)} s  (mean of ${ROUNDS} warm passes; first pass ${coldScanSeconds.toFixed(2)} s; ${fmt(Math.round(lines / scanSeconds))} lines/s, peak RSS ${peakMb.toFixed(0)} MB)`,
  );
  console.log(
    `ratio         ${(scanSeconds / parseSeconds).toFixed(2)}x parse-only time (target <= 1.5x); first passes ${(coldScanSeconds / coldParseSeconds).toFixed(2)}x`,
  );
  console.log(`findings      ${fmt(findings.length)} (${fmt(mediumHigh.length)} medium+high), ${fmt(errors)} file errors`);
  const top = [...byRule].sort((a, b) => b[1] - a[1]).slice(0, 12);
  if (top.length) console.log(`  medium+high by rule: ${top.map(([r, n]) => `${r} ${n}`).join(', ')}`);

  if (!withBandit) return;
  if (!hasCommand('bandit')) {
    console.log('bandit        not on PATH (apt-get install bandit): skipped');
    return;
  }
  const bandit = runBandit(corpus);
  if (typeof bandit === 'string') {
    console.log(`bandit        ${bandit}`);
    return;
  }
  console.log(`bandit        ${bandit.seconds.toFixed(2)} s  (${fmt(Math.round(lines / bandit.seconds))} lines/s)`);
  // Bandit runs once, cold; so does hunkwise's side of this comparison.
  console.log(`speed-up      ${(bandit.seconds / coldScanSeconds).toFixed(1)}x faster than Bandit, first run against Bandit's one (target >= 5x)`);
  console.log(
    `noise         hunkwise ${fmt(mediumHigh.length)} medium+high vs Bandit ${fmt(bandit.mediumHigh)} (${((100 * mediumHigh.length) / Math.max(1, bandit.mediumHigh)).toFixed(0)}%, target <= 50%)`,
  );
  const btop = [...bandit.byCode].sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log(`  Bandit medium+high by code: ${btop.map(([c, n]) => `${c} ${n}`).join(', ')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
