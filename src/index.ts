/** The process entry: `npm start`. Probot serves the webhooks (and GET /ping for health checks). */
import { run } from 'probot';
import { createHunkwiseApp, readSettings } from './app.js';
import { createEngine, parseRuleFile } from './engine/index.js';
import { createLogger } from './logger.js';

const log = createLogger({ level: process.env.LOG_LEVEL });
const engine = await createEngine();
const hunkwise = createHunkwiseApp({ engine, parseRuleFile, settings: readSettings(process.env) });
const server = await run(hunkwise.app, { log });

// Finish the reviews in flight before exiting (docker stop sends SIGTERM).
process.once('SIGTERM', () => {
  log.info('SIGTERM: no new webhooks; finishing queued reviews');
  void server
    .stop()
    .then(() => hunkwise.drain())
    .finally(() => process.exit(0));
});
