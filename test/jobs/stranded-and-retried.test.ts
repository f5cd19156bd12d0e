/**
 * Never stranded: a check run whose review does not finish is closed by a
 * sweep after a bounded time (a timer in-process, a delayed BullMQ job in Redis
 * mode), unless the review finished; and a review GitHub failed is run again
 * with bounded backoff. Both queues, the second against a real redis-server.
 */
import { pino } from 'pino';
import type { CheckRunOutput, GitHubGateway } from '../../src/github/gateway.js';
import { asGitHubUnavailable, GitHubUnavailableError } from '../../src/github/github-unavailable.js';
import { createBullmqReviewQueue, REVIEW_QUEUE_NAME, type BullmqReviewQueue, type QueueTuning } from '../../src/jobs/bullmq-review-queue.js';
import type { ReviewJob } from '../../src/jobs/review-job.js';
import { createInProcessReviewQueue, type InProcessTiming } from '../../src/jobs/review-queue.js';
import { MAX_UNAVAILABLE_BACKOFF_MS, unavailableRetryDelayMs } from '../../src/jobs/review-retry.js';
import type { ReviewJobOutcome } from '../../src/jobs/run-review-job.js';
import { closeStrandedCheckRun, type SweepTarget } from '../../src/jobs/stranded-check-run.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../e2e/support/redis-server.js';

const log = pino({ level: 'silent' });

function job(pull: number, headSha: string): ReviewJob {
  return {
    installationId: 1,
    owner: 'Octo',
    repo: 'Repo',
    pull,
    headSha,
    trigger: { kind: 'pull_request', action: 'synchronize', draft: false },
    deliveryId: `d-${pull}-${headSha}`,
  };
}

const outcome = (status: ReviewJobOutcome['status'], extra: Partial<ReviewJobOutcome> = {}): ReviewJobOutcome => ({
  status,
  posted: 0,
  resolved: 0,
  ...extra,
});

