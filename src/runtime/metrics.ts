/**
 * hunkwise's Prometheus metrics (GET /metrics): the process's own (CPU, memory,
 * event-loop lag, from prom-client) and what hunkwise does. Every label takes
 * values from a small fixed set: a label value never comes from a pull request,
 * a repository name or a header as sent, so a sender cannot grow the series.
 * The places that know call the recorders below; a registry per process (tests
 * make their own).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Events hunkwise subscribes to (app.yml) plus GitHub's own; any other counts as `other`. */
const KNOWN_EVENTS: ReadonlySet<string> = new Set([
  'pull_request',
  'issue_comment',
  'check_run',
  'check_suite',
  'ping',
  'installation',
  'installation_repositories',
  'github_app_authorization',
]);
const SEVERITIES: ReadonlySet<string> = new Set(['low', 'medium', 'high']);
const NOT_ANALYSED_REASONS: ReadonlySet<string> = new Set(['deadline', 'job-budget', 'memory', 'crash', 'skipped']);
const REVIEW_STATUSES: ReadonlySet<string> = new Set(['completed', 'superseded', 'skipped-draft', 'crashed', 'unavailable']);
const CONCLUSIONS: ReadonlySet<string> = new Set(['success', 'neutral', 'failure', 'action_required', 'cancelled', 'skipped', 'timed_out']);
const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);
/** x-ratelimit-resource values GitHub documents for what hunkwise calls. */
const RATE_LIMIT_RESOURCES: ReadonlySet<string> = new Set(['core', 'graphql', 'search']);

const oneOf = (value: string | undefined, known: ReadonlySet<string>, other = 'other'): string =>
  value !== undefined && known.has(value) ? value : other;

/** A review takes seconds; one waiting out a GitHub outage or a large pull request, minutes. */
const REVIEW_SECONDS_BUCKETS = [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];
/** A scrape does not wait longer than this for Redis's job counts (a scraper times out at 10 s by default). */
const QUEUE_DEPTH_READ_MS = 1_000;
const QUEUE_WAIT_SECONDS_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900];

export interface ReviewRecord {
  readonly status: string;
  readonly conclusion?: string;
  readonly seconds: number;
}

export interface HunkwiseMetrics {
  readonly registry: Registry;
  /** A delivery answered: its event (if one hunkwise knows) and HTTP status. */
  webhookAnswered(event: string | undefined, status: number): void;
  /** A review started this long after it was queued (when this process queued it). */
  reviewStarted(queuedSeconds: number | undefined): void;
  reviewFinished(review: ReviewRecord): void;
  /** One file's engine result: its findings' severities, or why it was not analysed. */
  fileScanned(severities: readonly string[]): void;
  fileNotAnalysed(reason: string): void;
  /** One HTTP request to GitHub: its method, status (undefined: no answer) and rate-limit headers. */
  githubRequest(method: string | undefined, status: number | undefined, rateLimit?: { resource?: string; remaining?: number }): void;
  /** Reads the number of reviews waiting (queued, delayed, retrying) when scraped. */
  observeQueueDepth(read: () => Promise<number> | number): void;
  /** The text to serve, and its content type. */
  render(): Promise<{ readonly contentType: string; readonly body: string }>;
}

