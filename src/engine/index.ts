/** The engine: built once per process, then `scanFile` per file (synchronous, pure). */
export type { Engine, ScanOptions } from './engine-api.js';
export type { Rule } from './rule-schema.js';
export type { Finding, FileResult, ScanError, Severity, Confidence } from './types.js';
export { createEngine, type EngineOptions } from './create-engine.js';
export { parseRuleFile } from './parse-rule-file.js';
export { loadBuiltinRules, loadRuleFiles, builtinRulesDir } from './load-builtin-rules.js';
export { loadBuiltinRulesQuickly } from './rule-snapshot.js';
export { severityRank, SEVERITIES } from './types.js';
export type { Model } from './models/model-schema.js';
export { parseModelFile, MAX_MODEL_FILE_BYTES } from './models/parse-model-file.js';
export { loadBuiltinModels, builtinModelsDir } from './models/load-builtin-models.js';
export { applyModels, ModelError } from './models/apply-models.js';
