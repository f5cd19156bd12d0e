/**
 * Runs the engine in worker threads, so the event loop that answers webhooks
 * never parses or analyses a pull request's code. Each file has a hard
 * deadline (past it the thread is terminated, not asked), each thread a heap
 * cap, each call an optional total budget; a thread that dies is replaced and
 * its file is reported as not analysed. Calls share the threads in turn, file
 * by file, so one large review does not hold every thread until it is done.
 */
import { Worker } from 'node:worker_threads';
import type { Rule } from '../engine/rule-schema.js';
import { isBuiltinRuleList } from '../engine/rule-snapshot.js';
import {
  DEFAULT_FILE_DEADLINE_MS,
  notAnalysed,
  type EngineRunner,
  type FileOutcome,
  type NotAnalysedReason,
  type RunOptions,
  type SourceFile,
} from './engine-runner.js';
import { isWorkerMessage, type ScanRequest, type WorkerInit } from './worker-protocol.js';

/** Two cores is the usual container; more threads than cores only share them. */
export const DEFAULT_ENGINE_THREADS = 2;
/** Each thread holds a heap up to its cap: this bounds the pool's memory. */
export const MAX_ENGINE_THREADS = 16;
/**
 * A thread's V8 heap: room for the largest legitimate file (`npm run bench` measures
 * the peak), while a hostile file built to grow the analysis without bound is cut off
 * here instead of taking the process down. With two threads the engine stays near 1 GB.
 */
export const MAX_HEAP_MB = 512;
/**
 * The engine's own budget check stops a slow file cleanly at the deadline and
 * keeps the thread; this grace lets that check come before the thread is terminated.
 */
export const HARD_KILL_GRACE_MS = 500;
/**
 * Loading the grammar and compiling the rules takes well under a second; a thread
 * not ready by then is broken, and the files waiting for it are reported.
 */
export const WORKER_START_TIMEOUT_MS = 60_000;
/** A crash's message goes into the summary; it is the engine's, but kept short. */
const MAX_CRASH_DETAIL_CHARS = 200;

export interface EnginePoolOptions {
  /** The base rules of every thread's engine (the built-in ones, from loadBuiltinRules). */
  readonly rules: readonly Rule[];
  readonly threads?: number;
  /** Per-file deadline; default DEFAULT_FILE_DEADLINE_MS. */
  readonly fileDeadlineMs?: number;
  /** Heap cap per thread in MB; default MAX_HEAP_MB. */
  readonly maxHeapMb?: number;
  /** The worker script; default the built engine-worker.js (see defaultWorkerUrl). */
  readonly workerUrl?: URL;
  /** Past the deadline, how long the engine's own check may take to stop the file. */
  readonly hardKillGraceMs?: number;
}

export interface EnginePool extends EngineRunner {
  /** Threads alive now (tests). */
  readonly threadCount: number;
}

/**
 * The built worker. From dist/ it sits beside this module; run from the
 * TypeScript sources (jest), a worker cannot load a .ts file, so it is the one
 * `npm run build` put in dist/ at the package root.
 */
export function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.js')
    ? new URL('./engine-worker.js', here)
    : new URL('../../dist/src/engine-pool/engine-worker.js', here);
}

/** A thread started ahead of its pool (see prestartEngineThread), with what it said meanwhile. */
interface Prestarted {
  readonly worker: Worker;
  readonly workerUrl: string;
  readonly maxHeapMb: number;
  ready: boolean;
  exited: boolean;
  readonly detach: () => void;
}

let prestarted: Prestarted | undefined;

function startWorker(workerUrl: URL, init: WorkerInit, maxHeapMb: number): Worker {
  return new Worker(workerUrl, { workerData: init, resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } });
}

/**
 * Starts one engine thread with the built-in rules now, for the next pool created with the
 * list loadBuiltinRulesQuickly gives (and the same heap cap and worker): the command line
 * calls it first thing, so the thread loads the grammar while the command reads its
 * arguments, rules and files. Until a pool takes it, it does not keep the process alive.
 */
export function prestartEngineThread(options: Pick<EnginePoolOptions, 'maxHeapMb' | 'workerUrl'> = {}): void {
  if (prestarted !== undefined) return;
  const workerUrl = options.workerUrl ?? defaultWorkerUrl();
  const maxHeapMb = options.maxHeapMb ?? MAX_HEAP_MB;
  const worker = startWorker(workerUrl, {}, maxHeapMb);
  worker.unref();
  const onMessage = (message: unknown): void => {
    if (isWorkerMessage(message) && message.type === 'ready' && spare !== undefined) spare.ready = true;
  };
  const onExit = (): void => {
    if (spare !== undefined) spare.exited = true;
    if (prestarted === spare) prestarted = undefined;
  };
  // An error is followed by an exit; the pool would only learn that it did not start.
  const onError = (): undefined => undefined;
  worker.on('message', onMessage).on('exit', onExit).on('error', onError);
  const spare: Prestarted = {
    worker,
    workerUrl: workerUrl.href,
    maxHeapMb,
    ready: false,
    exited: false,
    detach: () => worker.off('message', onMessage).off('exit', onExit).off('error', onError),
  };
  prestarted = spare;
}

