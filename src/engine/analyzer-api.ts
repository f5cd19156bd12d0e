/** What a code analyzer (src/engine/analyzers/) and the taint engine receive and return. */
import type { Language, Node } from 'web-tree-sitter';
import type { NameResolver } from './names.js';
import type { Confidence, Severity } from './types.js';

export interface CallSite {
  readonly node: Node;
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
  /** Extend the reported range to this node's end. */
  readonly until?: Node;
  /** Fills `{callee}` in the rule's message. */
  readonly callee?: string;
}

export interface AnalysisContext {
  readonly root: Node;
  readonly source: string;
  readonly names: NameResolver;
  /** All calls in the file, in document order. */
  readonly calls: readonly CallSite[];
  report(node: Node, overrides?: ReportOverrides): void;
}

export type PreparedAnalyzer = (ctx: AnalysisContext) => void;

export interface Analyzer {
  readonly name: string;
  /** Called once per engine: compile queries here, not per file. */
  prepare(language: Language, options: Readonly<Record<string, unknown>>): PreparedAnalyzer;
}
