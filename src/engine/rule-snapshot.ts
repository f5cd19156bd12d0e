/**
 * The built-in rules as `npm run build` validated them (scripts/build-rule-snapshot.ts): one
 * JSON file, read without YAML or zod. It records a hash of the rule files it was built from;
 * when that differs from the files shipped now (a rule edited, added or removed since the
 * build), it is not used and the rules are validated from their YAML instead.
 * With load-builtin-rules.ts, the engine's file-system edge; this module imports no validator.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debuglog } from 'node:util';
import type { Model } from './models/model-schema.js';
import type { Rule } from './rule-schema.js';

/** Bumped whenever the snapshot's shape or the validated rule's shape changes. */
export const RULE_SNAPSHOT_FORMAT = 2;

export interface RuleSnapshot {
  readonly format: number;
  /** See hashRuleFiles. */
  readonly hash: string;
  /** In loading order; `file` is relative to rules/, with `/` separators. */
  readonly rules: ReadonlyArray<{ readonly file: string; readonly rule: Rule }>;
  /** The built-in models of rules/models/, validated. */
  readonly models: readonly Model[];
}

export interface RuleFile {
  readonly rule: Rule;
  /** Path of the YAML file. */
  readonly file: string;
  /** Path of the annotated fixture beside it. */
  readonly fixture: string;
}

/** `NODE_DEBUG=hunkwise` shows why the snapshot was not used. */
const debug = debuglog('hunkwise');

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

/**
 * The built snapshot. From dist/ it sits beside this module; run from the TypeScript sources
 * (jest), it is the one `npm run build` put in dist/ at the package root.
 */
export function defaultSnapshotPath(): string {
  const here = import.meta.url;
  return fileURLToPath(
    here.endsWith('.js') ? new URL('./builtin-rules.json', here) : new URL('../../dist/src/engine/builtin-rules.json', here),
  );
}

/** Every rule file under `dir`, any folder deep, in loading order (each folder's entries by name). */
export function listRuleFiles(dir: string): string[] {
  const out: string[] = [];
  const sorted = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((e) => (e.isDirectory() ? [join(d, e.name) + sep] : e.name.endsWith('.yml') || e.name.endsWith('.yaml') ? [join(d, e.name)] : []));
  // Depth first with an explicit stack (folders are few, but their depth is not ours to trust).
  // rules/models/ holds models (models/load-builtin-models.ts), not rules.
  const stack: string[][] = [sorted(dir).filter((p) => p !== join(dir, 'models') + sep).reverse()];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const next = top.pop();
    if (next === undefined) stack.pop();
    else if (next.endsWith(sep)) stack.push(sorted(next.slice(0, -1)).reverse());
    else out.push(next);
  }
  return out;
}

/** The model files of rules/models/ (one level, as load-builtin-models.ts reads them). */
export function listModelFiles(dir: string): string[] {
  const models = join(dir, 'models');
  try {
    return readdirSync(models, { withFileTypes: true })
      .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
      .map((e) => join(models, e.name))
      .sort();
  } catch {
    return [];
  }
}

/**
 * SHA-256 over each rule file's path (relative to `dir`) and bytes. Reading the contents,
 * not sizes and times, keeps it right after `npm pack`/`install` reset the times.
 */
export function hashRuleFiles(dir: string, files: readonly string[] = [...listRuleFiles(dir), ...listModelFiles(dir)]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    const bytes = readFileSync(file);
    hash.update(`${snapshotName(dir, file)}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

export function snapshotName(dir: string, file: string): string {
  return relative(dir, file).split(sep).join('/');
}

export function ruleFileOf(dir: string, name: string, rule: Rule): RuleFile {
  const file = join(dir, ...name.split('/'));
  return { rule, file, fixture: file.replace(/\.ya?ml$/, '.py') };
}

let explained = false;

/**
 * The snapshot's rules when it was built from exactly the rule files in `dir`; otherwise
 * undefined (the caller validates the YAML), said once at debug level.
 */
export function readRuleSnapshot(dir = builtinRulesDir(), path = defaultSnapshotPath()): RuleFile[] | undefined {
  const snapshot = readSnapshot(dir, path);
  return snapshot?.rules.map((r) => ruleFileOf(dir, r.file, r.rule));
}

function readSnapshot(dir: string, path: string): RuleSnapshot | undefined {
  const why = (reason: string): undefined => {
    if (!explained) debug('built-in rule snapshot not used (%s): validating rules/ from YAML', reason);
    explained = true;
    return undefined;
  };
  let snapshot: RuleSnapshot;
  try {
    snapshot = JSON.parse(readFileSync(path, 'utf8')) as RuleSnapshot;
  } catch (error) {
    return why((error as NodeJS.ErrnoException).code === 'ENOENT' ? `${path} is missing` : `${path} is unreadable`);
  }
  if (snapshot.format !== RULE_SNAPSHOT_FORMAT || !Array.isArray(snapshot.rules) || !Array.isArray(snapshot.models)) {
    return why('it is of another format');
  }
  if (snapshot.hash !== hashRuleFiles(dir)) return why(`the rule files changed since it was built`);
  return snapshot;
}

let builtinModels: readonly Model[] | undefined;

/** The built-in models: from the snapshot, or validated from YAML. Read once per thread. */
export async function loadBuiltinModelsQuickly(): Promise<readonly Model[]> {
  if (builtinModels !== undefined) return builtinModels;
  const dir = builtinRulesDir();
  builtinModels ??= readSnapshot(dir, defaultSnapshotPath())?.models ?? (await import('./models/load-builtin-models.js')).loadBuiltinModels();
  return builtinModels;
}

/** What loadBuiltinRulesQuickly gave, so an engine pool can tell its threads to read the same themselves. */
let builtinRules: readonly Rule[] | undefined;

/**
 * The built-in rules: from the snapshot, or validated from YAML (which loads the validators).
 * Read once per thread; every call gives the same list.
 */
export async function loadBuiltinRulesQuickly(): Promise<readonly Rule[]> {
  if (builtinRules !== undefined) return builtinRules;
  const dir = builtinRulesDir();
  const fromSnapshot = readRuleSnapshot(dir);
  const files = fromSnapshot ?? (await import('./load-builtin-rules.js')).loadRuleFiles(dir);
  builtinRules ??= files.map((f) => f.rule);
  return builtinRules;
}

/** True for the very list loadBuiltinRulesQuickly gave (not merely equal rules). */
export function isBuiltinRuleList(rules: readonly Rule[]): boolean {
  return builtinRules !== undefined && rules === builtinRules;
}

/** The snapshot of validated rule files (see loadRuleFiles) read from `dir`. */
export function ruleSnapshotOf(dir: string, files: readonly RuleFile[], models: readonly Model[]): RuleSnapshot {
  return {
    format: RULE_SNAPSHOT_FORMAT,
    hash: hashRuleFiles(dir),
    rules: files.map((f) => ({ file: snapshotName(dir, f.file), rule: f.rule })),
    models,
  };
}
