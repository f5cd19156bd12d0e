/**
 * Builds the engine: once per process, then `scanFile` per file (synchronous, pure). Imports
 * no validator (YAML, zod): the built-in rules come from the build's snapshot when it is current.
 */
import { Parser, type Language } from 'web-tree-sitter';
import { compileRules } from './compile-rules.js';
import type { Engine, ScanOptions } from './engine-api.js';
import { loadPython } from './grammar.js';
import { applyModels } from './models/apply-models.js';
import type { Model } from './models/model-schema.js';
import type { Rule } from './rule-schema.js';
import { loadBuiltinModelsQuickly, loadBuiltinRulesQuickly } from './rule-snapshot.js';
import { scanFile } from './scan-file.js';

export interface EngineOptions {
  /** Defaults to the built-in rules in rules/. */
  readonly rules?: readonly Rule[];
  /** Defaults to the built-in models in rules/models/; taint rules name their groups and categories. */
  readonly models?: readonly Model[];
}

export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const [language, rules, models] = await Promise.all([
    loadPython(),
    options.rules ?? loadBuiltinRulesQuickly(),
    options.models ?? loadBuiltinModelsQuickly(),
  ]);
  return buildEngine(language, rules, models, new Set());
}

/**
 * `untrusted`: ids of the rules added by `withRules` (a repository's); their patterns run on RE2.
 * `engine.rules` stay as written; the compiled ones carry the models' sources and sinks.
 */
function buildEngine(language: Language, rules: readonly Rule[], models: readonly Model[], untrusted: ReadonlySet<string>): Engine {
  const compiled = compileRules(
    applyModels(rules, models, (r) => untrusted.has(r.id)),
    language,
    untrusted,
  );
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    rules,
    scanFile: (path: string, content: Uint8Array | string, opts?: ScanOptions) => scanFile(compiled, parser, path, content, opts),
    models,
    withRules: (extra: readonly Rule[], extraModels: readonly Model[] = []) => {
      const ids = new Set(extra.map((r) => r.id));
      const modelIds = new Set(extraModels.map((m) => m.model));
      return buildEngine(
        language,
        [...rules.filter((r) => !ids.has(r.id)), ...extra],
        [...models.filter((m) => !modelIds.has(m.model)), ...extraModels],
        new Set([...untrusted, ...ids]),
      );
    },
  };
}
