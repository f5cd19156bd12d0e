import type { Rule } from '../engine/rule-schema.js';
import type { HunkwiseConfig } from './config-schema.js';
import { parseConfig } from './parse-config.js';
import { compileRepositoryRules, type ParseRuleFile, type RuleFile } from './repository-rules.js';
import { createRulePolicy, type RulePolicy } from './rule-policy.js';

export interface ResolvedConfiguration {
  readonly config: HunkwiseConfig;
  /** Every rule in force: the built-in ones and the repository's own. */
  readonly rules: readonly Rule[];
  /** The repository's own rules, which the engine runs beside the built-in ones. */
  readonly repositoryRules: readonly Rule[];
  readonly policy: RulePolicy;
  /** Ids of the built-in rules (only those have pages in hunkwise's docs). */
  readonly builtinIds: ReadonlySet<string>;
  /** Ignored or invalid settings, and selectors that match no rule. */
  readonly warnings: readonly string[];
  /** Repository rule files that were refused. */
  readonly ruleErrors: readonly string[];
}

/**
 * From a repository's loaded settings (merged across `_extends`, or null) and
 * its rule files to what a review runs with. Pure; the App and the command
 * line read the inputs their own way and share this.
 */
export function resolveConfiguration(input: {
  readonly raw: unknown;
  readonly ruleFiles: readonly RuleFile[];
  /** The built-in rules (the engine's, or the engine runner's). */
  readonly builtin: { readonly rules: readonly Rule[] };
  readonly parseRuleFile: ParseRuleFile;
}): ResolvedConfiguration {
  const parsed = parseConfig(input.raw);
  const builtinIds = new Set(input.builtin.rules.map((r) => r.id));
  const repoRules = compileRepositoryRules(input.ruleFiles, input.parseRuleFile, builtinIds);
  // The engine runs them in its threads; here they only need to be known (Engine.withRules replaces by id).
  const repoIds = new Set(repoRules.rules.map((r) => r.id));
  const rules = [...input.builtin.rules.filter((r) => !repoIds.has(r.id)), ...repoRules.rules];
  const policy = createRulePolicy(parsed.config, rules);
  return {
    config: parsed.config,
    rules,
    repositoryRules: repoRules.rules,
    policy,
    builtinIds,
    warnings: [...parsed.warnings, ...policy.warnings],
    ruleErrors: repoRules.errors,
  };
}
