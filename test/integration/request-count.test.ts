/**
 * How many GitHub requests one review costs. The job counts its own requests
 * (src/github/request-counter.ts) and logs the total in its finished line;
 * this test reads that number for 1, 50 and 300 changed Python files.
 */
import { mockBlobs, mockCheckUpdate, mockPull, mockReview, mockReviewUpTo, startHarness, stopHarness, type FileSpec, type Harness } from './support/harness.js';
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

async function review(count: number, withFinding: boolean, modified = false): Promise<number> {
  const changed = files(count, withFinding).map((f): FileSpec => (modified ? { ...f, status: 'modified' } : f));
  mockReviewUpTo(h.gh, changed);
  if (modified && withFinding) {
    // Move-aware filtering: the base commit (one request), then the base versions, 50 to a query.
    mockPull(h.gh);
    mockBlobs(h.gh, files(count, false), { headSha: '0'.repeat(40), queries: Math.ceil(count / 50) });
  }
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

  // Modified files whose findings are on added lines: their base versions are read too, so a
  // finding that only moved or was reformatted is not reported as new. 1 + ceil(count / 50) more.
  it.each([1, 50, 300])('%i modified files with a new finding each', async (count) => {
    const n = await review(count, true, true);
    measured[`${count} modified with findings`] = n;
    if (count <= 50) expect(n).toBeLessThanOrEqual(17);
  });
});
