/**
 * Turns `.github/hunkwise/models/*.yml` into models: a repository teaches hunkwise its own
 * wrappers (an HTTP helper as an `outbound-url` sink, a framework's request object as a
 * source group). Declarative only, validated like rules; a model may not carry regexes
 * (its sinks end up in built-in rules) and may not take a built-in model's id (it would
 * replace that model and drop what the built-in rules rely on). Use with
 * `engine.withRules(repositoryRules, models)`.
 */
import type { Model } from '../engine/models/model-schema.js';
import type { Rule } from '../engine/rule-schema.js';
import type { RuleFile } from './repository-rules.js';

/** Where a repository keeps its models, beside `.github/hunkwise/rules/`. */
export const CUSTOM_MODELS_DIR = '.github/hunkwise/models';
/** Each model adds sinks and sources to every taint rule; a few dozen is already a lot. */
export const MAX_REPOSITORY_MODELS = 50;

/** The engine's model-file parser (engine/index.ts `parseModelFile`), passed in to keep this module pure. */
export type ParseModelFile = (text: string, fileName: string) => { model?: Model; error?: string };

export interface RepositoryModels {
  readonly models: readonly Model[];
  /** One sentence per refused file, for the check summary. */
  readonly errors: readonly string[];
}

export function compileRepositoryModels(
  files: readonly RuleFile[],
  parseModelFile: ParseModelFile,
  builtinIds: ReadonlySet<string>,
): RepositoryModels {
  const models: Model[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (!/\.ya?ml$/i.test(file.name)) continue;
    const where = `${CUSTOM_MODELS_DIR}/${file.name}`;
    if (models.length >= MAX_REPOSITORY_MODELS) {
      errors.push(`${where}: ignored, a repository may define at most ${MAX_REPOSITORY_MODELS} models.`);
      continue;
    }
    if (file.unread !== undefined) {
      errors.push(`${where}: not loaded, ${file.unread}.`);
      continue;
    }
    const { model, error } = parseModelFile(file.text, where);
    if (model === undefined) errors.push(error ?? `${where}: not a valid model.`);
    else if (builtinIds.has(model.model)) errors.push(`${where}: id \`${model.model}\` is taken by a built-in model.`);
    else if (seen.has(model.model)) errors.push(`${where}: id \`${model.model}\` is defined twice.`);
    else {
      seen.add(model.model);
      models.push(model);
    }
  }
  return { models, errors };
}

/**
 * The sink categories a taint rule names that none of `categories` declares, so a
 * repository's rule that names one is refused with a sentence instead of failing the engine.
 */
export function undeclaredCategories(rule: Rule, categories: ReadonlySet<string>): string[] {
  if (rule.match.kind !== 'taint') return [];
  return rule.match.sinks.flatMap((s) => (s.category !== undefined && !categories.has(s.category) ? [s.category] : []));
}