async function until(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A review that never finishes until released: a hung worker, as far as its check run can tell. */
function hangingRunner() {
  const releases: (() => void)[] = [];
  return {
    process: (_j: ReviewJob) => new Promise<ReviewJobOutcome>((resolve) => releases.push(() => resolve(outcome('completed')))),
    releaseAll: () => releases.splice(0).forEach((r) => r()),
  };
}

describe('closeStrandedCheckRun', () => {
  function fakeGateway(run: { id: number; status: string } | undefined) {
    const calls: string[] = [];
    const outputs: CheckRunOutput[] = [];
    const gh = {
      findCheckRun: async () => {
        calls.push('find');
        return run;
      },
      updateCheckRun: async (id: number, input: { conclusion?: string; output: CheckRunOutput }) => {
        calls.push(`update ${id} ${input.conclusion}`);
        outputs.push(input.output);
      },
      createCheckRun: async (input: { conclusion?: string; output: CheckRunOutput }) => {
        calls.push(`create ${input.conclusion}`);
        outputs.push(input.output);
        return 1;
      },
    } as unknown as GitHubGateway;
    return { gh, calls, outputs };
  }
  const target: SweepTarget = job(7, 'abc');

  it('completes an unfinished run as failure, telling to /recheck', async () => {
    const f = fakeGateway({ id: 9, status: 'in_progress' });
    expect(await closeStrandedCheckRun(f.gh, target)).toBe('closed');
    expect(f.calls).toEqual(['find', 'update 9 failure']);
    expect(f.outputs[0].title).toContain('could not finish: comment /recheck to retry');
  });

  it('leaves a run that completed meanwhile alone', async () => {
    const f = fakeGateway({ id: 9, status: 'completed' });
    expect(await closeStrandedCheckRun(f.gh, target)).toBe('finished-already');
    expect(f.calls).toEqual(['find']);
  });

  it('creates a failed run when GitHub never let one be created', async () => {
    const f = fakeGateway(undefined);
    expect(await closeStrandedCheckRun(f.gh, target)).toBe('created');
    expect(f.calls).toEqual(['find', 'create failure']);
  });
});

describe('GitHub unavailable: classification and backoff', () => {
  it('takes outages and rate limits, not a 404, a 422 or a permission 403', () => {
    const err = (status: number, headers: Record<string, string> = {}, message = 'x') => Object.assign(new Error(message), { status, response: { headers } });
    expect(asGitHubUnavailable(err(503))).toBeInstanceOf(GitHubUnavailableError);
    expect(asGitHubUnavailable(err(500))?.status).toBe(500);
    expect(asGitHubUnavailable(err(429, { 'retry-after': '1000' }))?.retryAfterMs).toBe(1_000_000);
    expect(asGitHubUnavailable(err(403, {}, 'You have exceeded a secondary rate limit'))).toBeDefined();
    expect(asGitHubUnavailable(err(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2000' }), 1_000_000)?.retryAfterMs).toBe(1_000_000);
    expect(asGitHubUnavailable(err(403, {}, 'Resource not accessible by integration'))).toBeUndefined();
    expect(asGitHubUnavailable(err(404))).toBeUndefined();
    expect(asGitHubUnavailable(err(422))).toBeUndefined();
    expect(asGitHubUnavailable(new Error('a bug'))).toBeUndefined();
  });

  it('backs off exponentially, honours Retry-After within a ceiling, and stops after the last attempt', () => {
    const limits = { attempts: 4, backoffMs: 100, maxBackoffMs: 1000 };
    expect([1, 2, 3].map((n) => unavailableRetryDelayMs(n, undefined, limits))).toEqual([100, 200, 400]);
    expect(unavailableRetryDelayMs(4, undefined, limits)).toBeUndefined();
    expect(unavailableRetryDelayMs(1, 500, limits)).toBe(500);
    expect(unavailableRetryDelayMs(1, 1_000_000, limits)).toBe(1000);
    expect(unavailableRetryDelayMs(1, 1_000_000)).toBe(MAX_UNAVAILABLE_BACKOFF_MS);
  });
});

describe('in-process queue', () => {
  const FAST: Partial<InProcessTiming> = { strandedAfterMs: 100, sweepBackoffMs: 10, unavailable: { attempts: 3, backoffMs: 5, maxBackoffMs: 20 } };

  it('sweeps the check run of a review that does not finish in time', async () => {
    const runner = hangingRunner();
    const swept: SweepTarget[] = [];
    const q = createInProcessReviewQueue({ concurrency: 1, process: runner.process, log, timing: FAST, sweep: async (t) => (swept.push(t), 'closed') });
    await q.enqueue(job(1, 'a'));
    await until(() => swept.length === 1, 'the sweep');
    expect(swept[0]).toMatchObject({ owner: 'Octo', repo: 'Repo', pull: 1, headSha: 'a', installationId: 1 });
    runner.releaseAll();
    await q.drain();
  });

  it('cancels the sweep when the review finishes', async () => {
    const swept: SweepTarget[] = [];
    const q = createInProcessReviewQueue({ concurrency: 1, process: async () => outcome('completed'), log, timing: FAST, sweep: async (t) => (swept.push(t), 'closed') });
    await q.enqueue(job(1, 'a'));
    await q.drain();
    await pause(300);
    expect(swept).toEqual([]);
  });

  it('tries a sweep again when GitHub fails it too', async () => {
    let tries = 0;
    const runner = hangingRunner();
    const q = createInProcessReviewQueue({
      concurrency: 1,
      process: runner.process,
      log,
      timing: FAST,
      sweep: async () => {
        tries++;
        if (tries < 3) throw new GitHubUnavailableError('down', { status: 503 });
        return 'closed';
      },
    });
    await q.enqueue(job(1, 'a'));
    await until(() => tries === 3, 'the third try of the sweep');
    runner.releaseAll();
    await q.drain();
  });

  it('runs a review again while GitHub is unavailable, a bounded number of times, and drain waits for it', async () => {
    const runs: (number | undefined)[] = [];
    const q = createInProcessReviewQueue({
      concurrency: 1,
      log,
      timing: FAST,
      process: async (j) => {
        runs.push(j.unavailableAttempts);
        return outcome('unavailable', { retryAfterMs: 1_000_000 });
      },
    });
    await q.enqueue(job(1, 'a'));
    await q.drain();
    expect(runs).toEqual([undefined, 1, 2]);
  });

  it('turns a GitHub outage thrown outside the review (the token request) into a retry, not a lost review', async () => {
    let calls = 0;
    const q = createInProcessReviewQueue({
      concurrency: 1,
      log,
      timing: FAST,
      process: async () => {
        calls++;
        if (calls === 1) throw Object.assign(new Error('Service Unavailable'), { status: 503 });
        return outcome('completed');
      },
    });
    await q.enqueue(job(1, 'a'));
    await q.drain();
    expect(calls).toBe(2);
  });
});

const available = redisServerAvailable();
if (!available) console.warn('SKIPPED: redis-server is not installed; the BullMQ sweep tests need it.');
const describeRedis = available ? describe : describe.skip;

describeRedis('BullMQ queue', () => {
  const FAST: Partial<QueueTuning> = {
    lockDurationMs: 2000,
    stalledIntervalMs: 1000,
    backoffMs: 100,
    busyRetryMs: 100,
    strandedAfterMs: 300,
    sweepBackoffMs: 50,
    unavailable: { attempts: 3, backoffMs: 20, maxBackoffMs: 50 },
  };
  let redis: RedisServer;
  const open: BullmqReviewQueue[] = [];
  let counter = 0;
  let queueName: string;
  const make = (process: (j: ReviewJob) => Promise<ReviewJobOutcome>, sweep?: (t: SweepTarget) => Promise<'closed'>): BullmqReviewQueue => {
    const q = createBullmqReviewQueue({
      redisUrl: redis.url,
      log,
      queueName,
      tuning: FAST,
      worker: { process, concurrency: 2, ...(sweep === undefined ? {} : { sweep }) },
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
    queueName = `${REVIEW_QUEUE_NAME}-sweep${++counter}`;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((q) => q.close()));
  });

  it('sweeps the check run of a review that does not finish in time, through a delayed job', async () => {
    const runner = hangingRunner();
    const swept: SweepTarget[] = [];
    const q = make(runner.process, async (t) => (swept.push(t), 'closed'));
    await q.enqueue(job(1, 'a'));
    await until(() => swept.length === 1, 'the sweep');
    expect(swept[0]).toMatchObject({ pull: 1, headSha: 'a', installationId: 1 });
    runner.releaseAll();
    await q.drain();
  });

  it('cancels the sweep when the review finishes', async () => {
    const swept: SweepTarget[] = [];
    const q = make(async () => outcome('completed'), async (t) => (swept.push(t), 'closed'));
    await q.enqueue(job(1, 'a'));
    await q.drain();
    await pause(800);
    expect(swept).toEqual([]);
  });

  it('runs a review again while GitHub is unavailable, a bounded number of times', async () => {
    const runs: (number | undefined)[] = [];
    const q = make(async (j) => {
      runs.push(j.unavailableAttempts);
      return outcome('unavailable', { retryAfterMs: 1_000_000 });
    });
    await q.enqueue(job(1, 'a'));
    await until(() => runs.length === 3, 'three runs');
    await q.drain();
    await pause(200);
    expect(runs).toEqual([undefined, 1, 2]);
  });
});
