/**
 * The pool with the real engine worker, as the App and the CLI run it (from dist/,
 * built first when stale), and the in-thread runner the integration tests use.
 */
import { createEngine, loadBuiltinRules, loadBuiltinRulesQuickly } from '../../src/engine/index.js';
import type { Rule } from '../../src/engine/rule-schema.js';
import { createEnginePool, prestartEngineThread, type EnginePool } from '../../src/engine-pool/engine-pool.js';
import { asFileResult, type EngineRunner, type FileOutcome } from '../../src/engine-pool/engine-runner.js';
import { createInThreadRunner } from '../../src/engine-pool/in-thread-runner.js';
import { ensureBuilt } from '../e2e/support/hunkwise-process.js';

const SHELL = ['import subprocess', '', 'def run(name):', '    subprocess.call("make " + name, shell=True)', ''].join('\n');
const SYSTEM = ['import os', '', 'os.system("ls")', ''].join('\n');

/** A repository's own rule, as a `.github/hunkwise/rules/*.yml` file becomes. */
const REPO_RULE: Rule = {
  id: 'repo-no-os-system',
  title: 'No os.system here',
  severity: 'medium',
  confidence: 'high',
  category: 'defect',
  cwe: [78],
  bandit: [],
  ruff: [],
  message: '{callee} is not allowed in this repository',
  why: 'House rule.',
  fix: 'Use subprocess with a list.',
  references: [],
  match: { kind: 'call', callees: ['os.system'], where: [] },
};

const ruleIds = (outcome: FileOutcome): string[] => asFileResult(outcome).findings.map((f) => f.ruleId);

async function behavesLikeTheEngine(runner: EngineRunner): Promise<void> {
  const files = [
    { path: 'app/run.py', content: SHELL },
    { path: 'app/sys.py', content: new TextEncoder().encode(SYSTEM) },
  ];
  const plain = await runner.scanFiles(files);
  expect(plain.map((o) => o.kind)).toEqual(['scanned', 'scanned']);
  expect(ruleIds(plain[0])).toContain('subprocess-shell-true');
  expect(ruleIds(plain[1])).not.toContain(REPO_RULE.id);

  const repoRules = [REPO_RULE];
  const withRepo = await runner.scanFiles(files, { extraRules: repoRules });
  expect(ruleIds(withRepo[1])).toContain(REPO_RULE.id);
  // The same rules again (the next batch of one review), then none: each call gets its own rules.
  expect(ruleIds((await runner.scanFiles(files.slice(1), { extraRules: repoRules }))[0])).toContain(REPO_RULE.id);
  expect(ruleIds((await runner.scanFiles(files.slice(1)))[0])).not.toContain(REPO_RULE.id);

  const tooLarge = await runner.scanFiles(files.slice(0, 1), { maxBytes: 10 });
  expect(asFileResult(tooLarge[0])).toMatchObject({ analysed: false, errors: [{ kind: 'too-large' }] });
}

describe('the real engine', () => {
  let pool: EnginePool | undefined;
  beforeAll(async () => {
    await ensureBuilt();
  }, 300_000);
  afterAll(async () => {
    await pool?.close();
  });

  it('in the pool: finds what the engine finds, with a repository’s rules per call', async () => {
    pool = createEnginePool({ rules: loadBuiltinRules(), threads: 1 });
    await behavesLikeTheEngine(pool);
  });

  it('with a thread started ahead (as the command line does), reading the built-in rules itself: the same behaviour', async () => {
    prestartEngineThread();
    const started = createEnginePool({ rules: await loadBuiltinRulesQuickly(), threads: 1 });
    try {
      await behavesLikeTheEngine(started);
      expect(started.threadCount).toBe(1);
    } finally {
      await started.close();
    }
  });

  it('in-thread: the same behaviour', async () => {
    await behavesLikeTheEngine(createInThreadRunner(await createEngine()));
  });

  it('in-thread: a spent time budget leaves the files not analysed', async () => {
    const runner = createInThreadRunner(await createEngine());
    const [outcome] = await runner.scanFiles([{ path: 'a.py', content: SHELL }], { timeBudgetMs: 0 });
    expect(outcome).toMatchObject({ kind: 'not-analysed', reason: 'job-budget', message: "not analysed: the review's time budget ran out" });
  });
});
