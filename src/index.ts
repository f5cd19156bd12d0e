/**
 * `npm start`: serves the webhooks (and GET /ping, /health and /ready) and,
 * unless HUNKWISE_WORKER=false, reviews too. With REDIS_URL the reviews go
 * through BullMQ on Redis, so any number of these and of `npm run worker`
 * processes share one queue; without it they run in this process.
 *
 * hunkwise serves HTTP itself (src/server/) rather than through Probot's
 * `run()`: the body is capped before it is buffered, the signature checked
 * before anything is parsed, and nothing of it logged. Probot still runs the
 * handlers (`receive`) and authenticates as the App. It refuses to start,
 * with one line on stderr and exit code 1, without an App ID, a private key and
 * a real WEBHOOK_SECRET (never Probot's public fallback `development`).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Probot } from 'probot';
import { createLogger, parseLogFormat } from './logger.js';
import { loadDotEnv } from './runtime/load-dot-env.js';
import { readAppCredentials } from './runtime/read-app-credentials.js';

function refuse(reason: string): never {
  process.stderr.write(`hunkwise cannot start: ${reason}\n`);
  process.exit(1);
}

loadDotEnv(process.env);
const log = createLogger({ level: process.env.LOG_LEVEL, format: parseLogFormat(process.env.LOG_FORMAT) });
const credentials = readAppCredentials(process.env, { role: 'server', readFile: (path) => readFileSync(path, 'utf8') });
if (credentials.kind === 'refuse') refuse(credentials.reason);
// Loaded once the configuration is known to be good, so that a refusal is quick.
const { createProbot, run } = await import('probot');
const { createRuntimeApp } = await import('./runtime/create-runtime-app.js');
const { readRuntimeSettings } = await import('./runtime/read-runtime-settings.js');
const { startWebhookServer } = await import('./server/start-webhook-server.js');
const { createReadiness } = await import('./server/readiness.js');
const { withDeadline } = await import('./runtime/with-deadline.js');
const { createMetrics } = await import('./runtime/metrics.js');
const { startMetricsServer } = await import('./server/metrics-endpoint.js');
const { planWebhookProxy, startWebhookProxy } = await import('./runtime/start-webhook-proxy.js');
const { listenFailure, localUrl } = await import('./server/listen-failure.js');

if (credentials.kind === 'setup') {
  // No App yet (development only): Probot's pages register one from hunkwise's app.yml
  // (found from this package, not the cwd) and write its credentials to .env. No app is
  // loaded, and the webhook route Probot mounts meanwhile gets a random secret, never
  // its public `development` one.
  log.warn('no APP_ID or private key: setup mode, serving the pages that register the App (restart once .env is written)');
  const { usePackageAppManifest } = await import('./runtime/use-package-app-manifest.js');
  await usePackageAppManifest(log);
  await run(() => undefined, { env: { ...process.env, WEBHOOK_SECRET: randomBytes(32).toString('hex') }, log });
} else {
  const settings = readRuntimeSettings(process.env);
  const metrics = createMetrics();
  const runtime = await createRuntimeApp({ env: process.env, settings, log, runWorker: settings.runWorker, metrics });
  // APP_ID, the key and the secret as checked above; GHE_HOST and REDIS_URL (shared rate limits) from the environment.
  const probot: Probot = createProbot({
    env: process.env,
    overrides: { log, Octokit: runtime.Octokit, appId: credentials.appId, privateKey: credentials.privateKey, secret: credentials.webhookSecret },
  });
  await probot.load(runtime.hunkwise.app, {
    cwd: process.cwd(),
    addHandler: () => {
      throw new Error('hunkwise serves no routes of its handlers');
    },
  });
  const webhookPath = process.env.WEBHOOK_PATH?.trim() || '/api/github/webhooks';
  const host = process.env.HOST?.trim() || 'localhost';
  const port = Number(process.env.PORT) || 3000;
  const metricsEndpoint = { metrics, ...(settings.metricsToken === undefined ? {} : { token: settings.metricsToken }) };
  const readiness = createReadiness(settings.redisUrl === undefined ? {} : { redisUrl: settings.redisUrl });
  const server = await startWebhookServer({
    host,
    port,
    webhookPath,
    secret: credentials.webhookSecret ?? refuse('WEBHOOK_SECRET is not set'),
    // The intake has verified the signature; Probot's `receive` runs the handlers without checking again.
    receive: (event) => probot.receive(event as unknown as Parameters<Probot['receive']>[0]),
    ready: () => readiness.ready(),
    onAnswered: (event, status) => metrics.webhookAnswered(event, status),
    ...(settings.metricsPort === undefined ? { metrics: metricsEndpoint } : {}),
    log,
  }).catch((error: unknown) => refuse(listenFailure('PORT', host, port, error)));
  const metricsServer =
    settings.metricsPort === undefined
      ? undefined
      : await startMetricsServer({ ...metricsEndpoint, host, port: settings.metricsPort, log }).catch((error: unknown) =>
          refuse(listenFailure('METRICS_PORT', host, settings.metricsPort ?? 0, error)),
        );
  if (metricsServer === undefined && settings.metricsToken === undefined && process.env.NODE_ENV === 'production') {
    log.warn('GET /metrics is open on the webhook port: set METRICS_TOKEN, or METRICS_PORT to serve it on a port GitHub does not reach');
  }
  const proxyPlan = planWebhookProxy(process.env);
  if (proxyPlan.kind === 'ignored') log.warn(proxyPlan.reason);
  const proxy =
    proxyPlan.kind === 'start'
      ? // Not awaited: the server is up already, and a channel that does not answer only costs a warning.
        startWebhookProxy({ source: proxyPlan.source, target: `${localUrl(host, server.port)}${webhookPath}`, log })
      : undefined;
  log.info({ queue: runtime.mode, reviews: settings.runWorker || runtime.mode === 'in-process' }, 'hunkwise is receiving webhooks');

  // Finish the reviews in flight before exiting (docker stop sends SIGTERM and
  // kills 10 s later), within HUNKWISE_SHUTDOWN_MS whether Redis is up or not;
  // a Redis queue keeps the waiting ones, and gets the cut ones back, for the other workers;
  // in-process, the check runs of reviews cut at the deadline are closed as failure.
  const stop = (signal: string): void => {
    readiness.shuttingDown();
    log.info({ deadlineMs: settings.shutdownMs }, `${signal}: no new webhooks; finishing running reviews`);
    const deadline = Date.now() + settings.shutdownMs;
    void (async () => {
      void proxy?.then((p) => p.stop());
      // Open requests (a slow sender up to REQUEST_TIMEOUT_MS) count against the same deadline.
      await withDeadline(server.close(), settings.shutdownMs).catch((error: unknown) => log.error({ err: error }, 'closing the HTTP server failed'));
      await runtime.shutdown(Math.max(0, deadline - Date.now()));
      await readiness.close();
      await withDeadline(metricsServer?.close() ?? Promise.resolve(), 100).catch(() => undefined);
    })()
      .catch((error: unknown) => log.error({ err: error }, 'shutdown failed'))
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
