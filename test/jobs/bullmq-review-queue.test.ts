/**
 * The BullMQ review queue against a real redis-server: the in-process queue's
 * semantics (one job per head, newer heads supersede, one run per pull request
 * at a time) across several queue instances, as several replicas would run them.
 */
import { Queue } from 'bullmq';
import { pino } from 'pino';
import {
  createBullmqReviewQueue,
  REVIEW_QUEUE_NAME,
  reviewJobId,
  type BullmqReviewQueue,
  type QueueTuning,
} from '../../src/jobs/bullmq-review-queue.js';
import type { ReviewJob } from '../../src/jobs/review-job.js';
import type { ReviewJobOutcome } from '../../src/jobs/run-review-job.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../e2e/support/redis-server.js';

const available = redisServerAvailable();
if (!available) {
  console.warn('SKIPPED: redis-server is not installed; the BullMQ queue tests need it (apt-get install -y redis-server).');
}
const describeRedis = available ? describe : describe.skip;

const log = pino({ level: 'silent' });
const FAST: Partial<QueueTuning> = { lockDurationMs: 2000, stalledIntervalMs: 1000, backoffMs: 100, busyRetryMs: 100 };

function job(pull: number, headSha: string, deliveryId = `d-${pull}-${headSha}`, updatedAt?: string): ReviewJob {
  return {
    installationId: 1,
    owner: 'Octo',
    repo: 'Repo',
    pull,
    headSha,
    trigger: { kind: 'pull_request', action: 'synchronize', draft: false },
    deliveryId,
    ...(updatedAt === undefined ? {} : { pullRequestUpdatedAt: updatedAt }),
  };
}

const done = (status: ReviewJobOutcome['status'] = 'completed'): ReviewJobOutcome => ({ status, posted: 0, resolved: 0 });

/** A review that, like the real one, checks GitHub's head before posting and names it when it moved. */
function reviewAgainst(github: { head: string }, seen: string[]) {
  return async (j: ReviewJob): Promise<ReviewJobOutcome> => {
    seen.push(j.headSha);
    if (j.headSha === github.head) return done();
    return { ...done('superseded'), conclusion: 'neutral', currentHead: { headSha: github.head, draft: false } };
  };
}

/** A runner the test releases by hand, recording overlap per pull request. */
function gatedRunner() {
  const started: ReviewJob[] = [];
  const gates: (() => void)[] = [];
  const running = new Map<number, number>();
  let overlap = false;
  const process = (j: ReviewJob): Promise<ReviewJobOutcome> => {
    started.push(j);
    const n = (running.get(j.pull) ?? 0) + 1;
    running.set(j.pull, n);
    if (n > 1) overlap = true;
    return new Promise((resolve) => {
      gates.push(() => {
        running.set(j.pull, (running.get(j.pull) ?? 1) - 1);
        resolve(done());
      });
    });
  };
  return {
    started,
    process,
    releaseAll: () => gates.splice(0).forEach((g) => g()),
    get overlap() {
      return overlap;
    },
  };
}