export function createMetrics(options: { readonly registry?: Registry; readonly processMetrics?: boolean } = {}): HunkwiseMetrics {
  const registry = options.registry ?? new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const webhooks = new Counter({
    name: 'hunkwise_webhooks_received_total',
    help: 'Webhook deliveries answered, by event and HTTP status.',
    labelNames: ['event', 'status'],
    registers,
  });
  const reviews = new Counter({
    name: 'hunkwise_reviews_total',
    help: 'Review runs finished in this process, by outcome and check-run conclusion (none when it set none).',
    labelNames: ['status', 'conclusion'],
    registers,
  });
  const reviewSeconds = new Histogram({
    name: 'hunkwise_review_duration_seconds',
    help: 'Wall time of one review run, from its start to its outcome.',
    labelNames: ['status'],
    buckets: REVIEW_SECONDS_BUCKETS,
    registers,
  });
  const queueWait = new Histogram({
    name: 'hunkwise_queue_wait_seconds',
    help: 'Time a review waited between being queued and starting (reviews queued and run by this process).',
    buckets: QUEUE_WAIT_SECONDS_BUCKETS,
    registers,
  });
  const running = new Gauge({ name: 'hunkwise_reviews_running', help: 'Reviews running in this process now.', registers });
  const findings = new Counter({
    name: 'hunkwise_engine_findings_total',
    help: 'Findings the engine reported over whole files (before the diff filter), by severity.',
    labelNames: ['severity'],
    registers,
  });
  const filesScanned = new Counter({ name: 'hunkwise_engine_files_scanned_total', help: 'Files the engine analysed.', registers });
  const filesNotAnalysed = new Counter({
    name: 'hunkwise_engine_files_not_analysed_total',
    help: 'Files the engine could not analyse, by reason (deadline, job-budget, memory, crash, skipped).',
    labelNames: ['reason'],
    registers,
  });
  const githubRequests = new Counter({
    name: 'hunkwise_github_requests_total',
    help: 'HTTP requests to GitHub (each retry counts), by method and status class (error: no answer).',
    labelNames: ['method', 'status'],
    registers,
  });
  const rateLimitRemaining = new Gauge({
    name: 'hunkwise_github_rate_limit_remaining',
    help: "x-ratelimit-remaining of GitHub's last answer, by resource (the installation's or app's budget that answer was counted against).",
    labelNames: ['resource'],
    registers,
  });
  let readDepth: (() => Promise<number> | number) | undefined;
  new Gauge({
    name: 'hunkwise_queue_depth',
    help: 'Reviews waiting to run: queued, delayed or waiting to retry (with Redis, the shared queue).',
    registers,
    async collect() {
      if (readDepth === undefined) return;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), QUEUE_DEPTH_READ_MS);
      });
      try {
        const depth = await Promise.race([Promise.resolve(readDepth()), late]);
        if (depth !== undefined) this.set(depth);
      } catch {
        // Redis down: the last value stays; /ready says so.
      } finally {
        clearTimeout(timer);
      }
    },
  });

  return {
    registry,
    webhookAnswered(event, status) {
      webhooks.inc({ event: oneOf(event, KNOWN_EVENTS), status: String(Math.trunc(status)) });
    },
    reviewStarted(queuedSeconds) {
      running.inc();
      if (queuedSeconds !== undefined && Number.isFinite(queuedSeconds) && queuedSeconds >= 0) queueWait.observe(queuedSeconds);
    },
    reviewFinished(review) {
      running.dec();
      const status = oneOf(review.status, REVIEW_STATUSES);
      reviews.inc({ status, conclusion: oneOf(review.conclusion, CONCLUSIONS, review.conclusion === undefined ? 'none' : 'other') });
      if (Number.isFinite(review.seconds) && review.seconds >= 0) reviewSeconds.observe({ status }, review.seconds);
    },
    fileScanned(severities) {
      filesScanned.inc();
      for (const s of severities) findings.inc({ severity: oneOf(s, SEVERITIES) });
    },
    fileNotAnalysed(reason) {
      filesNotAnalysed.inc({ reason: oneOf(reason, NOT_ANALYSED_REASONS) });
    },
    githubRequest(method, status, rateLimit) {
      const statusClass = status === undefined ? 'error' : `${Math.trunc(status / 100)}xx`;
      githubRequests.inc({ method: oneOf(method?.toUpperCase(), HTTP_METHODS), status: statusClass });
      const remaining = rateLimit?.remaining;
      if (remaining !== undefined && Number.isSafeInteger(remaining) && remaining >= 0) {
        rateLimitRemaining.set({ resource: oneOf(rateLimit?.resource, RATE_LIMIT_RESOURCES) }, remaining);
      }
    },
    observeQueueDepth(read) {
      readDepth = read;
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
