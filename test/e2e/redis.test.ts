/**
 * Redis mode end to end: a real redis-server (append-only), one webhook
 * receiver (`node dist/src/index.js` with HUNKWISE_WORKER=false) and two
 * workers (`node dist/src/worker.js`), all against the GitHub stand-in.
 * A worker is killed mid-review and Redis is restarted mid-run; every review
 * still lands exactly once.
 */
import { jest } from '@jest/globals';
import { reviewJobId } from '../../src/jobs/bullmq-review-queue.js';
import { completedCheck, createWorld, putPull, sendPullRequest, settle, until, type OpenedPull, type World } from './support/e2e-world.js';
import { ensureBuilt, startHunkwise, type HunkwiseProcess } from './support/hunkwise-process.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from './support/redis-server.js';

jest.setTimeout(90_000);

const available = redisServerAvailable();
if (!available) {
  console.warn('SKIPPED: redis-server is not installed; the Redis end-to-end tests need it (apt-get install -y redis-server).');
}
const describeRedis = available ? describe : describe.skip;

/** Quick takeover of a dead worker's job, yet above a loaded machine's pauses. */
const QUEUE_ENV = {
  HUNKWISE_JOB_LOCK_MS: '5000',
  HUNKWISE_STALLED_INTERVAL_MS: '1000',
  HUNKWISE_JOB_BACKOFF_MS: '500',
  HUNKWISE_CONCURRENCY: '2',
  HUNKWISE_GITHUB_TIMEOUT_MS: '20000',
};

describeRedis('hunkwise on Redis: receiver and workers as separate processes', () => {
  let world: World;
  let redis: RedisServer;
  let receiver: HunkwiseProcess;
  const workers: HunkwiseProcess[] = [];

  const startWorker = async (): Promise<HunkwiseProcess> => {
    const w = await startHunkwise({
      role: 'worker',
      credentials: world.credentials,
      gheHost: world.standin.host,
      redisUrl: redis.url,
      env: QUEUE_ENV,
    });
    workers.push(w);
    return w;
  };
  const startedJob = (w: HunkwiseProcess, pull: OpenedPull): boolean =>
    w.logs.some((l) => l.msg === 'review job started' && l.job === reviewJobId({ ...pull.ref, pull: pull.number, headSha: pull.headSha }));
  const reviewsOf = (pull: OpenedPull) => world.standin.reviewsOf(pull.ref.owner, pull.ref.repo, pull.number);

  beforeAll(async () => {
    await ensureBuilt();
    world = await createWorld();
    redis = await startRedisServer({ appendOnly: true });
    [receiver] = await Promise.all([
      startHunkwise({
        credentials: world.credentials,
        gheHost: world.standin.host,
        redisUrl: redis.url,
        env: { ...QUEUE_ENV, HUNKWISE_WORKER: 'false' },
      }),
      startWorker(),
      startWorker(),
    ]);
  }, 400_000);

  afterAll(async () => {
    await Promise.all([receiver, ...workers].filter((p) => p !== undefined).map((p) => p.stop()));
    await redis?.dispose();
    await world?.standin.stop();
  });

  it('reviews through the shared queue: the receiver enqueues, a worker reviews, once for racing deliveries', async () => {
    const ref = world.newRepo('queued');
    const pull = putPull(world, ref, 1, 'v1');
    const results = await Promise.all([
      sendPullRequest(world, receiver.webhookUrl, pull, 'opened', 'q-1'),
      sendPullRequest(world, receiver.webhookUrl, pull, 'opened', 'q-2'),
      sendPullRequest(world, receiver.webhookUrl, pull, 'opened', 'q-1'), // GitHub's redelivery keeps the id
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const check = await completedCheck(world, pull);
    await settle(2000);
    expect(check.conclusion).toMatch(/^(failure|neutral)$/);
    expect(reviewsOf(pull)).toHaveLength(1);
    expect(world.standin.checkRunsOf('acme', 'queued')).toHaveLength(1);
    expect(receiver.logs.some((l) => l.msg === 'review job started')).toBe(false);
    expect(workers.filter((w) => startedJob(w, pull))).toHaveLength(1);
    expect(world.standin.violationsOf('queued')).toEqual([]);
  });

  it('finishes a review on the other worker when its worker is killed mid-job, posting once', async () => {
    const ref = world.newRepo('killed');
    const pull = putPull(world, ref, 1, 'v1');
    let posted = false;
    // GitHub takes the review, then is slow to answer: the worker dies waiting.
    world.standin.addFault({
      match: { repo: 'killed', method: 'POST', path: /\/reviews$/ },
      kind: { type: 'slow', delayMs: 30_000 },
      onHit: () => {
        posted = true;
      },
    });
    expect((await sendPullRequest(world, receiver.webhookUrl, pull)).status).toBe(200);
    await until(() => posted, 'the review to reach GitHub');
    const victim = workers.find((w) => !w.exited && startedJob(w, pull));
    const survivor = workers.find((w) => !w.exited && w !== victim);
    if (victim === undefined || survivor === undefined) throw new Error('expected one worker running the job and one idle');
    await victim.stop('SIGKILL');

    const check = await completedCheck(world, pull, 60_000);
    await settle(2000);
    expect(startedJob(survivor, pull)).toBe(true);
    expect(check.conclusion).toMatch(/^(failure|neutral)$/);
    // The survivor read the markers of the review the dead worker had posted.
    expect(reviewsOf(pull)).toHaveLength(1);
    expect(check.summary).toMatch(/commented before/);
    // The run the dead worker left in progress is taken over and completed, not left spinning next to a new one.
    expect(world.standin.checkRunsOf('acme', 'killed').map((c) => c.status)).toEqual(['completed']);
    expect(world.standin.violationsOf('killed')).toEqual([]);
    await startWorker(); // two workers again for what follows
  });

  it('loses no job when Redis restarts during a run', async () => {
    const pulls = [1, 2, 3, 4].map((n) => putPull(world, world.newRepo(`restart-${n}`), 1, 'v1'));
    // Slow file listings keep reviews in flight while Redis is down.
    for (const p of pulls) {
      world.standin.addFault({ match: { repo: p.ref.repo, method: 'GET', path: /\/files$/ }, kind: { type: 'slow', delayMs: 1500 } });
    }
    for (const p of pulls.slice(0, 3)) expect((await sendPullRequest(world, receiver.webhookUrl, p)).status).toBe(200);
    await until(() => workers.some((w) => pulls.some((p) => startedJob(w, p))), 'a review to start');

    await redis.kill(); // append-only with fsync always: everything acknowledged is on disk
    // A webhook while Redis is down waits for it (up to 8 s) rather than failing.
    const during = sendPullRequest(world, receiver.webhookUrl, pulls[3]);
    await settle(1500);
    await redis.start();
    expect((await during).status).toBe(200);

    for (const p of pulls) {
      const check = await completedCheck(world, p, 60_000);
      expect(check.conclusion).toMatch(/^(failure|neutral)$/);
    }
    await settle(2000);
    for (const p of pulls) {
      expect(reviewsOf(p)).toHaveLength(1);
      expect(world.standin.violationsOf(p.ref.repo)).toEqual([]);
    }
    // Redis really went away under the workers, and they noticed its return.
    for (const w of workers.filter((x) => !x.exited)) {
      expect(w.logs.some((l) => String(l.msg).startsWith('lost the connection to Redis'))).toBe(true);
      expect(w.logs.some((l) => l.msg === 'connected to Redis again')).toBe(true);
    }
  });
});
