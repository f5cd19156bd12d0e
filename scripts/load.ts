/**
 * `npm run load`: hunkwise under a burst of webhooks, on loopback only.
 *
 * Starts the GitHub stand-in and hunkwise as its own process (the in-process
 * queue; `--redis` for BullMQ on a throwaway redis-server, with `--workers N`
 * extra worker processes), then sends 500 signed deliveries for 50 pull
 * requests over 10 installations: every pull request is opened and pushed to
 * twice, and every event is delivered more than once (GitHub redeliveries and
 * duplicates). It reports throughput, webhook acknowledgement and review
 * latency percentiles, the reviews posted and any duplicate. GitHub's
 * throttling stays on (writes about 1 s apart per installation, reviews 3 s),
 * so throughput is measured across installations.
 *
 * Bounded: at most 5000 deliveries, and the run stops at --deadline seconds.
 * Exit status 1 when a current head has no review or anything was posted twice.
 */
import { extractFingerprints } from '../src/review/fingerprint.js';
import { GitHubStandin } from '../test/e2e/github-standin.js';
import { createAppCredentials } from '../test/e2e/support/app-credentials.js';
import { startHunkwise, type HunkwiseProcess } from '../test/e2e/support/hunkwise-process.js';
import { sha } from '../test/e2e/support/python-fixtures.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../test/e2e/support/redis-server.js';
import { deliver, pullRequestEvent, type RepoRef } from '../test/e2e/support/webhooks.js';

interface Options {
  readonly redis: boolean;
  readonly workers: number;
  readonly installations: number;
  readonly pullsPerInstallation: number;
  readonly deliveries: number;
  /** Deliveries in flight at once. */
  readonly concurrency: number;
  /** Pause between rounds (one delivery per pull request each round), in ms. */
  readonly roundGapMs: number;
  readonly deadlineSeconds: number;
  /** HUNKWISE_CONCURRENCY of each hunkwise process (reviews at once); the app's default when 0. */
  readonly reviewConcurrency: number;
}

