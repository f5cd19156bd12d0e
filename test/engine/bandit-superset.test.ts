/**
 * hunkwise reports at least what Bandit reports (issue 11, item 5): Bandit runs on the
 * fixtures in rules/bandit/superset/ (cases in the style of Bandit's examples, one file per
 * check), and every line it reports must carry a hunkwise finding of a rule that names the
 * same check, at some tier: hygiene stays low and goes to the summary, but it is there.
 *
 * Needs `bandit` on PATH (CI installs Debian's); without it the Bandit half is skipped with a
 * message, and the fixtures' own `# ruleid:` annotations are still checked.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { readAnnotations } from '../../src/engine/check-fixture.js';
import { builtinRulesDir, createEngine, loadRuleFiles, type Engine, type Finding } from '../../src/engine/index.js';

const SUPERSET_DIR = join(builtinRulesDir(), 'bandit', 'superset');
const FILES = readdirSync(SUPERSET_DIR)
  .filter((f) => f.endsWith('.py'))
  .sort();

/**
 * Checks Bandit has removed (its docs say "The check for this call has been removed"), which
 * Bandit 1.6 still runs: nothing to be a superset of.
 */
const REMOVED_FROM_BANDIT: ReadonlyMap<string, string> = new Map([
  ['B309', 'HTTPSConnection: Python verifies certificates by default since 3.4.3'],
  ['B320', 'lxml parsing: replaced by the lxml-unsafe-parser rule, which reports the unsafe parsers'],
  ['B322', 'input(): evaluates its input only in Python 2'],
  ['B325', 'os.tempnam: gone from Python 3'],
]);

const BANDIT_TIMEOUT_MS = 120_000;

interface BanditResult {
  readonly filename: string;
  readonly line_number: number;
  readonly line_range?: readonly number[];
  readonly test_id: string;
}

function banditOnPath(): boolean {
  return spawnSync('bandit', ['--version'], { encoding: 'utf8' }).status === 0;
}

function runBandit(dir: string): BanditResult[] {
  const out = mkdtempSync(join(tmpdir(), 'hunkwise-bandit-'));
  try {
    const report = join(out, 'bandit.json');
    // Exit status 1 only means "issues found".
    const run = spawnSync('bandit', ['-r', '-q', '-f', 'json', '-o', report, dir], { encoding: 'utf8', timeout: BANDIT_TIMEOUT_MS });
    if (run.status !== 0 && run.status !== 1) throw new Error(`bandit failed (${String(run.status)}): ${run.stderr}`);
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as { errors: unknown[]; results: BanditResult[] };
    expect(parsed.errors).toEqual([]);
    return parsed.results;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

let engine: Engine;
const findings = new Map<string, readonly Finding[]>();

beforeAll(async () => {
  engine = await createEngine({ rules: loadRuleFiles().map((f) => f.rule) });
  for (const file of FILES) {
    const result = engine.scanFile(file, readFileSync(join(SUPERSET_DIR, file), 'utf8'));
    expect(result.errors).toEqual([]);
    findings.set(file, result.findings);
  }
});

describe('the superset fixtures hold what they say', () => {
  test('one fixture or more per Bandit check family, each with annotated cases', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(40);
  });

  test.each(FILES)('%s: every `# ruleid:` case fires, after overlapping rules are merged', (file) => {
    const text = readFileSync(join(SUPERSET_DIR, file), 'utf8');
    const ids = new Set([...text.matchAll(/#\s*ruleid:\s*([\w\-, ]+?)\s*(?:--|$)/gm)].flatMap((m) => m[1].split(',').map((s) => s.trim())));
    expect(ids.size).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const id of ids) {
      const fired = new Set((findings.get(file) ?? []).filter((f) => f.ruleId === id).map((f) => f.line));
      for (const [line, mark] of readAnnotations(text, id).byLine) {
        if (mark === 'ruleid' && !fired.has(line)) missing.push(`${file}:${line} ${id}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

const haveBandit = banditOnPath();
if (!haveBandit) {
  console.warn('bandit-superset: `bandit` is not on PATH, so the comparison with Bandit is skipped (apt-get install bandit)');
}

(haveBandit ? describe : describe.skip)('every line Bandit reports on the fixtures, hunkwise reports too', () => {
  test('same line (or the statement Bandit points into), a rule naming the same check', () => {
    const results = runBandit(SUPERSET_DIR).filter((r) => !REMOVED_FROM_BANDIT.has(r.test_id));
    expect(results.length).toBeGreaterThan(200);
    const missed: string[] = [];
    for (const r of results) {
      const file = relative(SUPERSET_DIR, resolve(r.filename));
      const lines = r.line_range && r.line_range.length > 0 ? r.line_range : [r.line_number];
      const covered = (findings.get(file) ?? []).some(
        (f) => f.bandit.includes(r.test_id) && lines.some((l) => l >= f.line && l <= f.endLine),
      );
      if (!covered) missed.push(`${file}:${r.line_number} ${r.test_id}`);
    }
    expect(missed).toEqual([]);
  });

  test('every check Bandit ran on the fixtures is one hunkwise has a rule for', () => {
    const named = new Set(engine.rules.flatMap((r) => r.bandit));
    const seen = new Set(runBandit(SUPERSET_DIR).map((r) => r.test_id));
    expect([...seen].filter((id) => !named.has(id) && !REMOVED_FROM_BANDIT.has(id))).toEqual([]);
  });
});
