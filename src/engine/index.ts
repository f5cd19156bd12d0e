/** The engine: built once per process, then `scanFile` per file (synchronous, pure). */
import { Parser, type Language } from 'web-tree-sitter';
import { compileRules } from './compile-rules.js';
import type { Engine, ScanOptions } from './engine-api.js';
import { loadPython } from './grammar.js';
import { loadBuiltinRules } from './load-builtin-rules.js';
import type { Rule } from './rule-schema.js';
import { scanFile } from './scan-file.js';

export type { Engine, ScanOptions } from './engine-api.js';
export type { Rule } from './rule-schema.js';
export type { Finding, FileResult, ScanError, Severity, Confidence } from './types.js';
export { parseRuleFile } from './parse-rule-file.js';
export { loadBuiltinRules, loadRuleFiles, builtinRulesDir } from './load-builtin-rules.js';
export { severityRank, SEVERITIES } from './types.js';

export interface EngineOptions {
  /** Defaults to the built-in rules in rules/. */
  readonly rules?: readonly Rule[];
}

export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const language = await loadPython();
  return buildEngine(language, options.rules ?? loadBuiltinRules(), new Set());
}

/** `untrusted`: ids of the rules added by `withRules` (a repository's); their patterns run on RE2. */
function buildEngine(language: Language, rules: readonly Rule[], untrusted: ReadonlySet<string>): Engine {
  const compiled = compileRules(rules, language, untrusted);
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    rules,
    scanFile: (path: string, content: Uint8Array | string, opts?: ScanOptions) => scanFile(compiled, parser, path, content, opts),
    withRules: (extra: readonly Rule[]) => {
      const ids = new Set(extra.map((r) => r.id));
      return buildEngine(language, [...rules.filter((r) => !ids.has(r.id)), ...extra], new Set([...untrusted, ...ids]));
    },
  };
}
