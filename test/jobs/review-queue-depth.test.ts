/** The in-process queue's depth (the queue-depth metric): waiting jobs, not running ones. */
import { pino } from 'pino';
import type { ReviewJob } from '../../src/jobs/review-job.js';
import { createInProcessReviewQueue } from '../../src/jobs/review-queue.js';
import type { ReviewJobOutcome } from '../../src/jobs/run-review-job.js';

const job = (pull: number, headSha: string): ReviewJob => ({
  installationId: 1,
  owner: 'o',
  repo: 'r',
  pull,
  headSha,
  trigger: { kind: 'pull_request', action: 'synchronize', draft: false },
  deliveryId: `d-${pull}-${headSha}`,
});

test('counts the jobs waiting; a running one and a replaced one do not count', async () => {
  const gates: ((o: ReviewJobOutcome) => void)[] = [];
  const queue = createInProcessReviewQueue({
    concurrency: 1,
    process: () => new Promise((resolve) => gates.push(resolve)),
    log: pino({ level: 'silent' }),
  });
  await expect(queue.depth?.()).resolves.toBe(0);
  await queue.enqueue(job(1, 'a'.repeat(40))); // runs at once
  await queue.enqueue(job(2, 'b'.repeat(40)));
  await queue.enqueue(job(3, 'c'.repeat(40)));
  await queue.enqueue(job(3, 'd'.repeat(40))); // replaces pull 3's waiting job
  await expect(queue.depth?.()).resolves.toBe(2);
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 0));
    gates.shift()?.({ status: 'completed', posted: 0, resolved: 0 });
  }
  await queue.drain();
  await expect(queue.depth?.()).resolves.toBe(0);
});
