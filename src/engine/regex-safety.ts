/**
 * Where a rule's patterns are, and whether a repository's rule may carry them.
 *
 * A repository's regexes all run on RE2 (see pattern.ts), in time linear in the text, so
 * no pattern can stall a worker; what RE2 cannot run (lookaround, backreferences) or what
 * exceeds the size bounds is refused here, with the field it sits in. Name globs run on the
 * glob matcher (src/glob), also without backtracking; only their length is bounded.
 */
import { globProblem } from '../glob/compile-glob.js';
import { linearPatternProblem, MAX_PATTERN_LENGTH } from './pattern.js';
import { rewriteRegexPredicates, type QueryRegex } from './query-regex-predicates.js';
import type { Rule } from './rule-schema.js';

export { MAX_PATTERN_LENGTH as MAX_REGEX_SOURCE_LENGTH };

/** The regexes of `#match?`-style predicates in a tree-sitter query, unescaped as tree-sitter reads them. */
export function queryRegexes(query: string): QueryRegex[] {
  return [...rewriteRegexPredicates(query).regexes];
}

export interface RulePattern {
  /** Where in the rule, e.g. `match.where.0.matches` or `match.query (#match? @name)`. */
  readonly field: string;
  readonly source: string;
}

type Condition = { readonly matches?: string; readonly prefixMatches?: string };

function conditionRegexes(conditions: readonly Condition[], prefix: string): RulePattern[] {
  return conditions.flatMap((c, i) => [
    ...(c.matches === undefined ? [] : [{ field: `${prefix}.${i}.matches`, source: c.matches }]),
    ...(c.prefixMatches === undefined ? [] : [{ field: `${prefix}.${i}.prefixMatches`, source: c.prefixMatches }]),
  ]);
}

/** Every regular expression a rule carries, with the field it sits in. */
export function ruleRegexes(rule: Rule): RulePattern[] {
  const out: RulePattern[] = [];
  if (rule.autofix !== undefined) out.push({ field: 'autofix.find', source: rule.autofix.find });
  const m = rule.match;
  if (m.kind === 'call') {
    out.push(...conditionRegexes(m.where, 'match.where'));
    m.cases?.forEach((k, j) => out.push(...conditionRegexes(k.where, `match.cases.${j}.where`)));
  } else if (m.kind === 'query') {
    if (m.prefilter !== undefined) out.push({ field: 'match.prefilter', source: m.prefilter });
    for (const r of queryRegexes(m.query)) out.push({ field: `match.query (${r.predicate})`, source: r.source });
  } else if (m.kind === 'taint') {
    m.sinks.forEach((s, i) => {
      out.push(...conditionRegexes(s.where, `match.sinks.${i}.where`));
      if (s.safePrefix !== undefined) out.push({ field: `match.sinks.${i}.safePrefix`, source: s.safePrefix });
    });
  }
  return out;
}

/** Every name glob a rule carries. */
export function ruleGlobs(rule: Rule): RulePattern[] {
  const m = rule.match;
  const list = (globs: readonly string[], field: string): RulePattern[] => globs.map((g, i) => ({ field: `${field}.${i}`, source: g }));
  if (m.kind === 'call') return list(m.callees, 'match.callees');
  if (m.kind === 'query') {
    return [
      ...Object.entries(m.resolves ?? {}).flatMap(([cap, globs]) => list(globs, `match.resolves.${cap}`)),
      ...Object.entries(m.excludes ?? {}).flatMap(([cap, globs]) => list(globs, `match.excludes.${cap}`)),
    ];
  }
  if (m.kind === 'taint') {
    return [...m.sinks.flatMap((s, i) => list(s.callees, `match.sinks.${i}.callees`)), ...list(m.sanitizers, 'match.sanitizers')];
  }
  return [];
}

export interface PatternProblem {
  readonly field: string;
  readonly reason: string;
}

/** The first regex or glob of a repository's rule that the linear-time engines refuse. */
export function untrustedRuleProblem(rule: Rule): PatternProblem | undefined {
  for (const { field, source } of ruleRegexes(rule)) {
    const reason = linearPatternProblem(source);
    if (reason !== undefined) return { field, reason };
  }
  for (const { field, source } of ruleGlobs(rule)) {
    const reason = globProblem(source, 'name');
    if (reason !== undefined) return { field, reason };
  }
  return undefined;
}