/** The prestarted thread, if it suits a pool of the built-in rules with this worker and heap cap. */
function takePrestarted(workerUrl: URL, maxHeapMb: number): Prestarted | undefined {
  const spare = prestarted;
  if (spare === undefined || spare.exited || spare.workerUrl !== workerUrl.href || spare.maxHeapMb !== maxHeapMb) return undefined;
  prestarted = undefined;
  spare.detach();
  return spare;
}

interface Call {
  readonly queued: Task[];
  readonly outcomes: (FileOutcome | undefined)[];
  remaining: number;
  readonly rulesKey: number;
  readonly extraRules: readonly Rule[] | undefined;
  readonly maxBytes: number | undefined;
  readonly reportUnusedSuppressions: RunOptions['reportUnusedSuppressions'];
  timer?: NodeJS.Timeout;
  readonly resolve: (outcomes: FileOutcome[]) => void;
}

interface Task {
  readonly id: number;
  readonly call: Call;
  readonly index: number;
  readonly file: SourceFile;
  settled: boolean;
  slot?: Slot;
  timer?: NodeJS.Timeout;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  task?: Task;
  /** The key of the extra-rules engine the worker holds (0: none). */
  rulesKey: number;
  error?: Error & { code?: string };
  startTimer?: NodeJS.Timeout;
}

