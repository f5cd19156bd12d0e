import type { Rule } from '../engine/rule-schema.js';
import type { Finding, Severity } from '../engine/types.js';
import type { HunkwiseConfig } from './config-schema.js';
import { matchesAnyGlob } from './glob.js';

/** What identifies a rule to a selector: its id and its Bandit/Ruff codes. */
interface RuleCodes {
  readonly ruleId: string;
  readonly bandit: readonly string[];
  readonly ruff: readonly string[];
}

/** A selector is a rule id, a Bandit code (B602) or a Ruff code (S602); codes ignore case. */
export function selectorMatches(selector: string, codes: RuleCodes): boolean {
  const s = selector.trim();
  if (s === codes.ruleId) return true;
  const upper = s.toUpperCase();
  return codes.bandit.includes(upper) || codes.ruff.includes(upper);
}

function anyMatches(selectors: readonly string[], codes: RuleCodes): boolean {
  return selectors.some((s) => selectorMatches(s, codes));
}

function severityFor(map: Readonly<Record<string, Severity>>, codes: RuleCodes): Severity | undefined {
  for (const [selector, severity] of Object.entries(map)) {
    if (selectorMatches(selector, codes)) return severity;
  }
  return undefined;
}

export interface RulePolicy {
  /** The finding as configured (maybe re-graded), or null when its rule is off for its path. */
  apply(finding: Finding): Finding | null;
  /** Selectors that name no known rule: likely typos, reported in the summary. */
  readonly warnings: readonly string[];
}

function ruleCodes(rule: Rule): RuleCodes {
  return { ruleId: rule.id, bandit: rule.bandit, ruff: rule.ruff };
}

/**
 * The rule part of the configuration as one decision per finding.
 * Order: a per-path override wins over the global settings; `enable` wins
 * over `disable` (so a repository can take back a rule an `_extends` base disabled).
 */
export function createRulePolicy(config: HunkwiseConfig, rules: readonly Rule[]): RulePolicy {
  const known = rules.map(ruleCodes);
  const warnings: string[] = [];
  const check = (where: string, selectors: readonly string[]): void => {
    for (const s of selectors) {
      if (!known.some((codes) => selectorMatches(s, codes))) {
        warnings.push(`\`${s}\` in ${where} matches no rule.`);
      }
    }
  };
  check('rules.enable', config.rules.enable);
  check('rules.disable', config.rules.disable);
  check('rules.severity', Object.keys(config.rules.severity));
  config.overrides.forEach((o, i) => {
    check(`overrides[${i}].disable`, o.disable);
    check(`overrides[${i}].severity`, Object.keys(o.severity));
  });

  return {
    warnings,
    apply(finding: Finding): Finding | null {
      const overrides = config.overrides.filter((o) => matchesAnyGlob(finding.path, o.paths));
      if (overrides.some((o) => anyMatches(o.disable, finding))) return null;
      if (anyMatches(config.rules.disable, finding) && !anyMatches(config.rules.enable, finding)) return null;
      let severity: Severity | undefined;
      for (const o of overrides) severity ??= severityFor(o.severity, finding);
      severity ??= severityFor(config.rules.severity, finding);
      return severity === undefined || severity === finding.severity ? finding : { ...finding, severity };
    },
  };
}
