import { untrustedRuleProblem } from '../engine/regex-safety.js';
import type { Rule } from '../engine/rule-schema.js';
import { CUSTOM_RULES_DIR } from './config-schema.js';

/** The engine's rule-file parser (engine/index.ts `parseRuleFile`), passed in to keep this module pure. */
export type ParseRuleFile = (text: string, fileName: string) => { rule?: Rule; error?: string };

export interface RuleFile {
  readonly name: string;
  readonly text: string;
  /** Why the file was not read (too large, binary). */
  readonly unread?: string;
}

/** A repository with more rules than this is misconfigured or hostile; each rule costs scan time. */
export const MAX_REPOSITORY_RULES = 100;

export interface RepositoryRules {
  readonly rules: readonly Rule[];
  /** One sentence per refused file, for the check summary. */
  readonly errors: readonly string[];
}

/**
 * Turns `.github/hunkwise/rules/*.yml` into rules. Only declarative kinds are
 * accepted: an `analyzer` rule names code in this app, which a repository
 * must not be able to choose. A rule id that shadows a built-in is refused too,
 * so a repository cannot silently replace a built-in rule with a weaker one.
 * Every regex of a repository's rule runs on RE2, in linear time (a running
 * JavaScript regex cannot be interrupted, so one that backtracks would stall the
 * worker for every repository it serves); a rule with a regex RE2 cannot run
 * (lookaround, backreferences) or one over the size bounds is refused, naming the
 * field and the reason. The parser checks this; it is checked again here, so an
 * injected parser cannot skip it.
 */
export function compileRepositoryRules(
  files: readonly RuleFile[],
  parseRuleFile: ParseRuleFile,
  builtinIds: ReadonlySet<string>,
): RepositoryRules {
  const rules: Rule[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (!/\.ya?ml$/i.test(file.name)) continue;
    const where = `${CUSTOM_RULES_DIR}/${file.name}`;
    if (rules.length >= MAX_REPOSITORY_RULES) {
      errors.push(`${where}: ignored, a repository may define at most ${MAX_REPOSITORY_RULES} rules.`);
      continue;
    }
    if (file.unread !== undefined) {
      errors.push(`${where}: not loaded, ${file.unread}.`);
      continue;
    }
    const { rule, error } = parseRuleFile(file.text, where);
    const hazard = rule === undefined ? undefined : untrustedRuleProblem(rule);
    if (rule === undefined) {
      errors.push(error ?? `${where}: not a valid rule.`);
    } else if (rule.match.kind === 'analyzer') {
      errors.push(`${where}: rules of kind \`analyzer\` are built in only; a repository may use call, import, query or taint.`);
    } else if (hazard !== undefined) {
      errors.push(`${where}: rule \`${rule.id}\` skipped: \`${hazard.field}\` is refused because ${hazard.reason}.`);
    } else if (builtinIds.has(rule.id)) {
      errors.push(`${where}: id \`${rule.id}\` is taken by a built-in rule.`);
    } else if (seen.has(rule.id)) {
      errors.push(`${where}: id \`${rule.id}\` is defined twice.`);
    } else {
      seen.add(rule.id);
      rules.push(rule);
    }
  }
  return { rules, errors };
}

