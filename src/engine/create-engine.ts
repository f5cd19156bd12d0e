/**
 * Builds the engine: once per process, then `scanFile` per file (synchronous, pure). Imports
 * no validator (YAML, zod): the built-in rules come from the build's snapshot when it is current.
 */
import { Parser, type Language } from 'web-tree-sitter';
import { compileRules } from './compile-rules.js';
import type { Engine, ScanOptions } from './engine-api.js';
import { loadPython } from './grammar.js';
import type { Rule } from './rule-schema.js';
import { loadBuiltinRulesQuickly } from './rule-snapshot.js';
import { scanFile } from './scan-file.js';

export interface EngineOptions {
  /** Defaults to the built-in rules in rules/. */
  readonly rules?: readonly Rule[];
}

export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const [language, rules] = await Promise.all([loadPython(), options.rules ?? loadBuiltinRulesQuickly()]);
  return buildEngine(language, rules, new Set());
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
