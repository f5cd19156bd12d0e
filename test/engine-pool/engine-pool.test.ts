/**
 * The engine pool with a stand-in worker (fixtures/hostile-engine-worker.mjs)
 * that hangs, exhausts its heap or crashes on demand: the pool's bounds are
 * tested without depending on what the real engine finds slow today.
 */
import { createEnginePool, type EnginePool } from '../../src/engine-pool/engine-pool.js';
import type { FileOutcome } from '../../src/engine-pool/engine-runner.js';

const HOSTILE = new URL('./fixtures/hostile-engine-worker.mjs', import.meta.url);
const BROKEN = new URL('./fixtures/broken-engine-worker.mjs', import.meta.url);

/** Long enough for a loaded machine to answer a trivial file; short enough to keep the tests quick. */
const DEADLINE_MS = 1500;

let pool: EnginePool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

function hostilePool(options: { threads?: number; maxHeapMb?: number; fileDeadlineMs?: number } = {}): EnginePool {
  pool = createEnginePool({
    rules: [],
    workerUrl: HOSTILE,
    threads: options.threads ?? 1,
    fileDeadlineMs: options.fileDeadlineMs ?? DEADLINE_MS,
    hardKillGraceMs: 0,
    ...(options.maxHeapMb === undefined ? {} : { maxHeapMb: options.maxHeapMb }),
  });
  return pool;
}

const file = (path: string) => ({ path, content: 'x = 1\n' });

function summary(outcomes: readonly FileOutcome[]): string[] {
  return outcomes.map((o) => (o.kind === 'scanned' ? `${o.path}: scanned` : `${o.path}: ${o.message}`));
}

describe('engine pool', () => {
  it('terminates a thread past the file deadline, reports the file, and analyses the next one on a fresh thread', async () => {
    const p = hostilePool();
    const outcomes = await p.scanFiles([file('a.py'), file('hang.py'), file('b.py')]);
    expect(summary(outcomes)).toEqual(['a.py: scanned', 'hang.py: not analysed: took longer than 1.5 s', 'b.py: scanned']);
    expect(outcomes[1]).toMatchObject({ kind: 'not-analysed', reason: 'deadline' });
  });

  it('reports a file whose thread exhausts the heap cap, and recovers', async () => {
    const p = hostilePool({ maxHeapMb: 16, fileDeadlineMs: 60_000 });
    const outcomes = await p.scanFiles([file('heap.py'), file('after.py')]);
    expect(summary(outcomes)).toEqual(['heap.py: not analysed: exceeded the memory limit', 'after.py: scanned']);
    expect(outcomes[0]).toMatchObject({ reason: 'memory' });
  });

  it('reports a crashed thread and recovers', async () => {
    const p = hostilePool();
    const outcomes = await p.scanFiles([file('crash.py'), file('after.py')]);
    expect(outcomes[0]).toMatchObject({ kind: 'not-analysed', reason: 'crash' });
    expect(outcomes[0].kind === 'not-analysed' && outcomes[0].message).toMatch(/^not analysed: analysis crashed/);
    expect(outcomes[1].kind).toBe('scanned');
  });

  it('keeps the calling event loop free while a thread is stuck', async () => {
    const p = hostilePool();
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    try {
      const outcomes = await p.scanFiles([file('hang.py')]);
      expect(outcomes[0]).toMatchObject({ reason: 'deadline' });
    } finally {
      clearInterval(timer);
    }
    // A blocked loop would tick at most once; a free one ticks many times over the deadline.
    expect(ticks).toBeGreaterThan(20);
  });

  it('stops a call at its time budget: the running file and the waiting ones are not analysed', async () => {
    const p = hostilePool({ fileDeadlineMs: 60_000 });
    const outcomes = await p.scanFiles([file('hang.py'), file('a.py'), file('b.py')], { timeBudgetMs: 300 });
    expect(summary(outcomes)).toEqual([
      "hang.py: not analysed: the review's time budget ran out",
      "a.py: not analysed: the review's time budget ran out",
      "b.py: not analysed: the review's time budget ran out",
    ]);
    // The pool serves the next call.
    expect(summary(await p.scanFiles([file('c.py')]))).toEqual(['c.py: scanned']);
  });

  it('reports every file of a call whose budget is already spent, without starting a thread', async () => {
    const p = hostilePool();
    const outcomes = await p.scanFiles([file('a.py')], { timeBudgetMs: 0 });
    expect(outcomes[0]).toMatchObject({ reason: 'job-budget' });
    expect(p.threadCount).toBe(0);
  });

  it('never runs more threads than asked, and answers in the order given', async () => {
    const p = hostilePool({ threads: 2 });
    const files = Array.from({ length: 8 }, (_, i) => file(`f${i}.py`));
    const outcomes = await p.scanFiles(files);
    expect(outcomes.map((o) => o.path)).toEqual(files.map((f) => f.path));
    expect(outcomes.every((o) => o.kind === 'scanned')).toBe(true);
    expect(p.threadCount).toBeLessThanOrEqual(2);
  });

  it('serves concurrent calls, each with its own outcomes', async () => {
    const p = hostilePool({ threads: 2 });
    const [first, second] = await Promise.all([
      p.scanFiles([file('hang.py'), file('a.py')]),
      p.scanFiles([file('b.py'), file('c.py')]),
    ]);
    expect(summary(first)).toEqual(['hang.py: not analysed: took longer than 1.5 s', 'a.py: scanned']);
    expect(summary(second)).toEqual(['b.py: scanned', 'c.py: scanned']);
  });

  it('close() terminates the threads, reports a file in flight, and a later call starts afresh', async () => {
    const p = hostilePool({ fileDeadlineMs: 60_000 });
    await p.scanFiles([file('a.py')]);
    expect(p.threadCount).toBe(1);
    const stuck = p.scanFiles([file('hang.py')]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await p.close();
    expect(p.threadCount).toBe(0);
    expect((await stuck)[0]).toMatchObject({ kind: 'not-analysed', reason: 'crash' });
    expect(summary(await p.scanFiles([file('b.py')]))).toEqual(['b.py: scanned']);
  });

  it('reports the files when the engine cannot start, rather than retrying forever', async () => {
    pool = createEnginePool({ rules: [], workerUrl: BROKEN, threads: 1 });
    const outcomes = await pool.scanFiles([file('a.py'), file('b.py')]);
    expect(outcomes.map((o) => o.kind === 'not-analysed' && o.reason)).toEqual(['crash', 'crash']);
    expect(outcomes[0].kind === 'not-analysed' && outcomes[0].message).toContain('the engine could not start');
  });
});
