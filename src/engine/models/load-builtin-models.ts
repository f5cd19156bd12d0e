/** Reads the built-in models shipped in rules/models/ (a file-system edge, like load-builtin-rules). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRulesDir } from '../load-builtin-rules.js';
import type { Model } from './model-schema.js';
import { parseModelFile } from './parse-model-file.js';

/** The folder under rules/ that holds models, not rules (the rule loader skips it). */
export const MODELS_DIR = 'models';

export function builtinModelsDir(): string {
  return join(builtinRulesDir(), MODELS_DIR);
}

export function loadBuiltinModels(dir = builtinModelsDir()): Model[] {
  const out: Model[] = [];
  const problems: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
    const parsed = parseModelFile(readFileSync(join(dir, entry.name), 'utf8'), `rules/${MODELS_DIR}/${entry.name}`, 'builtin');
    if (parsed.error !== undefined) problems.push(parsed.error);
    else out.push(parsed.model);
  }
  if (problems.length) throw new Error(`invalid model files:\n${problems.join('\n')}`);
  const ids = new Set<string>();
  for (const m of out) {
    if (ids.has(m.model)) throw new Error(`invalid model files:\nduplicate model id "${m.model}"`);
    ids.add(m.model);
  }
  return out;
}
