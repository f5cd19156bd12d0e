/**
 * Models into rules: a taint rule names source groups and sink categories; here they become
 * the rule's `sourceGroups`, concrete sinks and the sanitizers models name for those
 * categories. Done once when the engine is built, so the taint engine sees only concrete
 * rules, rules stay plain data for worker threads, and a repository's models (its own
 * wrapper around `requests` as an `outbound-url` sink) reach the built-in rules too.
 */
import type { Rule } from '../rule-schema.js';
import type { Model } from './model-schema.js';

type TaintMatch = Extract<Rule['match'], { kind: 'taint' }>;
type RuleSink = TaintMatch['sinks'][number];

export class ModelError extends Error {}

/**
 * Every taint rule with its groups and categories filled in from `models`; other rules as they
 * are. A rule naming a category no model declares throws a ModelError, unless `drop` says to
 * leave that rule out (a repository's rule: one bad rule must not stop the review; the
 * configuration reports it, see config/repository-models.ts `undeclaredCategories`).
 */
export function applyModels(rules: readonly Rule[], models: readonly Model[], drop: (rule: Rule) => boolean = () => false): Rule[] {
  const groups = models.flatMap((m) => m.sources);
  const sinks = models.flatMap((m) => m.sinks);
  const sanitizers = models.flatMap((m) => m.sanitizers);
  const declared = new Set(sinks.map((d) => d.category));
  const kept = rules.filter((r) => !(r.match.kind === 'taint' && r.match.sinks.some((s) => s.category !== undefined && !declared.has(s.category)) && drop(r)));
  return kept.map((rule) => {
    const m = rule.match;
    if (m.kind !== 'taint') return rule;
    const named = new Set(m.sources);
    const sourceGroups = [...(m.sourceGroups ?? []), ...groups.filter((g) => named.has(g.group))];
    const categories = new Set<string>();
    const expanded = m.sinks.flatMap((s, i): RuleSink[] => {
      if (s.category === undefined) return [s];
      categories.add(s.category);
      const matching = sinks.filter((d) => d.category === s.category);
      if (matching.length === 0) throw new ModelError(`rule ${rule.id}: match.sinks.${i}: no model declares the sink category "${s.category}"`);
      const own = s.callees.length > 0 ? [{ ...s, category: undefined }] : [];
      const argRef = s.position !== undefined || s.keyword !== undefined;
      return [
        ...own,
        ...matching.map((d) => ({
          ...s,
          category: undefined,
          callees: d.callees,
          position: argRef ? s.position : d.position,
          keyword: argRef ? s.keyword : d.keyword,
          receiver: s.receiver ?? d.receiver,
          argument: s.argument ?? d.argument,
          where: [...d.where, ...s.where],
        })),
      ];
    });
    const extraSanitizers = sanitizers.filter((z) => z.categories.some((c) => categories.has(c))).flatMap((z) => z.callees);
    return {
      ...rule,
      match: {
        ...m,
        sinks: expanded.map(withoutUndefined),
        sanitizers: [...new Set([...m.sanitizers, ...extraSanitizers])],
        ...(sourceGroups.length > 0 ? { sourceGroups } : {}),
      },
    };
  });
}

/** The sink categories models declare, for documentation and error messages. */
export function sinkCategories(models: readonly Model[]): string[] {
  return [...new Set(models.flatMap((m) => m.sinks.map((s) => s.category)))].sort();
}

/** Structured clone and worker messages keep `undefined` fields; a rule read from YAML has none. */
function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
