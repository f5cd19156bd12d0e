/**
 * The repository's own settings for `review`, read the way the App reads them: from the
 * branch the change targets (so a change cannot relax its own review), not from the head.
 */
import { CONFIG_PATH, CUSTOM_RULES_DIR, type HunkwiseConfig } from '../config/config-schema.js';
import { parseConfig } from '../config/parse-config.js';
import { parseConfigText } from '../config/parse-config-text.js';
import { compileRepositoryRules } from '../config/repository-rules.js';
import { createRulePolicy, type RulePolicy } from '../config/rule-policy.js';
import type { Engine } from '../engine/engine-api.js';
import { parseRuleFile } from '../engine/parse-rule-file.js';
import type { Git } from './git.js';

export interface ReviewConfiguration {
  readonly config: HunkwiseConfig;
  /** The engine with the repository's own rules added. */
  readonly engine: Engine;
  readonly policy: RulePolicy;
  /** Sentences about settings or rules that were ignored, as the App puts in its summary. */
  readonly warnings: readonly string[];
}

export async function loadReviewConfiguration(git: Git, commit: string, builtin: Engine): Promise<ReviewConfiguration> {
  const warnings: string[] = [];
  const decoder = new TextDecoder('utf-8');

  const configBytes = (await git.readFiles(commit, [CONFIG_PATH])).get(CONFIG_PATH);
  let raw: unknown = null;
  if (configBytes !== undefined) {
    // The App's bounds: size and alias expansion are capped before anything is built.
    const parsed = parseConfigText(configBytes);
    if (parsed.error === undefined) raw = parsed.settings;
    else warnings.push(`${CONFIG_PATH} ${parsed.error}; using the defaults.`);
  }
  if (typeof raw === 'object' && raw !== null && '_extends' in raw) {
    warnings.push(`\`_extends\` in ${CONFIG_PATH} is not followed by the command line; only this repository's settings apply.`);
  }
  const parsed = parseConfig(raw);
  warnings.push(...parsed.warnings);

  const names = (await git.listFiles(commit, CUSTOM_RULES_DIR)).filter((n) => /\.ya?ml$/i.test(n));
  const texts = await git.readFiles(commit, names.map((n) => `${CUSTOM_RULES_DIR}/${n}`));
  const files = names.flatMap((name) => {
    const bytes = texts.get(`${CUSTOM_RULES_DIR}/${name}`);
    return bytes === undefined ? [] : [{ name, text: decoder.decode(bytes) }];
  });
  const repoRules = compileRepositoryRules(files, parseRuleFile, new Set(builtin.rules.map((r) => r.id)));
  warnings.push(...repoRules.errors);
  const engine = repoRules.rules.length > 0 ? builtin.withRules(repoRules.rules) : builtin;
  const policy = createRulePolicy(parsed.config, engine.rules);
  warnings.push(...policy.warnings);
  return { config: parsed.config, engine, policy, warnings };
}
