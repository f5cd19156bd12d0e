/**
 * How many GitHub requests one review costs. The job counts its own requests
 * (src/github/request-counter.ts) and logs the total in its finished line;
 * this test reads that number for 1, 50 and 300 changed Python files.
 */
import { mockCheckUpdate, mockReview, mockReviewUpTo, startHarness, stopHarness, type FileSpec, type Harness } from './support/harness.js';
import { pullRequestEvent } from './support/webhooks.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(stopHarness);

function files(count: number, withFinding: boolean): FileSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    path: `pkg/mod_${i}.py`,
    content: withFinding ? `import subprocess\n\ndef f(x):\n    subprocess.call(f"run {x}", shell=True)\n` : `VALUE = ${i}\n`,
  }));
}

function requestsOfJob(): number {
  const line = h.logLines.find((l) => l.includes('review job finished'));
  return (JSON.parse(line ?? '{}') as { requests?: number }).requests ?? NaN;
}

async function review(count: number, withFinding: boolean): Promise<number> {
  mockReviewUpTo(h.gh, files(count, withFinding));
  if (withFinding) mockReview(h.gh);
  // Annotations go 50 to a request; the last one completes the check.
  mockCheckUpdate(h.gh, withFinding ? Math.max(1, Math.ceil(count / 50)) : 1);
  await h.deliver(pullRequestEvent('opened'));
  h.gh.assertDone();
  const counted = requestsOfJob();
  // The job's counter sees every request nock saw, the installation token included.
  expect(counted).toBe(h.gh.calls.length);
  return counted;
}

const measured: Record<string, number> = {};
afterAll(() => {
  process.stdout.write(`requests per review: ${JSON.stringify(measured)}\n`);
});

describe('requests per review', () => {
  it.each([1, 50, 300])('%i clean files', async (count) => {
    const n = await review(count, false);
    measured[`${count} clean`] = n;
    if (count <= 50) expect(n).toBeLessThanOrEqual(15);
  });

  it.each([1, 50, 300])('%i files with a finding each', async (count) => {
    const n = await review(count, true);
    measured[`${count} with findings`] = n;
    if (count <= 50) expect(n).toBeLessThanOrEqual(15);
  });
});
