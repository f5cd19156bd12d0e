/**
 * How the review job and the command line run the engine: many files at once,
 * asynchronously, each file either scanned or "not analysed" with a reason.
 * Two implementations: the worker-thread pool (the App and the CLI) and an
 * in-thread runner over an Engine (tests that build the engine themselves).
 */
import type { UnusedSuppressionScope } from '../engine/engine-api.js';
import type { Rule } from '../engine/rule-schema.js';
import type { FileResult, ScanError } from '../engine/types.js';

/**
 * A file's analysis stops here. The engine checks its own budget as it goes and
 * stops a slow file cleanly; the pool terminates the thread a little later when
 * that check does not come (a loop between checks, a runaway allocation).
 */
export const DEFAULT_FILE_DEADLINE_MS = 5000;

/**
 * The engine time one review may use in total. A hostile pull request of 3000
 * files, each just under the file deadline, would otherwise hold two threads for
 * two hours; ordinary pull requests take seconds. What is left when it runs out is
 * reported as not analysed.
 */
export const DEFAULT_JOB_TIME_BUDGET_MS = 10 * 60_000;

export interface SourceFile {
  readonly path: string;
  readonly content: string | Uint8Array;
  /** Test code (config `test_paths`, see isTestPath): rules judge it by their `inTests`. */
  readonly isTest?: boolean;
}

export interface RunOptions {
  /** A repository's own (declarative) rules, added to the runner's rules for these files. */
  readonly extraRules?: readonly Rule[];
  /** Files larger than this are reported by the engine as too large. */
  readonly maxBytes?: number;
  /** Wall-clock time for the whole call; files not finished by then are not analysed. */
  readonly timeBudgetMs?: number;
  /** The repository's `report_unused_suppressions` (see ScanOptions). */
  readonly reportUnusedSuppressions?: UnusedSuppressionScope;
}

export type NotAnalysedReason = 'deadline' | 'job-budget' | 'memory' | 'crash';

export type FileOutcome =
  | { readonly kind: 'scanned'; readonly path: string; readonly result: FileResult }
  | { readonly kind: 'not-analysed'; readonly path: string; readonly reason: NotAnalysedReason; readonly message: string };

export interface EngineRunner {
  /** The rules every scan runs before a call's `extraRules` (the built-in ones): for policy and rendering. */
  readonly rules: readonly Rule[];
  /** The per-file deadline this runner enforces. */
  readonly fileDeadlineMs: number;
  /** One outcome per file, in the order given. Never rejects for a file's sake. */
  scanFiles(files: readonly SourceFile[], options?: RunOptions): Promise<FileOutcome[]>;
  /** Stops the threads (if any); later calls start them again. */
  close(): Promise<void>;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s} s` : `${s.toFixed(1)} s`;
}

/** The sentence the summary and the CLI show for a file the runner could not analyse. */
export function notAnalysedMessage(reason: NotAnalysedReason, fileDeadlineMs: number, detail?: string): string {
  switch (reason) {
    case 'deadline':
      return `not analysed: took longer than ${seconds(fileDeadlineMs)}`;
    case 'job-budget':
      return "not analysed: the review's time budget ran out";
    case 'memory':
      return 'not analysed: exceeded the memory limit';
    case 'crash':
      return detail === undefined ? 'not analysed: analysis crashed' : `not analysed: analysis crashed (${detail})`;
  }
}

/** A not-analysed outcome with its sentence. */
export function notAnalysed(path: string, reason: NotAnalysedReason, fileDeadlineMs: number, detail?: string): FileOutcome {
  return { kind: 'not-analysed', path, reason, message: notAnalysedMessage(reason, fileDeadlineMs, detail) };
}

/** How a cut-off file reads among the engine's own errors (CLI output, JSON, SARIF). */
const ERROR_KIND: Readonly<Record<NotAnalysedReason, ScanError['kind']>> = {
  deadline: 'timeout',
  'job-budget': 'timeout',
  memory: 'too-complex',
  // The engine reports its own internal errors as `rule` errors too.
  crash: 'rule',
};

/** Any outcome as an engine FileResult: a file the runner cut off is unanalysed, with its reason as the error. */
export function asFileResult(outcome: FileOutcome): FileResult {
  if (outcome.kind === 'scanned') return outcome.result;
  const { path, reason, message } = outcome;
  return { path, findings: [], errors: [{ path, kind: ERROR_KIND[reason], message }], analysed: false };
}
