/**
 * The repository's own settings for `review`, read the way the App reads them: from the
 * branch the change targets (so a change cannot relax its own review), not from the head.
 * Git reads the inputs; resolveConfiguration (the App's own) turns them into the configuration.
 */
import { CONFIG_PATH, CUSTOM_RULES_DIR } from '../config/config-schema.js';
import { parseConfigText } from '../config/parse-config-text.js';
import { resolveConfiguration, type ResolvedConfiguration } from '../config/resolve-configuration.js';
import type { Rule } from '../engine/rule-schema.js';
import { parseRuleFile } from '../engine/parse-rule-file.js';
import type { Git } from './git.js';

export interface ReviewConfiguration {
  readonly configuration: ResolvedConfiguration;
  /** Sentences about settings or rules that were ignored, as the App puts in its summary. */
  readonly warnings: readonly string[];
}

export async function loadReviewConfiguration(
  git: Git,
  commit: string,
  builtin: { readonly rules: readonly Rule[] },
): Promise<ReviewConfiguration> {
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

  const names = (await git.listFiles(commit, CUSTOM_RULES_DIR)).filter((n) => /\.ya?ml$/i.test(n));
  const texts = await git.readFiles(commit, names.map((n) => `${CUSTOM_RULES_DIR}/${n}`));
  const ruleFiles = names.flatMap((name) => {
    const bytes = texts.get(`${CUSTOM_RULES_DIR}/${name}`);
    return bytes === undefined ? [] : [{ name, text: decoder.decode(bytes) }];
  });
  const configuration = resolveConfiguration({ raw, ruleFiles, builtin, parseRuleFile });
  warnings.push(...configuration.warnings, ...configuration.ruleErrors);
  return { configuration, warnings };
}
