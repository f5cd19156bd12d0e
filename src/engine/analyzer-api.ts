/** What a code analyzer (src/engine/analyzers/) and the taint engine receive and return. */
import type { Language, Node } from 'web-tree-sitter';
import type { NameResolver } from './names.js';
import type { Category, Confidence, Severity } from './types.js';

export interface CallSite {
  readonly node: Node;
  /** Where the callee's last name ends in the source (`a.b.c(` → after `c`). */
  readonly keyEnd: number;
  /**
   * The callee's last name segment, after import aliases for a bare name (`P` from
   * `from subprocess import Popen as P` gives `Popen`): the cheap filter, free to read.
   */
  readonly key: string;
  /** Every qualified name the callee stands for (see NameResolver.calleeNames). */
  names(): readonly string[];
}

export interface ReportOverrides {
  readonly message?: string;
  readonly severity?: Severity;
  readonly confidence?: Confidence;
  /** E.g. `practice` when what was found is hygiene (summary only) rather than a concern. */
  readonly category?: Category;
  /** Extend the reported range to this node's end. */
  readonly until?: Node;
  /** Fills `{callee}` in the rule's message. */
  readonly callee?: string;
}

export interface AnalysisContext {
  readonly root: Node;
  readonly source: string;
  readonly names: NameResolver;
  /**
   * The file's calls whose key is one that a rule or analyzer asks for (see
   * PreparedAnalyzer.callKeys), in document order. Other calls are never looked up.
   */
  readonly calls: readonly CallSite[];
  report(node: Node, overrides?: ReportOverrides): void;
}

export interface PreparedAnalyzer {
  readonly run: (ctx: AnalysisContext) => void;
  /**
   * Callee last names (`Popen`, or a prefix glob `exec*`) whose calls this analyzer reads
   * from `ctx.calls`. The engine finds only those calls, from the text, instead of walking
   * the whole tree; an analyzer that does not read `ctx.calls` leaves this out.
   */
  readonly callKeys?: readonly string[];
}

export interface Analyzer {
  readonly name: string;
  /** Called once per engine: compile queries here, not per file. */
  prepare(language: Language, options: Readonly<Record<string, unknown>>): PreparedAnalyzer;
}