export function createEnginePool(options: EnginePoolOptions): EnginePool {
  const threads = Math.min(MAX_ENGINE_THREADS, Math.max(1, Math.floor(options.threads ?? DEFAULT_ENGINE_THREADS)));
  const fileDeadlineMs = options.fileDeadlineMs ?? DEFAULT_FILE_DEADLINE_MS;
  const graceMs = options.hardKillGraceMs ?? HARD_KILL_GRACE_MS;
  const workerUrl = options.workerUrl ?? defaultWorkerUrl();
  const maxHeapMb = options.maxHeapMb ?? MAX_HEAP_MB;
  // The built-in rules are read by each thread itself rather than copied to it.
  const builtin = isBuiltinRuleList(options.rules);
  const init: WorkerInit = builtin ? {} : { rules: options.rules };
  const slots = new Set<Slot>();
  /** Calls with files still to hand out, served in turn. */
  const calls: Call[] = [];
  const pending = new Set<Call>();
  const ruleKeys = new WeakMap<readonly Rule[], number>();
  let nextRulesKey = 1;
  let nextTaskId = 1;

  const keyOf = (rules: readonly Rule[] | undefined): number => {
    if (rules === undefined || rules.length === 0) return 0;
    let key = ruleKeys.get(rules);
    if (key === undefined) {
      key = nextRulesKey++;
      ruleKeys.set(rules, key);
    }
    return key;
  };

  const settle = (task: Task, outcome: FileOutcome): void => {
    if (task.settled) return;
    task.settled = true;
    clearTimeout(task.timer);
    if (task.slot?.task === task) task.slot.task = undefined;
    const { call } = task;
    call.outcomes[task.index] = outcome;
    call.remaining -= 1;
    if (call.remaining === 0) {
      clearTimeout(call.timer);
      pending.delete(call);
      const at = calls.indexOf(call);
      if (at >= 0) calls.splice(at, 1);
      call.resolve(call.outcomes.filter((o): o is FileOutcome => o !== undefined));
    }
  };

  const fail = (task: Task, reason: NotAnalysedReason, detail?: string): void =>
    settle(task, notAnalysed(task.file.path, reason, fileDeadlineMs, detail?.slice(0, MAX_CRASH_DETAIL_CHARS)));

  /** Terminates a thread (it is not asked) and reports its file. */
  const kill = (slot: Slot, reason: NotAnalysedReason, detail?: string): void => {
    slots.delete(slot);
    clearTimeout(slot.startTimer);
    const task = slot.task;
    if (task !== undefined) fail(task, reason, detail);
    void slot.worker.terminate().catch(() => undefined);
  };

  /** Idle threads must not keep a process alive; threads with work to do must. */
  const updateRefs = (): void => {
    const busy = pending.size > 0;
    for (const slot of slots) {
      if (busy) slot.worker.ref();
      else slot.worker.unref();
    }
  };

  const spawn = (): void => {
    const spare = builtin ? takePrestarted(workerUrl, maxHeapMb) : undefined;
    const worker = spare?.worker ?? startWorker(workerUrl, init, maxHeapMb);
    const slot: Slot = { worker, ready: spare?.ready ?? false, rulesKey: 0 };
    slots.add(slot);
    // A prestarted thread may be ready already: it gets its first file on the next turn.
    if (slot.ready) queueMicrotask(pump);
    else {
      slot.startTimer = setTimeout(() => {
        kill(slot, 'crash');
        failQueued('the engine did not start in time');
        pump();
      }, WORKER_START_TIMEOUT_MS);
      slot.startTimer.unref();
    }
    worker.on('message', (message: unknown) => {
      if (!isWorkerMessage(message)) return;
      if (message.type === 'ready') {
        slot.ready = true;
        clearTimeout(slot.startTimer);
      } else if (slot.task !== undefined && slot.task.id === message.id) {
        if (message.type === 'result') settle(slot.task, { kind: 'scanned', path: slot.task.file.path, result: message.result });
        else fail(slot.task, 'crash', message.message);
      }
      pump();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      slot.error = error;
    });
    worker.on('exit', () => {
      if (!slots.delete(slot)) return; // terminated on purpose; already reported
      clearTimeout(slot.startTimer);
      const task = slot.task;
      if (task !== undefined) {
        if (slot.error?.code === 'ERR_WORKER_OUT_OF_MEMORY') fail(task, 'memory');
        else fail(task, 'crash', slot.error?.message);
      }
      // A thread that cannot even start would be replaced forever: report what waits instead.
      if (!slot.ready) failQueued(`the engine could not start: ${slot.error?.message ?? 'the thread exited'}`);
      pump();
    });
  };

  const failQueued = (detail: string): void => {
    for (const call of [...calls]) for (const task of call.queued.splice(0)) fail(task, 'crash', detail);
  };

  const send = (slot: Slot, task: Task): void => {
    const { call } = task;
    const needRules = call.rulesKey !== 0 && slot.rulesKey !== call.rulesKey;
    const request: ScanRequest = {
      type: 'scan',
      id: task.id,
      path: task.file.path,
      content: task.file.content,
      options: {
        timeBudgetMs: fileDeadlineMs,
        ...(call.maxBytes === undefined ? {} : { maxBytes: call.maxBytes }),
        ...(call.reportUnusedSuppressions === undefined ? {} : { reportUnusedSuppressions: call.reportUnusedSuppressions }),
        ...(task.file.isTest ? { isTest: true } : {}),
      },
      rulesKey: call.rulesKey,
      ...(needRules && call.extraRules !== undefined ? { extraRules: call.extraRules } : {}),
    };
    if (call.rulesKey !== 0) slot.rulesKey = call.rulesKey;
    slot.task = task;
    task.slot = slot;
    task.timer = setTimeout(() => {
      kill(slot, 'deadline');
      pump();
    }, fileDeadlineMs + graceMs);
    slot.worker.postMessage(request);
  };

  let turn = 0;
  const nextTask = (): Task | undefined => {
    for (let tried = 0; tried < calls.length; tried++) {
      const call = calls[(turn + tried) % calls.length];
      const task = call.queued.shift();
      if (task !== undefined) {
        turn = (turn + tried + 1) % calls.length;
        return task;
      }
    }
    return undefined;
  };

  const pump = (): void => {
    for (const slot of slots) {
      if (!slot.ready || slot.task !== undefined) continue;
      const task = nextTask();
      if (task === undefined) break;
      send(slot, task);
    }
    // Calls whose files are all handed out leave the rotation.
    for (let i = calls.length - 1; i >= 0; i--) if (calls[i].queued.length === 0) calls.splice(i, 1);
    const waiting = calls.reduce((n, c) => n + c.queued.length, 0);
    const starting = [...slots].filter((s) => !s.ready).length;
    let spare = Math.min(threads - slots.size, waiting - starting);
    while (spare-- > 0) spawn();
    updateRefs();
  };

  const expire = (call: Call): void => {
    for (const task of call.queued.splice(0)) fail(task, 'job-budget');
    for (const slot of [...slots]) if (slot.task?.call === call) kill(slot, 'job-budget');
    pump();
  };

  return {
    rules: options.rules,
    fileDeadlineMs,
    get threadCount() {
      return slots.size;
    },
    scanFiles(files: readonly SourceFile[], runOptions: RunOptions = {}): Promise<FileOutcome[]> {
      if (files.length === 0) return Promise.resolve([]);
      return new Promise<FileOutcome[]>((resolve) => {
        const call: Call = {
          queued: [],
          outcomes: files.map(() => undefined),
          remaining: files.length,
          rulesKey: keyOf(runOptions.extraRules),
          extraRules: runOptions.extraRules,
          maxBytes: runOptions.maxBytes,
          reportUnusedSuppressions: runOptions.reportUnusedSuppressions,
          resolve,
        };
        files.forEach((file, index) => call.queued.push({ id: nextTaskId++, call, index, file, settled: false }));
        pending.add(call);
        calls.push(call);
        const budget = runOptions.timeBudgetMs;
        if (budget !== undefined) {
          if (budget <= 0) {
            expire(call);
            return;
          }
          call.timer = setTimeout(() => expire(call), budget);
        }
        pump();
      });
    },
    async close(): Promise<void> {
      const all = [...slots];
      for (const call of [...pending]) for (const task of call.queued.splice(0)) fail(task, 'crash', 'the engine was shut down');
      for (const slot of all) kill(slot, 'crash', 'the engine was shut down');
      await Promise.all(all.map((s) => s.worker.terminate().catch(() => undefined)));
    },
  };
}