const MAX_DELIVERIES = 5000;

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    if (i === -1) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} needs a whole number`);
    return n;
  };
  return {
    redis: argv.includes('--redis'),
    workers: value('workers', 1),
    installations: value('installations', 10),
    pullsPerInstallation: value('pulls', 5),
    deliveries: Math.min(MAX_DELIVERIES, value('deliveries', 500)),
    concurrency: Math.max(1, value('concurrency', 16)),
    roundGapMs: value('gap', 500),
    deadlineSeconds: value('deadline', 300),
    reviewConcurrency: value('review-concurrency', 0),
  };
}

// ── the pull requests and what is sent for them ───────────────────────────

/** Head k of a pull request: two findings every head shares, and one of its own. */
function contentAt(pull: number, k: number): string {
  const lines = ['import subprocess', '', '', 'def deploy(branch):', '    subprocess.run("git checkout " + branch, shell=True)', '    subprocess.call(f"make {branch}", shell=True)', ''];
  lines.push('', `def step_${pull}_${k}(target):`, `    subprocess.check_output("run-${k} %s" % target, shell=True)`, '');
  return lines.join('\n');
}

interface PullPlan {
  readonly ref: RepoRef;
  readonly number: number;
  readonly heads: string[];
  /** Per delivery slot: which head it carries, and whether it is a push (synchronize). */
  readonly script: { readonly head: number; readonly push: boolean }[];
}

/**
 * Ten deliveries per pull request by default: opened (delivered three times),
 * a push (three times), another push (four times). Longer or shorter runs scale it.
 */
function scriptFor(deliveries: number): { head: number; push: boolean }[] {
  const base = [
    { head: 0, push: false },
    { head: 0, push: false },
    { head: 0, push: false },
    { head: 1, push: true },
    { head: 1, push: false },
    { head: 1, push: false },
    { head: 2, push: true },
    { head: 2, push: false },
    { head: 2, push: false },
    { head: 2, push: false },
  ];
  if (deliveries <= base.length) return base.slice(0, Math.max(1, deliveries));
  return [...base, ...Array.from({ length: deliveries - base.length }, () => ({ head: 2, push: false }))];
}

// ── statistics ────────────────────────────────────────────────────────────

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const ms = (n: number): string => (Number.isFinite(n) ? `${Math.round(n)} ms` : 'n/a');

async function mapLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

// ── the run ───────────────────────────────────────────────────────────────

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const deadline = Date.now() + options.deadlineSeconds * 1000;
  if (options.redis && !redisServerAvailable()) {
    console.error('--redis needs redis-server on PATH (apt-get install -y redis-server)');
    return 2;
  }
  const credentials = createAppCredentials();
  const standin = new GitHubStandin({ appId: credentials.appId, appPublicKey: credentials.publicKey });
  await standin.start();
  let redis: RedisServer | undefined;
  const processes: HunkwiseProcess[] = [];
  try {
    if (options.redis) redis = await startRedisServer();
    const env: Record<string, string> =
      options.reviewConcurrency > 0 ? { HUNKWISE_CONCURRENCY: String(options.reviewConcurrency) } : {};
    const common = { credentials, gheHost: standin.host, env, ...(redis === undefined ? {} : { redisUrl: redis.url }) };
    const [server] = await Promise.all([
      startHunkwise(common),
      ...Array.from({ length: options.redis ? options.workers : 0 }, () => startHunkwise({ ...common, role: 'worker' })),
    ]).then((started) => {
      processes.push(...started);
      return started;
    });

    const pulls: PullPlan[] = [];
    const perPull = Math.max(1, Math.round(options.deliveries / (options.installations * options.pullsPerInstallation)));
    for (let i = 0; i < options.installations; i++) {
      const ref: RepoRef = { owner: `org${i}`, repo: 'service', installationId: 500 + i };
      standin.addRepo(ref);
      for (let n = 1; n <= options.pullsPerInstallation; n++) {
        pulls.push({ ref, number: n, heads: [0, 1, 2].map((k) => sha(`${ref.owner}#${n}@${k}`)), script: scriptFor(perPull) });
      }
    }
    const total = Math.min(options.deliveries, pulls.length * perPull);
    console.log(
      `hunkwise load: ${total} deliveries for ${pulls.length} pull requests over ${options.installations} installations, ` +
        `${options.redis ? `Redis queue, 1 server + ${options.workers} worker process(es)` : 'in-process queue, 1 process'}, ` +
        `HUNKWISE_CONCURRENCY ${options.reviewConcurrency > 0 ? options.reviewConcurrency : 'default (4)'}`,
    );

    const acks: number[] = [];
    const failures: string[] = [];
    /** head sha → when its first delivery was sent. */
    const firstSent = new Map<string, number>();
    let sent = 0;
    const started = Date.now();
    for (let round = 0; sent < total && Date.now() < deadline; round++) {
      const batch = pulls
        .filter((p) => round < p.script.length)
        .map((p) => ({ p, step: p.script[round] }))
        .sort(() => Math.random() - 0.5)
        .slice(0, total - sent);
      if (batch.length === 0) break;
      for (const { p, step } of batch) {
        if (step.push || round === 0) {
          standin.setPull({
            owner: p.ref.owner,
            repo: p.ref.repo,
            number: p.number,
            headSha: p.heads[step.head],
            files: [{ path: 'svc/deploy.py', content: contentAt(p.number, step.head) }],
          });
        }
      }
      await mapLimited(batch, options.concurrency, async ({ p, step }) => {
        const head = p.heads[step.head];
        if (!firstSent.has(head)) firstSent.set(head, Date.now());
        const action = step.head === 0 ? 'opened' : 'synchronize';
        try {
          const r = await deliver(server.webhookUrl, credentials.webhookSecret, {
            event: 'pull_request',
            payload: pullRequestEvent(p.ref, p.number, head, action),
          });
          acks.push(r.ms);
          if (r.status !== 200) failures.push(`delivery answered ${r.status}`);
        } catch (error) {
          failures.push(`delivery failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
      sent += batch.length;
      if (options.roundGapMs > 0) await new Promise((r) => setTimeout(r, options.roundGapMs));
    }
    const sendingMs = Date.now() - started;

    // Wait until every current head has a completed check run, or the deadline.
    const current = pulls.map((p) => ({ p, head: standin.headOf(p.ref.owner, p.ref.repo, p.number) ?? '' }));
    const doneAt = (c: (typeof current)[number]): number | undefined => {
      const run = standin.latestCheckRun(c.p.ref.owner, c.p.ref.repo, c.head);
      return run?.status === 'completed' ? run.completedAt : undefined;
    };
    while (Date.now() < deadline && current.some((c) => doneAt(c) === undefined)) await new Promise((r) => setTimeout(r, 200));
    // Anything still in flight for older heads lands before counting.
    await new Promise((r) => setTimeout(r, 3000));
    const finished = Date.now();

    const latencies = current.flatMap((c) => {
      const at = doneAt(c);
      const sentAt = firstSent.get(c.head);
      return at === undefined || sentAt === undefined ? [] : [at - sentAt];
    });
    const reviews = standin.reviews;
    const reviewsOnCurrent = current.map((c) => reviews.filter((r) => r.owner === c.p.ref.owner && r.pull === c.p.number && r.commitId === c.head).length);
    const missing = reviewsOnCurrent.filter((n) => n === 0).length;
    // Duplicates: a second review of one head, or one finding commented twice on a pull request.
    let duplicates = reviewsOnCurrent.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    for (const p of pulls) {
      const seen = new Set<string>();
      for (const r of reviews.filter((x) => x.owner === p.ref.owner && x.pull === p.number)) {
        for (const c of r.comments) {
          for (const f of extractFingerprints(c.body)) {
            if (seen.has(f)) duplicates++;
            seen.add(f);
          }
        }
      }
    }
    const checks = [...standin.checkRuns.values()];
    const completed = checks.filter((c) => c.status === 'completed');
    const lastCompletion = Math.max(...completed.map((c) => c.completedAt ?? 0));
    const elapsed = (lastCompletion - started) / 1000;
    const report = {
      mode: options.redis ? `redis (1 server + ${options.workers} worker process(es))` : 'in-process',
      reviewConcurrency: options.reviewConcurrency > 0 ? options.reviewConcurrency : 'default',
      deliveries: acks.length,
      deliveryFailures: failures.length,
      pullRequests: pulls.length,
      installations: options.installations,
      distinctCurrentHeads: new Set(current.map((c) => c.head)).size,
      sendingSeconds: Number((sendingMs / 1000).toFixed(1)),
      elapsedSeconds: Number(elapsed.toFixed(1)),
      throughputDeliveriesPerSecond: Number((acks.length / (sendingMs / 1000)).toFixed(1)),
      throughputReviewsPerMinute: Number(((latencies.length / Math.max(elapsed, 0.001)) * 60).toFixed(1)),
      webhookAckMs: { p50: Math.round(percentile(acks, 50)), p95: Math.round(percentile(acks, 95)) },
      reviewLatencyMs: { p50: Math.round(percentile(latencies, 50)), p95: Math.round(percentile(latencies, 95)) },
      reviewsPosted: reviews.length,
      reviewsOnCurrentHeads: reviewsOnCurrent.reduce((a, b) => a + b, 0),
      reviewsOnSupersededHeads: reviews.length - reviewsOnCurrent.reduce((a, b) => a + b, 0),
      currentHeadsWithoutReview: missing,
      duplicates,
      checkRuns: checks.length,
      checkRunsCompleted: completed.length,
      checkRunsFailed: completed.filter((c) => c.conclusion === 'failure' && /crash|could not|went wrong/i.test(c.summary ?? '')).length,
      githubRequests: standin.requests.length,
      githubRuleViolations: standin.violations.length,
      reviewsRefusedForAMovedHead: standin.staleHeadRefusals.length,
      timedOut: finished >= deadline,
    };
    console.log('');
    console.log(`deliveries            ${report.deliveries} in ${report.sendingSeconds} s (${report.throughputDeliveriesPerSecond}/s), ${report.deliveryFailures} failed`);
    console.log(`webhook ack           p50 ${ms(report.webhookAckMs.p50)}, p95 ${ms(report.webhookAckMs.p95)}`);
    console.log(`review latency        p50 ${ms(report.reviewLatencyMs.p50)}, p95 ${ms(report.reviewLatencyMs.p95)} (first delivery of a head → its check run completed)`);
    console.log(`throughput            ${report.throughputReviewsPerMinute} current-head reviews/min; all done after ${report.elapsedSeconds} s`);
    console.log(`reviews posted        ${report.reviewsPosted} (${report.reviewsOnCurrentHeads} on the ${report.distinctCurrentHeads} current heads, ${report.reviewsOnSupersededHeads} on heads pushed over after they were reviewed)`);
    console.log(`duplicates            ${report.duplicates}`);
    console.log(`current heads missing ${report.currentHeadsWithoutReview}`);
    console.log(`check runs            ${report.checkRuns} created, ${report.checkRunsCompleted} completed`);
    console.log(
      `GitHub                ${report.githubRequests} requests, ${report.githubRuleViolations} rule violations, ` +
        `${report.reviewsRefusedForAMovedHead} review posts refused because a push raced them`,
    );
    for (const v of standin.violations.slice(0, 10)) console.log(`  violation: ${v.repo} ${v.message}`);
    for (const f of [...new Set(failures)].slice(0, 10)) console.log(`  failure: ${f}`);
    console.log('');
    console.log(JSON.stringify(report));
    const ok =
      !report.timedOut &&
      report.deliveryFailures === 0 &&
      report.currentHeadsWithoutReview === 0 &&
      report.reviewsOnCurrentHeads === report.distinctCurrentHeads &&
      report.duplicates === 0 &&
      report.githubRuleViolations === 0;
    if (!ok) console.error('load: FAILED (a current head without exactly one review, a duplicate, a failed delivery, a rule violation, or the deadline)');
    return ok ? 0 : 1;
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
    await redis?.dispose();
    await standin.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
