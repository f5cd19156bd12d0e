/** Dataflow inside one function from sources to sinks. */
import type { Language } from 'web-tree-sitter';
import type { PreparedAnalyzer } from '../analyzer-api.js';
import type { RuleMatch } from '../rule-schema.js';

export type TaintMatch = Extract<RuleMatch, { kind: 'taint' }>;

export function prepareTaint(_match: TaintMatch, _language: Language): PreparedAnalyzer {
  return () => undefined;
}
