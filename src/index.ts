/**
 * `npm start`: Probot serves the webhooks (and GET /ping for health checks) and,
 * unless HUNKWISE_WORKER=false, reviews too. With REDIS_URL the reviews go
 * through BullMQ on Redis, so any number of these and of `npm run worker`
 * processes share one queue; without it they run in this process.
 */
import { run } from 'probot';
import { createLogger } from './logger.js';
import { createRuntimeApp } from './runtime/create-runtime-app.js';
import { readRuntimeSettings } from './runtime/read-runtime-settings.js';

const log = createLogger({ level: process.env.LOG_LEVEL });
const settings = readRuntimeSettings(process.env);
const runtime = await createRuntimeApp({ env: process.env, settings, log, runWorker: settings.runWorker });
const server = await run(runtime.hunkwise.app, { log, Octokit: runtime.Octokit });
log.info({ queue: runtime.mode, reviews: settings.runWorker || runtime.mode === 'in-process' }, 'hunkwise is receiving webhooks');

// Finish the reviews in flight before exiting (docker stop sends SIGTERM); a
// Redis queue keeps the waiting ones for the other workers.
process.once('SIGTERM', () => {
  log.info('SIGTERM: no new webhooks; finishing running reviews');
  void server
    .stop()
    .then(() => runtime.shutdown())
    .catch((error: unknown) => log.error({ err: error }, 'shutdown failed'))
    .finally(() => process.exit(0));
});
