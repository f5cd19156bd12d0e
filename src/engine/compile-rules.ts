/**
 * Compiles rules once per engine: call rules indexed by the callee's last name segment (the
 * engine finds only calls with those names, from the text), query rules with a prefilter run
 * on the statements where it matches, and any query rule without one folded into ONE query
 * over the whole tree.
 */
import { Query, type Language } from 'web-tree-sitter';
import { compileGlob, GlobError, type Glob } from '../glob/compile-glob.js';
import type { PreparedAnalyzer } from './analyzer-api.js';
import { ANALYZERS, UNUSED_SUPPRESSION_ANALYZER } from './analyzers/index.js';
import type { Condition } from './arguments.js';
import { linearPattern, nativePattern, PatternError, type Pattern, type PatternCompiler } from './pattern.js';
import { regexPredicateChecks, rewriteRegexPredicates, type MatchCheck } from './query-regex-predicates.js';
import type { ArgCondition, InTests, Rule } from './rule-schema.js';
import { patternRootTypes } from './query-roots.js';
import { prepareTaint } from './taint/index.js';

export interface CallCase {
  readonly where: readonly Condition[];
  readonly severity?: Rule['severity'];
  readonly confidence?: Rule['confidence'];
  readonly message?: string;
  readonly category?: Rule['category'];
  readonly skip?: boolean;
}

export interface CallMatcher {
  readonly rule: Rule;
  readonly callees: readonly Glob[];
  readonly where: readonly Condition[];
  readonly cases: readonly CallCase[];
}

export interface QueryMatcher {
  readonly rule: Rule;
  readonly report?: string;
  readonly resolves: ReadonlyArray<readonly [string, readonly Glob[]]>;
  readonly excludes: ReadonlyArray<readonly [string, readonly Glob[]]>;
  /** The `#match?`-style predicates of a repository's query, checked on RE2 (see query-regex-predicates.ts). */
  readonly accepts?: MatchCheck;
}

export interface ImportMatcher {
  readonly rule: Rule;
  readonly modules: readonly string[];
  readonly except?: readonly string[];
  readonly exceptGrade?: { readonly severity?: Rule['severity']; readonly category?: Rule['category']; readonly message?: string };
}

