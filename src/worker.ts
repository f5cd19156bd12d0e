/**
 * `npm run worker`: reviews jobs from the Redis queue and serves no webhooks.
 * Run as many as the load needs, beside one or more `npm start` receivers;
 * all share the queue and (through Probot) GitHub's rate limits in Redis.
 */
import { createProbot } from 'probot';
import { createLogger } from './logger.js';
import { createRuntimeApp } from './runtime/create-runtime-app.js';
import { readRuntimeSettings } from './runtime/read-runtime-settings.js';

const log = createLogger({ level: process.env.LOG_LEVEL });
const settings = readRuntimeSettings(process.env);
if (settings.redisUrl === undefined) {
  log.fatal('a worker needs REDIS_URL: the queue it takes reviews from lives in Redis');
  process.exit(1);
}
const runtime = await createRuntimeApp({ env: process.env, settings, log, runWorker: true });
try {
  // Reads APP_ID, PRIVATE_KEY(_PATH), GHE_HOST and REDIS_URL (shared rate limits) like `npm start`.
  const probot = createProbot({ env: process.env, overrides: { log, Octokit: runtime.Octokit } });
  await probot.load(runtime.hunkwise.app);
} catch (error) {
  log.fatal({ err: error }, 'the worker cannot start (APP_ID and PRIVATE_KEY or PRIVATE_KEY_PATH are required)');
  await runtime.shutdown().catch(() => undefined);
  process.exit(1);
}
log.info('hunkwise worker is taking reviews');

const stop = (signal: string): void => {
  log.info(`${signal}: taking no new reviews; finishing running ones`);
  void runtime
    .shutdown()
    .catch((error: unknown) => log.error({ err: error }, 'shutdown failed'))
    .finally(() => process.exit(0));
};
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
