/**
 * Compiles rules once per engine: call rules indexed by the callee's last name segment (the
 * engine finds only calls with those names, from the text), query rules with a prefilter run
 * on the statements where it matches, and any query rule without one folded into ONE query
 * over the whole tree.
 */
import { Query, type Language } from 'web-tree-sitter';
import type { PreparedAnalyzer } from './analyzer-api.js';
import { ANALYZERS, UNUSED_SUPPRESSION_ANALYZER } from './analyzers/index.js';
import type { ArgCondition, Rule } from './rule-schema.js';
import { patternRootTypes } from './query-roots.js';
import { prepareTaint } from './taint/index.js';

export interface CallCase {
  readonly where: readonly ArgCondition[];
  readonly severity?: Rule['severity'];
  readonly confidence?: Rule['confidence'];
  readonly message?: string;
  readonly skip?: boolean;
}

export interface CallMatcher {
  readonly rule: Rule;
  readonly callees: readonly RegExp[];
  readonly where: readonly ArgCondition[];
  readonly cases: readonly CallCase[];
}

export interface QueryMatcher {
  readonly rule: Rule;
  readonly report?: string;
  readonly resolves: ReadonlyArray<readonly [string, readonly RegExp[]]>;
  readonly excludes: ReadonlyArray<readonly [string, readonly RegExp[]]>;
}

export interface ImportMatcher {
  readonly rule: Rule;
  readonly modules: readonly string[];
  readonly except?: readonly string[];
}

/** A query rule with a prefilter: its own query, run only on the statements the prefilter matches. */
export interface PrefilteredQuery {
  readonly matcher: QueryMatcher;
  readonly prefilter: RegExp;
  /** The prefilter with the global flag, to find every hit. */
  readonly anchor: RegExp;
  readonly query: Query;
  /** The node types the query's patterns match at their top, when they can be named. */
  readonly roots?: ReadonlySet<string>;
}

export interface AnalyzerMatcher {
  readonly rule: Rule;
  readonly analyzer: PreparedAnalyzer;
}

export interface CompiledRules {
  readonly rules: readonly Rule[];
  readonly language: Language;
  /** The query rules without a prefilter, run over the whole tree; undefined when there are none. */
  readonly query?: Query;
  /** Pattern index of `query` → its matcher. */
  readonly queryMatchers: readonly QueryMatcher[];
  /** Last callee segment → matchers; prefix entries for `exec*`-style globs. */
  readonly callsByKey: ReadonlyMap<string, readonly CallMatcher[]>;
  readonly callsByPrefix: ReadonlyArray<readonly [string, readonly CallMatcher[]]>;
  readonly imports: readonly ImportMatcher[];
  readonly analyzers: readonly AnalyzerMatcher[];
  /** Last callee names whose calls are looked up (rules' and analyzers'), and prefixes of `exec*` globs. */
  readonly callKeys: ReadonlySet<string>;
  readonly callKeyPrefixes: readonly string[];
  readonly prefiltered: readonly PrefilteredQuery[];
  readonly unusedSuppressionRule?: Rule;
  /** Every code and id a suppression may name. */
  readonly knownCodes: ReadonlySet<string>;
  /** Rule id → ids of the rules it supersedes on the same code (only rules that are present). */
  readonly supersedes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Methods that rules name on a call's result (`tarfile.open().extractall`); see NameResolver. */
  readonly receiverMethods: ReadonlySet<string> | 'all';
}

/** `x().name` anywhere in a rule's match (callees, sinks, analyzer options). */
function receiverMethodsOf(rules: readonly Rule[]): ReadonlySet<string> | 'all' {
  const out = new Set<string>();
  for (const rule of rules) {
    for (const m of JSON.stringify(rule.match).matchAll(/\(\)\.([\w*]+)/g)) {
      if (m[1].includes('*')) return 'all';
      out.add(m[1]);
    }
  }
  return out;
}

export class RuleCompileError extends Error {
  constructor(
    readonly ruleId: string,
    message: string,
  ) {
    super(`rule ${ruleId}: ${message}`);
  }
}

export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

