/**
 * `npm run build`, after tsc: validates rules/ (YAML, schema, every regex and query compiled)
 * and writes the snapshot the engine loads without validators (src/engine/rule-snapshot.ts).
 * A broken rule fails the build.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { compileRules } from '../src/engine/compile-rules.js';
import { loadPython } from '../src/engine/grammar.js';
import { loadRuleFiles } from '../src/engine/load-builtin-rules.js';
import { applyModels } from '../src/engine/models/apply-models.js';
import { loadBuiltinModels } from '../src/engine/models/load-builtin-models.js';
import { builtinRulesDir, defaultSnapshotPath, ruleSnapshotOf } from '../src/engine/rule-snapshot.js';

const dir = builtinRulesDir();
const files = loadRuleFiles(dir);
const models = loadBuiltinModels();
compileRules(
  applyModels(
    files.map((f) => f.rule),
    models,
    () => false,
  ),
  await loadPython(),
  new Set(),
  { eagerQueries: true },
);
const snapshot = ruleSnapshotOf(dir, files, models);
const path = defaultSnapshotPath();
mkdirSync(dirname(path), { recursive: true });
// Written aside and renamed, so a reader never sees half a file.
writeFileSync(`${path}.tmp`, JSON.stringify(snapshot));
renameSync(`${path}.tmp`, path);
process.stdout.write(`rule snapshot: ${snapshot.rules.length} rules, ${snapshot.models.length} models, ${path}\n`);
