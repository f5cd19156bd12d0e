/** Runs the engine off the caller's event loop: the worker-thread pool, or in-thread for tests. */
export {
  DEFAULT_FILE_DEADLINE_MS,
  DEFAULT_JOB_TIME_BUDGET_MS,
  asFileResult,
  notAnalysedMessage,
  type EngineRunner,
  type FileOutcome,
  type NotAnalysedReason,
  type RunOptions,
  type SourceFile,
} from './engine-runner.js';
export {
  createEnginePool,
  defaultWorkerUrl,
  DEFAULT_ENGINE_THREADS,
  MAX_ENGINE_THREADS,
  MAX_HEAP_MB,
  type EnginePool,
  type EnginePoolOptions,
} from './engine-pool.js';
export { createInThreadRunner } from './in-thread-runner.js';
export { readEngineThreads } from './read-engine-threads.js';