export function compileRules(rules: readonly Rule[], language: Language): CompiledRules {
  const seen = new Set<string>();
  const callsByKey = new Map<string, CallMatcher[]>();
  const callsByPrefix = new Map<string, CallMatcher[]>();
  const queryMatchers: QueryMatcher[] = [];
  const prefiltered: PrefilteredQuery[] = [];
  const queryTexts: string[] = [];
  const imports: ImportMatcher[] = [];
  const analyzers: AnalyzerMatcher[] = [];
  const knownCodes = new Set<string>();
  let unusedSuppressionRule: Rule | undefined;

  for (const rule of rules) {
    if (seen.has(rule.id)) throw new RuleCompileError(rule.id, 'duplicate rule id');
    seen.add(rule.id);
    knownCodes.add(rule.id);
    rule.bandit.forEach((c) => knownCodes.add(c));
    rule.ruff.forEach((c) => knownCodes.add(c));
    const m = rule.match;
    switch (m.kind) {
      case 'call': {
        const matcher: CallMatcher = {
          rule,
          callees: m.callees.map(globToRegExp),
          where: m.where,
          cases: m.cases ?? [],
        };
        for (const callee of m.callees) {
          const last = callee.slice(callee.lastIndexOf('.') + 1);
          const star = last.indexOf('*');
          const index = star < 0 ? callsByKey : callsByPrefix;
          const key = star < 0 ? last : last.slice(0, star);
          const list = index.get(key) ?? [];
          if (!list.includes(matcher)) list.push(matcher);
          index.set(key, list);
        }
        break;
      }
      case 'import':
        imports.push({ rule, modules: m.modules, except: m.except });
        break;
      case 'query': {
        let single: Query;
        try {
          single = new Query(language, m.query);
        } catch (err) {
          throw new RuleCompileError(rule.id, `invalid query: ${(err as Error).message}`);
        }
        const count = single.patternCount();
        if (m.report && !single.captureNames.includes(m.report)) {
          throw new RuleCompileError(rule.id, `report capture @${m.report} is not in the query`);
        }
        const matcher: QueryMatcher = {
          rule,
          report: m.report,
          resolves: Object.entries(m.resolves ?? {}).map(([cap, globs]) => [cap, globs.map(globToRegExp)] as const),
          excludes: Object.entries(m.excludes ?? {}).map(([cap, globs]) => [cap, globs.map(globToRegExp)] as const),
        };
        if (m.prefilter !== undefined) {
          let prefilter: RegExp;
          try {
            prefilter = new RegExp(m.prefilter);
          } catch (err) {
            throw new RuleCompileError(rule.id, `invalid prefilter: ${(err as Error).message}`);
          }
          const anchor = new RegExp(prefilter.source, `${prefilter.flags}g`);
          prefiltered.push({ matcher, prefilter, anchor, query: single, roots: patternRootTypes(m.query) });
          break;
        }
        single.delete();
        for (let i = 0; i < count; i++) queryMatchers.push(matcher);
        queryTexts.push(m.query);
        break;
      }
      case 'analyzer': {
        if (m.analyzer === UNUSED_SUPPRESSION_ANALYZER) {
          unusedSuppressionRule = rule;
          break;
        }
        const analyzer = ANALYZERS.get(m.analyzer);
        if (!analyzer) throw new RuleCompileError(rule.id, `unknown analyzer "${m.analyzer}"`);
        analyzers.push({ rule, analyzer: analyzer.prepare(language, m.options ?? {}) });
        break;
      }
      case 'taint':
        analyzers.push({ rule, analyzer: prepareTaint(m, language) });
        break;
    }
  }

  const query = queryTexts.length > 0 ? new Query(language, queryTexts.join('\n')) : undefined;
  if (query && query.patternCount() !== queryMatchers.length) throw new Error('query pattern count mismatch');

  const callKeys = new Set<string>([...callsByKey.keys(), '__init__']);
  const callKeyPrefixes = new Set<string>(callsByPrefix.keys());
  for (const { analyzer } of analyzers) {
    for (const key of analyzer.callKeys ?? []) {
      if (key.endsWith('*')) callKeyPrefixes.add(key.slice(0, -1));
      else callKeys.add(key);
    }
  }
  const supersedes = new Map<string, ReadonlySet<string>>();
  for (const rule of rules) {
    const beaten = (rule.supersedes ?? []).filter((id) => seen.has(id) && id !== rule.id);
    if (beaten.length > 0) supersedes.set(rule.id, new Set(beaten));
  }
  return {
    rules,
    language,
    query,
    supersedes,
    callKeys,
    callKeyPrefixes: [...callKeyPrefixes],
    queryMatchers,
    callsByKey,
    callsByPrefix: [...callsByPrefix.entries()],
    imports,
    analyzers,
    prefiltered,
    unusedSuppressionRule,
    knownCodes,
    receiverMethods: receiverMethodsOf(rules),
  };
}