async function until(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describeRedis('BullMQ review queue', () => {
  let redis: RedisServer;
  const open: BullmqReviewQueue[] = [];
  let queueName: string;
  let counter = 0;

  const make = (process?: (j: ReviewJob) => Promise<ReviewJobOutcome>, tuning: Partial<QueueTuning> = {}): BullmqReviewQueue => {
    const q = createBullmqReviewQueue({
      redisUrl: redis.url,
      log,
      queueName,
      tuning: { ...FAST, ...tuning },
      ...(process === undefined ? {} : { worker: { process, concurrency: 4 } }),
    });
    open.push(q);
    return q;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis.dispose();
  });
  beforeEach(() => {
    queueName = `${REVIEW_QUEUE_NAME}-t${++counter}`;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((q) => q.close()));
  });

  it('names a job by pull request and head', () => {
    expect(reviewJobId(job(7, 'ABC123'))).toBe('octo/repo#7@abc123');
  });

  it('runs a head once however often it is enqueued, also when deliveries race', async () => {
    const runner = gatedRunner();
    const producer = make();
    const results = await Promise.all([producer.enqueue(job(1, 'a', 'd1')), producer.enqueue(job(1, 'a', 'd2'))]);
    expect(results.filter((r) => r === 'duplicate' || r === 'queued')).toHaveLength(2);
    expect(await producer.enqueue(job(1, 'a', 'd3'))).toBe('duplicate');
    make(runner.process);
    await until(() => runner.started.length === 1, 'the job to start');
    expect(await producer.enqueue(job(1, 'a', 'd4'))).toBe('duplicate'); // running
    runner.releaseAll();
    await producer.drain();
    expect(runner.started.map((j) => j.headSha)).toEqual(['a']);
  });

  it('runs a head again once its earlier run finished (a /recheck)', async () => {
    const seen: string[] = [];
    const q = make(async (j) => {
      seen.push(j.deliveryId);
      return done();
    });
    expect(await q.enqueue(job(1, 'a', 'first'))).toBe('queued');
    await q.drain();
    expect(await q.enqueue(job(1, 'a', 'recheck'))).toBe('queued');
    await q.drain();
    expect(seen).toEqual(['first', 'recheck']);
  });

  it('replaces a queued older head with the newer one', async () => {
    const producer = make();
    expect(await producer.enqueue(job(1, 'old'))).toBe('queued');
    expect(await producer.enqueue(job(2, 'other'))).toBe('queued');
    expect(await producer.enqueue(job(1, 'new'))).toBe('replaced');
    const seen: string[] = [];
    make(async (j) => {
      seen.push(`${j.pull}@${j.headSha}`);
      return done();
    });
    await producer.drain();
    expect(seen.sort()).toEqual(['1@new', '2@other']);
  });

  it('skips a job whose head was superseded when it starts', async () => {
    const producer = make();
    expect(await producer.enqueue(job(1, 'new'))).toBe('queued');
    // An older head's job that escaped removal (it was being added as the new head arrived).
    const raw = new Queue<ReviewJob>(queueName, { connection: { url: redis.url } });
    await raw.add('review', job(1, 'old'), { jobId: reviewJobId(job(1, 'old')) });
    await raw.close();
    const seen: string[] = [];
    make(async (j) => {
      seen.push(j.headSha);
      return done();
    });
    await producer.drain();
    expect(seen).toEqual(['new']);
  });

  it('refuses a late delivery for an older head, also long after the newer head was reviewed', async () => {
    const producer = make();
    expect(await producer.enqueue(job(1, 'b', 'd2', '2024-05-01T10:02:00Z'))).toBe('queued');
    expect(await producer.enqueue(job(1, 'a', 'd1', '2024-05-01T10:01:00Z'))).toBe('stale');
    expect(await producer.enqueue(job(2, 'a', 'd3', '2024-05-01T09:00:00Z'))).toBe('queued'); // another pull request
    const seen: string[] = [];
    make(async (j) => {
      seen.push(`${j.pull}@${j.headSha}`);
      return done();
    });
    await producer.drain();
    expect(await producer.enqueue(job(1, 'a', 'd1-again', '2024-05-01T10:01:00Z'))).toBe('stale');
    // The same second cannot be ordered: taken, and the run's own head check decides.
    expect(await producer.enqueue(job(1, 'a', 'd4', '2024-05-01T10:02:00Z'))).toBe('queued');
    await producer.drain();
    expect(seen.sort()).toEqual(['1@a', '1@b', '2@a']);
  });

  it('keeps the newer head when two receivers take an old and a new delivery at once', async () => {
    const [one, two] = [make(), make()];
    const results = await Promise.all([
      one.enqueue(job(1, 'a', 'late', '2024-05-01T10:01:00Z')),
      two.enqueue(job(1, 'b', 'new', '2024-05-01T10:02:00Z')),
    ]);
    // Either the late one came second and was refused, or it came first and was replaced.
    expect([['stale', 'queued'], ['queued', 'replaced']]).toContainEqual(results);
    const seen: string[] = [];
    make(async (j) => {
      seen.push(j.headSha);
      return done();
    });
    await one.drain();
    expect(seen).toEqual(['b']);
  });

  it('reviews the real head when a late job for an old head replaced its job', async () => {
    const github = { head: 'b' };
    const producer = make();
    expect(await producer.enqueue(job(1, 'b'))).toBe('queued');
    expect(await producer.enqueue(job(1, 'a'))).toBe('replaced'); // late, without a usable time
    const seen: string[] = [];
    make(reviewAgainst(github, seen));
    await until(() => seen.length === 2, 'the real head to be reviewed');
    await producer.drain();
    expect(seen).toEqual(['a', 'b']);
  });

  it('does not review a head again when a late job finds it already reviewed', async () => {
    const github = { head: 'b' };
    const seen: string[] = [];
    const q = make(reviewAgainst(github, seen));
    await q.enqueue(job(1, 'b'));
    await q.drain();
    await q.enqueue(job(1, 'a'));
    // A follow-up would be queued before the late job completes, so drain() would wait for it.
    await q.drain();
    expect(seen).toEqual(['b', 'a']);
  });

  it('runs one review per pull request at a time across workers', async () => {
    const runner = gatedRunner();
    const producer = make();
    make(runner.process);
    make(runner.process);
    await producer.enqueue(job(1, 'a'));
    await until(() => runner.started.length === 1, 'the first job to start');
    // A push while the first head is under review: the job cannot be removed (it runs), the new one waits.
    expect(await producer.enqueue(job(1, 'b'))).toBe('queued');
    await producer.enqueue(job(2, 'x'));
    await until(() => runner.started.some((j) => j.pull === 2), 'the other pull request to start');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(runner.started.filter((j) => j.pull === 1).map((j) => j.headSha)).toEqual(['a']);
    runner.releaseAll();
    await until(() => runner.started.filter((j) => j.pull === 1).length === 2, 'the newer head to run');
    runner.releaseAll();
    await producer.drain();
    expect(runner.overlap).toBe(false);
    expect(runner.started.filter((j) => j.pull === 1).map((j) => j.headSha)).toEqual(['a', 'b']);
  });

  it('keeps jobs in Redis: what a receiver enqueued before exiting runs on a worker started later', async () => {
    const receiver = make();
    await receiver.enqueue(job(1, 'a'));
    await receiver.enqueue(job(2, 'b'));
    await receiver.close();
    open.splice(open.indexOf(receiver), 1);
    const seen: string[] = [];
    const worker = make(async (j) => {
      seen.push(`${j.pull}@${j.headSha}`);
      return done();
    });
    await worker.drain();
    expect(seen.sort()).toEqual(['1@a', '2@b']);
  });

  it('retries a crashed review with backoff until it completes', async () => {
    let calls = 0;
    const q = make(async () => (++calls < 3 ? done('crashed') : done()), { attempts: 3 });
    await q.enqueue(job(1, 'a'));
    await q.drain();
    expect(calls).toBe(3);
  });

  it('gives up after the last attempt, and a later push still runs', async () => {
    const seen: string[] = [];
    const q = make(
      async (j) => {
        seen.push(j.headSha);
        return j.headSha === 'bad' ? done('crashed') : done();
      },
      { attempts: 2 },
    );
    await q.enqueue(job(1, 'bad'));
    await q.drain();
    expect(await q.enqueue(job(1, 'bad'))).toBe('queued'); // the failed run does not block its head
    await q.drain();
    await q.enqueue(job(1, 'good'));
    await q.drain();
    expect(seen).toEqual(['bad', 'bad', 'bad', 'bad', 'good']);
  });

  it('retries a job whose processor throws (e.g. no installation token)', async () => {
    let calls = 0;
    const q = make(async () => {
      if (++calls === 1) throw new Error('token endpoint down');
      return done();
    });
    await q.enqueue(job(1, 'a'));
    await q.drain();
    expect(calls).toBe(2);
  });
});
