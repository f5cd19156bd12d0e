import { pino } from 'pino';
import type { ReviewJob } from '../../src/jobs/review-job.js';
import { createInProcessReviewQueue } from '../../src/jobs/review-queue.js';

function job(pull: number, headSha: string): ReviewJob {
  return {
    installationId: 1,
    owner: 'o',
    repo: 'r',
    pull,
    headSha,
    trigger: { kind: 'pull_request', action: 'synchronize', draft: false },
    deliveryId: `d-${pull}-${headSha}`,
  };
}

/** A job runner the test releases by hand. */
function gatedRunner() {
  const started: ReviewJob[] = [];
  const gates = new Map<ReviewJob, () => void>();
  const process = (j: ReviewJob): Promise<void> =>
    new Promise((resolve) => {
      started.push(j);
      gates.set(j, resolve);
    });
  const release = (j: ReviewJob): void => gates.get(j)?.();
  return { started, process, release };
}

const tick = () => new Promise((r) => setImmediate(r));
const log = pino({ level: 'silent' });

describe('in-process review queue', () => {
  it('replaces an older queued head, and calls the same head a duplicate', async () => {
    const runner = gatedRunner();
    const queue = createInProcessReviewQueue({ concurrency: 4, process: runner.process, log });
    const a = job(1, 'a');
    expect(await queue.enqueue(a)).toBe('queued');
    expect(await queue.enqueue(job(1, 'a'))).toBe('duplicate'); // running
    expect(await queue.enqueue(job(1, 'b'))).toBe('queued');
    expect(await queue.enqueue(job(1, 'b'))).toBe('duplicate'); // queued
    const c = job(1, 'c');
    expect(await queue.enqueue(c)).toBe('replaced');
    expect(runner.started.map((j) => j.headSha)).toEqual(['a']); // one at a time per pull request
    runner.release(a);
    await tick();
    expect(runner.started.map((j) => j.headSha)).toEqual(['a', 'c']);
    runner.release(c);
    await queue.drain();
  });

  it('does not call a ready pull request a duplicate of its draft run', async () => {
    const runner = gatedRunner();
    const queue = createInProcessReviewQueue({ concurrency: 1, process: runner.process, log });
    const draft: ReviewJob = { ...job(1, 'a'), trigger: { kind: 'pull_request', action: 'opened', draft: true } };
    const ready: ReviewJob = { ...job(1, 'a'), trigger: { kind: 'pull_request', action: 'ready_for_review', draft: false } };
    expect(await queue.enqueue(draft)).toBe('queued');
    expect(await queue.enqueue(ready)).toBe('queued');
    expect(await queue.enqueue({ ...ready, deliveryId: 'again' })).toBe('duplicate');
    runner.release(draft);
    await tick();
    runner.release(ready);
    await queue.drain();
    expect(runner.started.map((j) => j.trigger.kind === 'pull_request' && j.trigger.draft)).toEqual([true, false]);
  });

  it('bounds concurrency across pull requests', async () => {
    const runner = gatedRunner();
    const queue = createInProcessReviewQueue({ concurrency: 2, process: runner.process, log });
    const jobs = [job(1, 'x'), job(2, 'x'), job(3, 'x')];
    for (const j of jobs) await queue.enqueue(j);
    expect(runner.started).toHaveLength(2);
    runner.release(jobs[0]);
    await tick();
    expect(runner.started).toHaveLength(3);
    runner.release(jobs[1]);
    runner.release(jobs[2]);
    await queue.drain();
  });

  it('keeps going after a job that throws', async () => {
    const seen: string[] = [];
    const queue = createInProcessReviewQueue({
      concurrency: 1,
      log,
      process: async (j) => {
        seen.push(j.headSha);
        if (j.headSha === 'bad') throw new Error('boom');
      },
    });
    await queue.enqueue(job(1, 'bad'));
    await queue.enqueue(job(2, 'good'));
    await queue.drain();
    expect(seen).toEqual(['bad', 'good']);
  });

  it('drains at once when idle', async () => {
    const queue = createInProcessReviewQueue({ concurrency: 1, log, process: async () => undefined });
    await expect(queue.drain()).resolves.toBeUndefined();
  });
});
