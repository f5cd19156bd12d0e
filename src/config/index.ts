export * from './config-schema.js';
export { parseConfig, type ParsedConfig } from './parse-config.js';
export { mergeConfigLayers } from './merge-config-layers.js';
export { MAX_CONFIG_ALIASES, MAX_CONFIG_FILE_BYTES, parseConfigText, type ParsedConfigText } from './parse-config-text.js';
export {
  loadConfigLayers,
  MAX_CONFIG_EXTENDS,
  parseExtends,
  type ConfigLocation,
  type LoadedConfigLayers,
  type ReadConfigFile,
} from './load-config-layers.js';
export { createRulePolicy, selectorMatches, type RulePolicy } from './rule-policy.js';
export { classifyPath, isTestPath } from './classify-path.js';
export { globProblem, matchesGlob, matchesAnyGlob, MAX_GLOB_ALTERNATIVES, MAX_GLOB_LENGTH } from './glob.js';
export {
  compileRepositoryRules,
  MAX_REPOSITORY_RULES,
  type ParseRuleFile,
  type RepositoryRules,
  type RuleFile,
} from './repository-rules.js';
export { resolveConfiguration, type ResolvedConfiguration } from './resolve-configuration.js';