/** A query rule with a prefilter: its own query, run only on the statements the prefilter matches. */
export interface PrefilteredQuery {
  readonly matcher: QueryMatcher;
  /** Native for built-in rules, RE2 for a repository's; its hits anchor the query. */
  readonly prefilter: Pattern;
  /** A built-in rule's is compiled on the first file its prefilter finds something in (see lazyQuery). */
  readonly query: Pick<Query, 'matches'>;
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
  /** Rule id → its compiled `autofix.find`. */
  readonly autofixes: ReadonlyMap<string, Pattern>;
  readonly unusedSuppressionRule?: Rule;
  /** Every code and id a suppression may name. */
  readonly knownCodes: ReadonlySet<string>;
  /** Rule id → ids of the rules it supersedes on the same code (only rules that are present). */
  readonly supersedes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Methods that rules name on a call's result (`tarfile.open().extractall`); see NameResolver. */
  readonly receiverMethods: ReadonlySet<string> | 'all';
  /** Rule id → how it judges test code, for the rules that do not judge it the same. */
  readonly inTests: ReadonlyMap<string, Exclude<InTests, 'same'>>;
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

/** A rule's pattern compiled, or a RuleCompileError that names the field and the reason. */
function compileField<T>(rule: Rule, field: string, compile: () => T): T {
  try {
    return compile();
  } catch (err) {
    if (err instanceof PatternError || err instanceof GlobError) throw new RuleCompileError(rule.id, `\`${field}\` is refused: ${err.message}`);
    throw err;
  }
}

export interface CompileOptions {
  /**
   * Compile every query now, as the build does to check the built-in rules. Otherwise a
   * built-in rule's prefiltered query waits for the first file its prefilter finds something
   * in: most files need few of them, and compiling them all is most of an engine's start.
   */
  readonly eagerQueries?: boolean;
}

/**
 * `untrusted`: ids of rules that came from a repository. Their regexes (`matches`,
 * `prefilter`, `#match?` predicates, `safePrefix`, `autofix.find`) run on RE2, in linear
 * time; hunkwise's own rules keep V8's RegExp, which scans whole files many times faster.
 */
export function compileRules(
  rules: readonly Rule[],
  language: Language,
  untrusted: ReadonlySet<string> = new Set(),
  options: CompileOptions = {},
): CompiledRules {
  const seen = new Set<string>();
  const callsByKey = new Map<string, CallMatcher[]>();
  const callsByPrefix = new Map<string, CallMatcher[]>();
  const queryMatchers: QueryMatcher[] = [];
  const prefiltered: PrefilteredQuery[] = [];
  const queryTexts: string[] = [];
  const imports: ImportMatcher[] = [];
  const analyzers: AnalyzerMatcher[] = [];
  const knownCodes = new Set<string>();
  const autofixes = new Map<string, Pattern>();
  /** Regex predicates renamed in the queries folded into the one whole-tree query. */
  let foldedRegexPredicates = 0;
  let unusedSuppressionRule: Rule | undefined;

  for (const rule of rules) {
    if (seen.has(rule.id)) throw new RuleCompileError(rule.id, 'duplicate rule id');
    seen.add(rule.id);
    knownCodes.add(rule.id);
    rule.bandit.forEach((c) => knownCodes.add(c));
    rule.ruff.forEach((c) => knownCodes.add(c));
    const isUntrusted = untrusted.has(rule.id);
    const makePattern: PatternCompiler = isUntrusted ? linearPattern : nativePattern;
    const pattern = (field: string, source: string): Pattern => compileField(rule, field, () => makePattern(source));
    const glob = (field: string, source: string): Glob => compileField(rule, field, () => compileGlob(source, 'name'));
    const namesOf = (field: string, entries: Readonly<Record<string, readonly string[]>> | undefined) =>
      Object.entries(entries ?? {}).map(([cap, globs]) => [cap, globs.map((g, i) => glob(`${field}.${cap}.${i}`, g))] as const);
    const conditions = (field: string, conds: readonly ArgCondition[]): Condition[] =>
      conds.map((c, i) => ({
        ...c,
        ...(c.matches === undefined ? {} : { matchesPattern: pattern(`${field}.${i}.matches`, c.matches) }),
        ...(c.prefixMatches === undefined ? {} : { prefixPattern: pattern(`${field}.${i}.prefixMatches`, c.prefixMatches) }),
      }));
    if (rule.autofix) autofixes.set(rule.id, pattern('autofix.find', rule.autofix.find));
    const m = rule.match;
    switch (m.kind) {
      case 'call': {
        const matcher: CallMatcher = {
          rule,
          callees: m.callees.map((c, i) => glob(`match.callees.${i}`, c)),
          where: conditions('match.where', m.where),
          cases: (m.cases ?? []).map((k, j) => ({ ...k, where: conditions(`match.cases.${j}.where`, k.where) })),
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
        imports.push({ rule, modules: m.modules, except: m.except, exceptGrade: m.exceptGrade });
        break;
      case 'query': {
        if (m.prefilter !== undefined && !isUntrusted && options.eagerQueries !== true) {
          prefiltered.push({
            matcher: { rule, report: m.report, resolves: namesOf('match.resolves', m.resolves), excludes: namesOf('match.excludes', m.excludes) },
            prefilter: pattern('match.prefilter', m.prefilter),
            query: lazyQuery(language, m.query, rule.id),
            roots: patternRootTypes(m.query),
          });
          break;
        }
        // A repository's `#match?` predicates are renamed so tree-sitter leaves them to RE2.
        const rewritten = isUntrusted ? rewriteRegexPredicates(m.query) : undefined;
        const text = rewritten?.text ?? m.query;
        let single: Query;
        try {
          single = new Query(language, text);
        } catch (err) {
          throw new RuleCompileError(rule.id, `invalid query: ${(err as Error).message}`);
        }
        const count = single.patternCount();
        if (m.report && !single.captureNames.includes(m.report)) {
          single.delete();
          throw new RuleCompileError(rule.id, `report capture @${m.report} is not in the query`);
        }
        let checks: (MatchCheck | undefined)[] = [];
        if (rewritten) {
          try {
            checks = regexPredicateChecks(single, makePattern, rewritten.renamed);
          } catch (err) {
            single.delete();
            throw new RuleCompileError(rule.id, `\`match.query\` is refused: ${(err as Error).message}`);
          }
        }
        const matcher: QueryMatcher = {
          rule,
          report: m.report,
          resolves: namesOf('match.resolves', m.resolves),
          excludes: namesOf('match.excludes', m.excludes),
        };
        if (m.prefilter !== undefined) {
          const prefilter = pattern('match.prefilter', m.prefilter);
          const accepts = checks.some((c) => c !== undefined) ? acceptsBy(checks) : undefined;
          prefiltered.push({ matcher: { ...matcher, accepts }, prefilter, query: single, roots: patternRootTypes(m.query) });
          break;
        }
        single.delete();
        for (let i = 0; i < count; i++) queryMatchers.push(matcher);
        queryTexts.push(text);
        foldedRegexPredicates += rewritten?.renamed ?? 0;
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
      case 'taint': {
        const sinks = m.sinks.map((s, i) => ({ ...s, where: conditions(`match.sinks.${i}.where`, s.where) }));
        m.sinks.forEach((s, i) => {
          if (s.safePrefix !== undefined) pattern(`match.sinks.${i}.safePrefix`, s.safePrefix);
          s.callees.forEach((c, j) => glob(`match.sinks.${i}.callees.${j}`, c));
        });
        m.sanitizers.forEach((c, j) => glob(`match.sanitizers.${j}`, c));
        analyzers.push({ rule, analyzer: prepareTaint({ ...m, sinks }, language, makePattern) });
        break;
      }
    }
  }

  const query = queryTexts.length > 0 ? new Query(language, queryTexts.join('\n')) : undefined;
  if (query && query.patternCount() !== queryMatchers.length) throw new Error('query pattern count mismatch');
  if (query && foldedRegexPredicates > 0) {
    // Each rule's predicates compiled above; here they are read again by their index in the whole query.
    const checks = regexPredicateChecks(query, linearPattern, foldedRegexPredicates);
    checks.forEach((check, i) => {
      if (check !== undefined) queryMatchers[i] = { ...queryMatchers[i], accepts: acceptsBy(checks) };
    });
  }

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
    autofixes,
    unusedSuppressionRule,
    knownCodes,
    receiverMethods: receiverMethodsOf(rules),
    inTests: new Map(rules.flatMap((r) => (r.inTests === undefined || r.inTests === 'same' ? [] : [[r.id, r.inTests] as const]))),
  };
}

/**
 * A built-in rule's query, compiled when first run. The build compiles every built-in rule
 * eagerly (scripts/build-rule-snapshot.ts), so a broken one never ships; should it fail here
 * anyway, the error names the rule and the engine reports it as that rule's error for the file.
 */
function lazyQuery(language: Language, text: string, ruleId: string): Pick<Query, 'matches'> {
  let query: Query | undefined;
  return {
    matches: (...args) => {
      if (query === undefined) {
        try {
          query = new Query(language, text);
        } catch (err) {
          throw new RuleCompileError(ruleId, `invalid query: ${(err as Error).message}`);
        }
      }
      return query.matches(...args);
    },
  };
}

/** A match passes when the checks of its pattern (by index in the query it came from) hold. */
function acceptsBy(checks: readonly (MatchCheck | undefined)[]): MatchCheck {
  return (m) => checks[m.patternIndex]?.(m) ?? true;
}
