/**
 * The metrics hunkwise keeps, recorded where they happen: label values from
 * fixed sets only, the engine runner, the GitHub fetch and the review wrapper
 * passing their results through unchanged.
 */
import { createMetrics, type HunkwiseMetrics } from '../../src/runtime/metrics.js';
import { observeEngineRunner } from '../../src/runtime/observe-engine-runner.js';
import { observeGitHubFetch } from '../../src/runtime/observe-github-fetch.js';
import { observeReviews } from '../../src/runtime/observe-reviews.js';
import type { EngineRunner, FileOutcome } from '../../src/engine-pool/engine-runner.js';
import type { ReviewJob } from '../../src/jobs/review-job.js';
import type { ReviewQueue } from '../../src/jobs/review-queue.js';
import { GitHubUnavailableError } from '../../src/github/github-unavailable.js';

/** The value of one series in the exposition text, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function text(metrics: HunkwiseMetrics): Promise<string> {
  return (await metrics.render()).body;
}

const job = (headSha: string, pull = 1): ReviewJob => ({
  installationId: 1,
  owner: 'acme',
  repo: 'app',
  pull,
  headSha,
  trigger: { kind: 'pull_request', action: 'opened', draft: false },
  deliveryId: 'd1',
});

describe('createMetrics', () => {
  test('process metrics and the content type Prometheus reads', async () => {
    const metrics = createMetrics();
    const { contentType, body } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain('process_cpu_user_seconds_total');
    expect(body).toContain('nodejs_eventloop_lag_seconds');
  });

  test('webhooks by event and status; an event name a sender made up counts as other', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.webhookAnswered('pull_request', 200);
    metrics.webhookAnswered('pull_request', 200);
    metrics.webhookAnswered('made_up_event_xyz', 400);
    metrics.webhookAnswered(undefined, 415);
    const body = await text(metrics);
    expect(sample(body, 'hunkwise_webhooks_received_total{event="pull_request",status="200"}')).toBe(2);
    expect(sample(body, 'hunkwise_webhooks_received_total{event="other",status="400"}')).toBe(1);
    expect(sample(body, 'hunkwise_webhooks_received_total{event="other",status="415"}')).toBe(1);
    expect(body).not.toContain('made_up_event_xyz');
  });

  test('GitHub requests by method and status class, and the rate-limit budget by resource', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.githubRequest('get', 200, { resource: 'core', remaining: 4990 });
    metrics.githubRequest('POST', 502);
    metrics.githubRequest('POST', undefined);
    metrics.githubRequest('PROPFIND', 200, { resource: 'graphql', remaining: 4000 });
    const body = await text(metrics);
    expect(sample(body, 'hunkwise_github_requests_total{method="GET",status="2xx"}')).toBe(1);
    expect(sample(body, 'hunkwise_github_requests_total{method="POST",status="5xx"}')).toBe(1);
    expect(sample(body, 'hunkwise_github_requests_total{method="POST",status="error"}')).toBe(1);
    expect(sample(body, 'hunkwise_github_requests_total{method="other",status="2xx"}')).toBe(1);
    expect(sample(body, 'hunkwise_github_rate_limit_remaining{resource="core"}')).toBe(4990);
    expect(sample(body, 'hunkwise_github_rate_limit_remaining{resource="graphql"}')).toBe(4000);
  });

  test('the queue depth is read at scrape time, and a read that does not answer does not hold the scrape', async () => {
    const metrics = createMetrics({ processMetrics: false });
    let depth = 3;
    metrics.observeQueueDepth(() => depth);
    expect(sample(await text(metrics), 'hunkwise_queue_depth')).toBe(3);
    depth = 5;
    expect(sample(await text(metrics), 'hunkwise_queue_depth')).toBe(5);
    metrics.observeQueueDepth(() => new Promise<number>(() => undefined));
    // The last value stays.
    expect(sample(await text(metrics), 'hunkwise_queue_depth')).toBe(5);
    metrics.observeQueueDepth(() => Promise.reject(new Error('redis down')));
    expect(sample(await text(metrics), 'hunkwise_queue_depth')).toBe(5);
  });
});

describe('observeEngineRunner', () => {
  test('counts findings by severity and files not analysed by reason; outcomes pass through', async () => {
    const outcomes: FileOutcome[] = [
      {
        kind: 'scanned',
        path: 'a.py',
        result: {
          path: 'a.py',
          analysed: true,
          errors: [],
          findings: [{ severity: 'high' }, { severity: 'low' }, { severity: 'high' }] as never,
        },
      },
      { kind: 'scanned', path: 'b.bin', result: { path: 'b.bin', analysed: false, errors: [], findings: [] } },
      { kind: 'not-analysed', path: 'c.py', reason: 'deadline', message: 'not analysed: took longer than 5 s' },
    ];
    const inner: EngineRunner = { rules: [], fileDeadlineMs: 5000, scanFiles: async () => outcomes, close: async () => undefined };
    const metrics = createMetrics({ processMetrics: false });
    const runner = observeEngineRunner(inner, metrics);
    expect(runner.fileDeadlineMs).toBe(5000);
    await expect(runner.scanFiles([])).resolves.toBe(outcomes);
    const body = await text(metrics);
    expect(sample(body, 'hunkwise_engine_findings_total{severity="high"}')).toBe(2);
    expect(sample(body, 'hunkwise_engine_findings_total{severity="low"}')).toBe(1);
    expect(sample(body, 'hunkwise_engine_files_scanned_total')).toBe(1);
    expect(sample(body, 'hunkwise_engine_files_not_analysed_total{reason="deadline"}')).toBe(1);
    expect(sample(body, 'hunkwise_engine_files_not_analysed_total{reason="skipped"}')).toBe(1);
  });
});

describe('observeGitHubFetch', () => {
  test('counts answers and failures, reads the rate-limit headers, and passes both through', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const answer = new Response('{}', { status: 404, headers: { 'x-ratelimit-remaining': '12', 'x-ratelimit-resource': 'core' } });
    const ok = observeGitHubFetch(async () => answer, metrics);
    await expect(ok('http://x/repos', { method: 'GET' })).resolves.toBe(answer);
    const failure = new Error('reset');
    const failing = observeGitHubFetch(async () => Promise.reject(failure), metrics);
    await expect(failing('http://x/repos', { method: 'PATCH' })).rejects.toBe(failure);
    const body = await text(metrics);
    expect(sample(body, 'hunkwise_github_requests_total{method="GET",status="4xx"}')).toBe(1);
    expect(sample(body, 'hunkwise_github_requests_total{method="PATCH",status="error"}')).toBe(1);
    expect(sample(body, 'hunkwise_github_rate_limit_remaining{resource="core"}')).toBe(12);
  });
});

describe('observeReviews', () => {
  function fakeQueue(results: string[]): ReviewQueue {
    return { enqueue: async () => (results.shift() ?? 'queued') as never, drain: async () => undefined, depth: async () => 7 };
  }

  test('queue wait for a job this process queued, duration and outcome of each run', async () => {
    let clock = 1_000;
    const metrics = createMetrics({ processMetrics: false });
    const observer = observeReviews(metrics, () => clock);
    const queue = observer.queue(fakeQueue(['queued']));
    await expect(queue.depth?.()).resolves.toBe(7);
    await queue.enqueue(job('a'.repeat(40)));
    clock += 2_000;
    const run = observer.process(async () => {
      clock += 3_000;
      return { status: 'completed', conclusion: 'failure', posted: 1, resolved: 0 };
    });
    await run(job('a'.repeat(40)));
    // A follow-up the queue made itself: no queue time known, still counted.
    await run(job('b'.repeat(40)));
    const body = await text(metrics);
    expect(sample(body, 'hunkwise_queue_wait_seconds_count')).toBe(1);
    expect(sample(body, 'hunkwise_queue_wait_seconds_sum')).toBe(2);
    expect(sample(body, 'hunkwise_reviews_total{status="completed",conclusion="failure"}')).toBe(2);
    expect(sample(body, 'hunkwise_review_duration_seconds_sum{status="completed"}')).toBe(6);
    expect(sample(body, 'hunkwise_reviews_running')).toBe(0);
  });

  test('a run that throws counts as crashed, or unavailable when GitHub was', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const observer = observeReviews(metrics);
    await expect(observer.process(async () => Promise.reject(new Error('bug')))(job('c'.repeat(40)))).rejects.toThrow('bug');
    const outage = new GitHubUnavailableError('GitHub is unavailable', {});
    await expect(observer.process(async () => Promise.reject(outage))(job('d'.repeat(40)))).rejects.toBe(outage);
    const body = await text(metrics);
    expect(sample(body, 'hunkwise_reviews_total{status="crashed",conclusion="none"}')).toBe(1);
    expect(sample(body, 'hunkwise_reviews_total{status="unavailable",conclusion="none"}')).toBe(1);
  });
});
