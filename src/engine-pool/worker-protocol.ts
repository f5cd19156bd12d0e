/**
 * The messages between the pool and an engine worker. A worker gets one file at a
 * time; it says `ready` once its engine is built, then answers each `scan` with
 * its `result` (or `failed`, when the engine could not be built for the rules).
 */
import type { ScanOptions } from '../engine/engine-api.js';
import type { Rule } from '../engine/rule-schema.js';
import type { FileResult } from '../engine/types.js';

/** What a worker is started with (`workerData`). */
export interface WorkerInit {
  /**
   * The rules of its base engine; absent: the built-in ones, which the thread reads itself
   * (from the build's snapshot), so it can start before its caller has read them.
   */
  readonly rules?: readonly Rule[];
}

export interface ScanRequest {
  readonly type: 'scan';
  readonly id: number;
  readonly path: string;
  readonly content: string | Uint8Array;
  readonly options: ScanOptions;
  /** 0: the base engine. Another key names the base plus extra rules. */
  readonly rulesKey: number;
  /** Sent when the worker does not hold the engine for `rulesKey` yet. */
  readonly extraRules?: readonly Rule[];
}

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly id: number; readonly result: FileResult }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (typeof value !== 'object' || value === null || !('type' in value)) return false;
  const type = (value as { type: unknown }).type;
  return type === 'ready' || type === 'result' || type === 'failed';
}
