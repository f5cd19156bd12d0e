/** Reads the built-in rules shipped in rules/ (the engine's one file-system edge). */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRuleFile } from './parse-rule-file.js';
import type { Rule } from './rule-schema.js';

export interface RuleFile {
  readonly rule: Rule;
  /** Path of the YAML file. */
  readonly file: string;
  /** Path of the annotated fixture beside it. */
  readonly fixture: string;
}

/** rules/ at the package root, from src/engine or dist/src/engine alike. */
export function builtinRulesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    dir = dirname(dir);
    try {
      readdirSync(join(dir, 'rules'));
      return join(dir, 'rules');
    } catch {
      // keep climbing
    }
  }
  throw new Error('rules/ folder not found next to the hunkwise package');
}

export function loadRuleFiles(dir = builtinRulesDir()): RuleFile[] {
  const out: RuleFile[] = [];
  const problems: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(d, entry.name);
      // rules/models/ holds models (see models/load-builtin-models.ts), not rules.
      if (entry.isDirectory()) {
        if (!(d === dir && entry.name === 'models')) walk(full);
      } else if (entry.name.endsWith('.yml') || entry.name.endsWith('.yaml')) {
        const parsed = parseRuleFile(readFileSync(full, 'utf8'), relative(dirname(dir), full), 'builtin');
        if (parsed.error !== undefined) problems.push(parsed.error);
        else out.push({ rule: parsed.rule, file: full, fixture: full.replace(/\.ya?ml$/, '.py') });
      }
    }
  };
  walk(dir);
  if (problems.length) throw new Error(`invalid rule files:\n${problems.join('\n')}`);
  return out;
}

export function loadBuiltinRules(dir?: string): Rule[] {
  return loadRuleFiles(dir).map((f) => f.rule);
}
