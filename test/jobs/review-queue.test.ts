import { pino } from 'pino';
import type { ReviewJob } from '../../src/jobs/review-job.js';
import { createInProcessReviewQueue, REMEMBERED_PULL_REQUESTS } from '../../src/jobs/review-queue.js';
import type { ReviewJobOutcome } from '../../src/jobs/run-review-job.js';

function job(pull: number, headSha: string, updatedAt?: string): ReviewJob {
  return {
    installationId: 1,
    owner: 'o',
    repo: 'r',
    pull,
    headSha,
    trigger: { kind: 'pull_request', action: 'synchronize', draft: false },
    deliveryId: `d-${pull}-${headSha}`,
    ...(updatedAt === undefined ? {} : { pullRequestUpdatedAt: updatedAt }),
  };
}

const completed: ReviewJobOutcome = { status: 'completed', posted: 0, resolved: 0 };
const supersededBy = (headSha: string, draft = false): ReviewJobOutcome => ({
  status: 'superseded',
  conclusion: 'neutral',
  posted: 0,
  resolved: 0,
  currentHead: { headSha, draft },
});

/** A job runner the test releases by hand, with the outcome the run should have. */
function gatedRunner() {
  const started: ReviewJob[] = [];
  const gates = new Map<ReviewJob, (outcome: ReviewJobOutcome) => void>();
  const process = (j: ReviewJob): Promise<ReviewJobOutcome> =>
    new Promise((resolve) => {
      started.push(j);
      gates.set(j, resolve);
    });
  const release = (j: ReviewJob | undefined, outcome: ReviewJobOutcome = completed): void => {
    if (j === undefined) throw new Error('no such job started');
    gates.get(j)?.(outcome);
  };
  /** The job started for `headSha` (the queue may run a copy of the one enqueued). */
  const startedFor = (headSha: string): ReviewJob | undefined => started.find((j) => j.headSha === headSha);
  return { started, process, release, startedFor, heads: () => started.map((j) => j.headSha) };
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
    expect(runner.heads()).toEqual(['a']); // one at a time per pull request
    runner.release(a);
    await tick();
    expect(runner.heads()).toEqual(['a', 'c']);
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
        return completed;
      },
    });
    await queue.enqueue(job(1, 'bad'));
    await queue.enqueue(job(2, 'good'));
    await queue.drain();
    expect(seen).toEqual(['bad', 'good']);
  });

  it('drains at once when idle', async () => {
    const queue = createInProcessReviewQueue({ concurrency: 1, log, process: async () => completed });
    await expect(queue.drain()).resolves.toBeUndefined();
  });
});

describe('in-process review queue: late deliveries', () => {
  it('refuses a delivery older than one it took for the pull request, queued, running or done', async () => {
    const runner = gatedRunner();
    const queue = createInProcessReviewQueue({ concurrency: 1, process: runner.process, log });
    expect(await queue.enqueue(job(1, 'x', '2024-05-01T10:00:00Z'))).toBe('queued'); // running
    expect(await queue.enqueue(job(1, 'b', '2024-05-01T10:02:00Z'))).toBe('queued'); // waiting
    expect(await queue.enqueue(job(1, 'a', '2024-05-01T10:01:00Z'))).toBe('stale');
    expect(await queue.enqueue(job(2, 'a', '2024-05-01T09:00:00Z'))).toBe('queued'); // another pull request
    runner.release(runner.startedFor('x'));
    await tick();
    runner.release(runner.startedFor('b'));
    await tick();
    runner.release(runner.startedFor('a'));
    await queue.drain();
    // Long after the newer head's review finished, a redelivery of the old one is still refused.
    expect(await queue.enqueue(job(1, 'a', '2024-05-01T10:01:00Z'))).toBe('stale');
    expect(runner.started.map((j) => `${j.pull}@${j.headSha}`)).toEqual(['1@x', '1@b', '2@a']);
  });

  it('takes deliveries it cannot order: the same second, or no time at all', async () => {
    const runner = gatedRunner();
    const queue = createInProcessReviewQueue({ concurrency: 1, process: runner.process, log });
    await queue.enqueue(job(1, 'x', '2024-05-01T10:00:00Z'));
    expect(await queue.enqueue(job(1, 'b', '2024-05-01T10:02:00Z'))).toBe('queued');
    expect(await queue.enqueue(job(1, 'a', '2024-05-01T10:02:00Z'))).toBe('replaced');
    expect(await queue.enqueue(job(1, 'c'))).toBe('replaced');
    expect(await queue.enqueue(job(1, 'd', 'not a time'))).toBe('replaced');
    runner.release(runner.startedFor('x'));
    await tick();
    runner.release(runner.startedFor('d'));
    await queue.drain();
  });

  it('forgets the oldest pull requests past its bound', async () => {
    const queue = createInProcessReviewQueue({ concurrency: 8, log, process: async () => completed });
    await queue.enqueue(job(1, 'b', '2024-05-01T10:02:00Z'));
    for (let pull = 2; pull <= REMEMBERED_PULL_REQUESTS + 1; pull++) await queue.enqueue(job(pull, 'x', '2024-05-01T10:00:00Z'));
    await queue.drain();
    // Forgotten: taken (the run's own head check is what guarantees the review of the real head).
    expect(await queue.enqueue(job(1, 'a', '2024-05-01T10:01:00Z'))).toBe('queued');
    await queue.drain();
  });
});

