/**
 * Reads the built-in rules shipped in rules/ (with rule-snapshot.ts, the engine's file-system
 * edge): from the build's snapshot when it matches the rule files, else validated from YAML.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { parseRuleFile } from './parse-rule-file.js';
import type { Rule } from './rule-schema.js';
import { builtinRulesDir, listRuleFiles, readRuleSnapshot, type RuleFile } from './rule-snapshot.js';

export { builtinRulesDir, type RuleFile } from './rule-snapshot.js';

/** Every rule file validated from its YAML (never the snapshot): the rule tests and the build use this. */
export function loadRuleFiles(dir = builtinRulesDir()): RuleFile[] {
  const out: RuleFile[] = [];
  const problems: string[] = [];
  for (const full of listRuleFiles(dir)) {
    const parsed = parseRuleFile(readFileSync(full, 'utf8'), relative(dirname(dir), full), 'builtin');
    if (parsed.error !== undefined) problems.push(parsed.error);
    else out.push({ rule: parsed.rule, file: full, fixture: full.replace(/\.ya?ml$/, '.py') });
  }
  if (problems.length) throw new Error(`invalid rule files:\n${problems.join('\n')}`);
  return out;
}

/** The built-in rules, from the snapshot when it is current. */
export function loadBuiltinRules(dir = builtinRulesDir(), snapshotPath?: string): Rule[] {
  return (readRuleSnapshot(dir, snapshotPath) ?? loadRuleFiles(dir)).map((f) => f.rule);
}
