/**
 * `npm run worker`: reviews jobs from the Redis queue and serves no webhooks.
 * Run as many as the load needs, beside one or more `npm start` receivers;
 * all share the queue and (through Probot) GitHub's rate limits in Redis.
 */
import { readFileSync } from 'node:fs';
import { createProbot } from 'probot';
import { createLogger, parseLogFormat } from './logger.js';
import { createRuntimeApp } from './runtime/create-runtime-app.js';
import { loadDotEnv } from './runtime/load-dot-env.js';
import { readAppCredentials } from './runtime/read-app-credentials.js';
import { readRuntimeSettings } from './runtime/read-runtime-settings.js';
import { createMetrics } from './runtime/metrics.js';
import { listenFailure } from './server/listen-failure.js';
import { startMetricsServer } from './server/metrics-endpoint.js';

/** One line on stderr, exit code 1: a configuration mistake, not a crash (no stack). */
function refuse(reason: string): never {
  process.stderr.write(`hunkwise worker cannot start: ${reason}\n`);
  process.exit(1);
}

loadDotEnv(process.env);
const log = createLogger({ level: process.env.LOG_LEVEL, format: parseLogFormat(process.env.LOG_FORMAT) });
const settings = readRuntimeSettings(process.env);
if (settings.redisUrl === undefined) refuse('REDIS_URL is not set: the queue a worker takes reviews from lives in Redis');
const credentials = readAppCredentials(process.env, { role: 'worker', readFile: (path) => readFileSync(path, 'utf8') });
if (credentials.kind !== 'app') refuse(credentials.kind === 'refuse' ? credentials.reason : 'APP_ID is not set');
const metrics = createMetrics();
const runtime = await createRuntimeApp({ env: process.env, settings, log, runWorker: true, metrics });
try {
  // GHE_HOST and REDIS_URL (shared rate limits) from the environment, like `npm start`.
  const probot = createProbot({
    env: process.env,
    overrides: { log, Octokit: runtime.Octokit, appId: credentials.appId, privateKey: credentials.privateKey },
  });
  await probot.load(runtime.hunkwise.app);
} catch (error) {
  log.fatal({ err: error }, 'the worker cannot start');
  await runtime.shutdown(settings.shutdownMs).catch(() => undefined);
  process.exit(1);
}
// A worker serves no webhooks: GET /metrics only where METRICS_PORT asks for it.
const metricsHost = process.env.HOST?.trim() || 'localhost';
const metricsServer =
  settings.metricsPort === undefined
    ? undefined
    : await startMetricsServer({
        metrics,
        ...(settings.metricsToken === undefined ? {} : { token: settings.metricsToken }),
        host: metricsHost,
        port: settings.metricsPort,
        log,
      }).catch((error: unknown) => refuse(listenFailure('METRICS_PORT', metricsHost, settings.metricsPort ?? 0, error)));
log.info('hunkwise worker is taking reviews');

// Within HUNKWISE_SHUTDOWN_MS (docker stop kills 10 s after SIGTERM), Redis up or
// not; the reviews still running then go back to the queue for the other workers.
const stop = (signal: string): void => {
  log.info({ deadlineMs: settings.shutdownMs }, `${signal}: taking no new reviews; finishing running ones`);
  void metricsServer?.close().catch(() => undefined);
  void runtime
    .shutdown(settings.shutdownMs)
    .catch((error: unknown) => log.error({ err: error }, 'shutdown failed'))
    .finally(() => process.exit(0));
};
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