describe('in-process review queue: a run that finds the head moved', () => {
  it('queues the real head when a late job for an old head had replaced its job', async () => {
    const runner = gatedRunner();
    const queue = createInProcessReviewQueue({ concurrency: 1, process: runner.process, log });
    await queue.enqueue(job(1, 'x')); // running
    expect(await queue.enqueue(job(1, 'b'))).toBe('queued');
    expect(await queue.enqueue(job(1, 'a'))).toBe('replaced'); // the late one, without a usable time
    runner.release(runner.startedFor('x'));
    await tick();
    expect(runner.heads()).toEqual(['x', 'a']);
    runner.release(runner.startedFor('a'), supersededBy('b'));
    await tick();
    expect(runner.heads()).toEqual(['x', 'a', 'b']);
    const b = runner.startedFor('b');
    expect(b).toMatchObject({ pull: 1, headSha: 'b', deliveryId: 'd-1-a', trigger: { kind: 'pull_request', draft: false } });
    runner.release(b);
    await queue.drain();
    expect(runner.heads()).toEqual(['x', 'a', 'b']);
  });

  it('replaces a waiting job for another head with the head the run found', async () => {
    const runner = gatedRunner();
    const queue = createInProcessReviewQueue({ concurrency: 1, process: runner.process, log });
    await queue.enqueue(job(1, 'x'));
    await queue.enqueue(job(1, 'a')); // a late one waits
    runner.release(runner.startedFor('x'), supersededBy('b'));
    await tick();
    expect(runner.heads()).toEqual(['x', 'b']);
    runner.release(runner.startedFor('b'));
    await queue.drain();
    expect(runner.heads()).toEqual(['x', 'b']);
  });

  it('adds nothing when the real head is already waiting', async () => {
    const runner = gatedRunner();
    const queue = createInProcessReviewQueue({ concurrency: 1, process: runner.process, log });
    await queue.enqueue(job(1, 'x'));
    await queue.enqueue(job(1, 'b')); // the push during the run
    runner.release(runner.startedFor('x'), supersededBy('b'));
    await tick();
    runner.release(runner.startedFor('b'));
    await queue.drain();
    expect(runner.heads()).toEqual(['x', 'b']);
    expect(runner.startedFor('b')?.deliveryId).toBe('d-1-b'); // the webhook's own job, not a copy
  });

  it('does not review again a head whose review finished', async () => {
    const runner = gatedRunner();
    const queue = createInProcessReviewQueue({ concurrency: 1, process: runner.process, log });
    await queue.enqueue(job(1, 'b'));
    await queue.enqueue(job(1, 'a')); // late, behind the newer head's run
    runner.release(runner.startedFor('b'));
    await tick();
    runner.release(runner.startedFor('a'), supersededBy('b'));
    await queue.drain();
    expect(runner.heads()).toEqual(['b', 'a']);
  });

  it('reviews a head whose only run stopped at "draft" once the pull request is ready', async () => {
    const runner = gatedRunner();
    const queue = createInProcessReviewQueue({ concurrency: 1, process: runner.process, log });
    const draft: ReviewJob = { ...job(1, 'b'), trigger: { kind: 'pull_request', action: 'opened', draft: true } };
    await queue.enqueue(draft);
    await queue.enqueue(job(1, 'a'));
    runner.release(draft, { status: 'skipped-draft', posted: 0, resolved: 0 });
    await tick();
    runner.release(runner.startedFor('a'), supersededBy('b', false));
    await tick();
    expect(runner.heads()).toEqual(['b', 'a', 'b']);
    runner.release(runner.started[2]);
    await queue.drain();
  });

  it('queues nothing for a run superseded on a closed pull request', async () => {
    const runner = gatedRunner();
    const queue = createInProcessReviewQueue({ concurrency: 1, process: runner.process, log });
    await queue.enqueue(job(1, 'a'));
    runner.release(runner.startedFor('a'), { status: 'superseded', conclusion: 'neutral', posted: 0, resolved: 0 });
    await queue.drain();
    expect(runner.heads()).toEqual(['a']);
  });
});
