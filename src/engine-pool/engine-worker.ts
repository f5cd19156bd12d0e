/**
 * An engine worker thread (started by the pool from dist/, never imported).
 * Builds the engine once, then scans one file per message. The pool terminates
 * it when a file overruns its deadline; its heap is capped by the pool.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../engine/create-engine.js';
import type { Engine } from '../engine/engine-api.js';
import type { ScanRequest, WorkerInit, WorkerMessage } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('engine-worker runs as a worker thread of the engine pool');
const init = workerData as WorkerInit;
const base = await createEngine({ rules: init.rules });
// One engine with a repository's rules is kept: files of one review arrive together.
let extra: { readonly key: number; readonly engine: Engine } | undefined;

function engineFor(request: ScanRequest): Engine {
  if (request.rulesKey === 0) return base;
  if (extra?.key !== request.rulesKey) {
    if (request.extraRules === undefined) throw new Error('the rules for this scan were not sent');
    extra = { key: request.rulesKey, engine: base.withRules(request.extraRules) };
  }
  return extra.engine;
}

port.on('message', (request: ScanRequest) => {
  let reply: WorkerMessage;
  try {
    const result = engineFor(request).scanFile(request.path, request.content, request.options);
    reply = { type: 'result', id: request.id, result };
  } catch (error) {
    reply = { type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
