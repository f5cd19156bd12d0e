import type { Engine } from '../engine/engine-api.js';
import type { HunkwiseConfig } from './config-schema.js';
import { parseConfig } from './parse-config.js';
import { compileRepositoryRules, type ParseRuleFile, type RuleFile } from './repository-rules.js';
import { createRulePolicy, type RulePolicy } from './rule-policy.js';

export interface ResolvedConfiguration {
  readonly config: HunkwiseConfig;
  /** The built-in engine, plus the repository's own rules when it has any. */
  readonly engine: Engine;
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
  readonly builtin: Engine;
  readonly parseRuleFile: ParseRuleFile;
}): ResolvedConfiguration {
  const parsed = parseConfig(input.raw);
  const builtinIds = new Set(input.builtin.rules.map((r) => r.id));
  const repoRules = compileRepositoryRules(input.ruleFiles, input.parseRuleFile, builtinIds);
  const engine = repoRules.rules.length > 0 ? input.builtin.withRules(repoRules.rules) : input.builtin;
  const policy = createRulePolicy(parsed.config, engine.rules);
  return {
    config: parsed.config,
    engine,
    policy,
    builtinIds,
    warnings: [...parsed.warnings, ...policy.warnings],
    ruleErrors: repoRules.errors,
  };
}
