/** The engine's public surface. Everything here is pure once the grammar is loaded. */
import type { FileResult } from './types.js';
import type { Model } from './models/model-schema.js';
import type { Rule } from './rule-schema.js';

export interface ScanOptions {
  /** Files larger than this are reported as `too-large` and not parsed. */
  readonly maxBytes?: number;
  /** Wall-clock budget for one file; past it the file is reported as `timeout`. */
  readonly timeBudgetMs?: number;
  /**
   * Keep findings another rule supersedes on the same code (see Rule.supersedes): the rule
   * tester checks each rule on its own.
   */
  readonly keepSuperseded?: boolean;
  /**
   * Which suppression markers `unused-suppression` reports when they silence nothing:
   * `hunkwise` (the default) only hunkwise's own `# hunkwise: ignore[...]`, since a
   * `# nosec` / `# noqa: S...` may still be needed by the repository's Bandit or Ruff job;
   * `all` also those (a repository that runs hunkwise instead of them opts in).
   */
  readonly reportUnusedSuppressions?: UnusedSuppressionScope;
  /**
   * The file is test code (the configuration's `test_paths`): each rule's `inTests` applies
   * (findings of `low` rules become low-severity hygiene, `skip` rules report nothing).
   */
  readonly isTest?: boolean;
}

/** See ScanOptions.reportUnusedSuppressions. */
export type UnusedSuppressionScope = 'hunkwise' | 'all';

export interface Engine {
  readonly rules: readonly Rule[];
  /** The framework and library models the taint rules were built with. */
  readonly models?: readonly Model[];
  /** Scans one whole file. Never throws: problems come back in `errors`. */
  scanFile(path: string, content: Uint8Array | string, options?: ScanOptions): FileResult;
  /**
   * A new engine with extra (declarative) rules, e.g. a repository's own. They are treated
   * as untrusted: their regexes run on RE2 (linear time), never on V8's RegExp. `models`: a
   * repository's own (parseModelFile with origin `repository`), added to the engine's; a model
   * with the id of a built-in one replaces it.
   */
  withRules(extra: readonly Rule[], models?: readonly Model[]): Engine;
}
