/**
 * One file's taint state, shared by every taint rule that scans it: calls indexed by their
 * callee's last name, and one analysis per scope and source set, made on first demand, so
 * six rules asking about the same function walk it once.
 */
import type { Node } from 'web-tree-sitter';
import type { AnalysisContext, CallSite } from '../analyzer-api.js';
import { enclosingFunction } from '../names.js';
import { TooComplex } from '../too-complex.js';
import { anchoredTreeOf, calleeChain } from '../text-anchors.js';
import { analyseScope, type ScopeAnalysis } from './analyse-scope.js';
import { routeParameterSources, type SourceSet } from './source-set.js';
import { setVar, sourceTaint, EMPTY_ENV, type Env, type Taint } from './taint-value.js';

export interface FileTaint {
  /** Calls whose callee's last name (after import aliases) is `key`. */
  callsNamed(key: string): readonly CallSite[];
  /** Calls whose callee's last name starts with `prefix` (for `os.exec*`). */
  callsStartingWith(prefix: string): readonly CallSite[];
  /** Qualified names of a call's callee (see FileState.calleeNamesOf). */
  calleeNamesOf(site: CallSite, receiverForms: boolean): readonly string[];
  /** Does the module itself bind this name (a def, class or assignment at top level)? */
  definesAtTopLevel(name: string): boolean;
  /** Can any source of this set occur in the file at all? */
  mayHaveSources(sources: SourceSet): boolean;
  /** The taint of an expression where it stands (an argument of a sink call). */
  taintOf(expr: Node, sources: SourceSet): Taint | undefined;
}

/** The analysis of a scope where no source can occur. */
const NOTHING_TAINTED: ScopeAnalysis = {
  envAt: () => undefined,
  statementOf: () => undefined,
  exit: EMPTY_ENV,
  expressions: undefined,
};

/** Per builtin name: a top-level `def name`, `class name` or `name = ...` in a module. */
const TOP_LEVEL_BINDING = new Map<string, RegExp>();

/** `environ as env`: an import gives a source another name. */
function renames(source: string, token: string): boolean {
  for (let i = source.indexOf(token); i >= 0; i = source.indexOf(token, i + token.length)) {
    if (/^\s+as\s/.test(source.slice(i + token.length, i + token.length + 8))) return true;
  }
  return false;
}

/** Keyed by the tree's root node: every rule scanning the file gets the same object. */
const files = new WeakMap<Node, FileState>();

export function fileTaint(ctx: AnalysisContext): FileTaint {
  let state = files.get(ctx.root);
  if (!state || state.source !== ctx.source) {
    state = new FileState(ctx);
    files.set(ctx.root, state);
  }
  return state;
}

class FileState implements FileTaint {
  readonly source: string;
  private byKey: Map<string, CallSite[]> | undefined;
  /** Callee name chains read from the source text, for calls shaped `a.b.c(...)`. */
  private readonly chains = new Map<CallSite, string[]>();
  private readonly tokenCache = new Map<string, boolean>();
  private readonly renamedSources = new Map<string, boolean>();
  private readonly analyses = new Map<string, Map<number, ScopeAnalysis>>();
  /** Scopes (by source set) that met a nesting bound, so later rules fail fast. */
  private readonly failures = new Map<string, TooComplex>();

  constructor(private readonly ctx: AnalysisContext) {
    this.source = ctx.source;
  }

  callsNamed(key: string): readonly CallSite[] {
    return this.index().get(key) ?? [];
  }

  callsStartingWith(prefix: string): readonly CallSite[] {
    const out: CallSite[] = [];
    for (const [key, calls] of this.index()) if (key.startsWith(prefix)) out.push(...calls);
    return out.sort((a, b) => a.node.startIndex - b.node.startIndex);
  }

  definesAtTopLevel(name: string): boolean {
    let re = TOP_LEVEL_BINDING.get(name);
    if (!re) {
      re = new RegExp(`^(?:(?:async\\s+)?def|class)\\s+${name}\\b|^${name}\\s*(?::[^=\\n]*)?=[^=]`, 'm');
      TOP_LEVEL_BINDING.set(name, re);
    }
    return this.source.includes(name) && re.test(this.source);
  }

  mayHaveSources(sources: SourceSet): boolean {
    let yes = this.tokenCache.get(sources.key);
    if (yes === undefined) {
      yes = sources.tokens.some((t) => this.source.includes(t)) || sources.patterns.some((re) => re.test(this.source));
      this.tokenCache.set(sources.key, yes);
    }
    return yes;
  }

  taintOf(expr: Node, sources: SourceSet): Taint | undefined {
    const scope = enclosingFunction(expr) ?? this.ctx.root;
    const analysis = this.analysis(scope, sources);
    const statement = analysis.statementOf(expr);
    const ev = analysis.expressions;
    if (!statement || !ev) return undefined;
    const env = analysis.envAt(statement);
    if (!env) return undefined;
    return ev.of(expr, env, ev.bindingsAt(expr, statement, env));
  }

  /**
   * Does the scope's text name a source? An import that renames a source
   * (`from os import environ as env`) hides it from the text, so then every scope may.
   */
  private mentionsSource(scope: Node, sources: SourceSet): boolean {
    if (this.renamed(sources)) return true;
    if (scope.id === this.ctx.root.id) return this.moduleMentions(sources);
    if (scope.type !== 'function_definition') return this.blockMentions(scope, sources);
    return this.textMentions(scope, sources);
  }

  /**
   * blockMentions for the module, from the text: each hit of a token is placed in its
   * top-level statement (a binary search) instead of asking every statement for its extent.
   */
  private moduleMentions(sources: SourceSet): boolean {
    const tree = anchoredTreeOf(this.ctx.root, this.source);
    const classes = new Set<Node>();
    for (const token of sources.tokens) {
      for (let i = this.source.indexOf(token); i >= 0; i = this.source.indexOf(token, i + token.length)) {
        const top = tree.topLevelAt(i);
        if (!top) continue;
        const def = top.type === 'decorated_definition' ? top.childForFieldName('definition') : top;
        if (def?.type === 'function_definition') continue;
        if (def?.type === 'class_definition') classes.add(def);
        else return true;
      }
    }
    for (const def of classes) {
      const body = def.childForFieldName('body');
      if (body && this.blockMentions(body, sources)) return true;
    }
    return false;
  }

  private textMentions(node: Node, sources: SourceSet): boolean {
    const text = this.source.slice(node.startIndex, node.endIndex);
    return sources.tokens.some((t) => text.includes(t));
  }

  /**
   * The module's own statements (and class bodies), leaving out functions, which are scopes
   * of their own. Class bodies go on a stack: classes can nest deep.
   */
  private blockMentions(block: Node, sources: SourceSet): boolean {
    const blocks: Node[] = [block];
    while (blocks.length > 0) {
      for (const stmt of (blocks.pop() as Node).namedChildren) {
        if (!stmt) continue;
        const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
        if (def?.type === 'function_definition') continue;
        if (def?.type === 'class_definition') {
          const body = def.childForFieldName('body');
          if (body) blocks.push(body);
          continue;
        }
        if (this.textMentions(stmt, sources)) return true;
      }
    }
    return false;
  }

  private renamed(sources: SourceSet): boolean {
    let renamed = this.renamedSources.get(sources.key);
    if (renamed === undefined) {
      renamed = sources.tokens.some((t) => renames(this.source, t));
      this.renamedSources.set(sources.key, renamed);
    }
    return renamed;
  }

  /**
   * The analysis of a scope, after those of the functions around it (whose exits it inherits),
   * outermost first in a loop: functions can nest deep. A scope too complex to walk fails the
   * same way for every rule that asks, without a second walk.
   */
  private analysis(scope: Node, sources: SourceSet): ScopeAnalysis {
    let perScope = this.analyses.get(sources.key);
    if (!perScope) {
      perScope = new Map();
      this.analyses.set(sources.key, perScope);
    }
    const cached = perScope.get(scope.id);
    if (cached) return cached;
    const pending: Node[] = [];
    for (let s: Node | null = scope; s && !perScope.has(s.id); s = s.type === 'function_definition' ? (enclosingFunction(s) ?? this.ctx.root) : null) {
      pending.push(s);
    }
    let a: ScopeAnalysis | undefined;
    for (let i = pending.length - 1; i >= 0; i--) a = this.analyseOne(pending[i], sources, perScope);
    return a ?? (perScope.get(scope.id) as ScopeAnalysis);
  }

  private analyseOne(scope: Node, sources: SourceSet, perScope: Map<number, ScopeAnalysis>): ScopeAnalysis {
    const failed = this.failures.get(`${sources.key}:${scope.id}`);
    if (failed) throw failed;
    try {
      const a = this.walkScope(scope, sources, perScope);
      perScope.set(scope.id, a);
      return a;
    } catch (err) {
      if (err instanceof TooComplex) this.failures.set(`${sources.key}:${scope.id}`, err);
      throw err;
    }
  }

  private walkScope(scope: Node, sources: SourceSet, perScope: Map<number, ScopeAnalysis>): ScopeAnalysis {
    let a: ScopeAnalysis;
    const isFunction = scope.type === 'function_definition';
    const parameters = isFunction ? this.ctx.names.parameters(scope) : new Set<string>();
    let initial: Env = EMPTY_ENV;
    if (isFunction) {
      // Closures and module globals: what the enclosing scope leaves, minus shadowing parameters.
      const outer = (perScope.get((enclosingFunction(scope) ?? this.ctx.root).id) ?? NOTHING_TAINTED).exit;
      if (!outer.hasDottedPaths) {
        // Shared, not copied: a module with thousands of tainted globals and many functions stays linear.
        initial = outer;
        for (const p of parameters) initial = setVar(initial, p, undefined);
      } else {
        for (const [name, t] of outer.entries()) {
          if (t && !name.includes('.') && !parameters.has(name)) initial = setVar(initial, name, t);
        }
      }
      for (const [name, origin] of routeParameterSources(sources, scope)) initial = setVar(initial, name, sourceTaint(origin));
    }
    // Nothing can be tainted in a scope that inherits nothing and names no source.
    a =
      initial.isEmpty && !this.mentionsSource(scope, sources)
        ? NOTHING_TAINTED
        : analyseScope(scope, { names: this.ctx.names, parameters, sources, source: this.source, renamedSources: this.renamed(sources) }, initial);
    return a;
  }

  /**
   * Every qualified name a call's callee stands for. A plain dotted callee (`a.b.c(`) is
   * qualified from its text; other shapes, classes and `x.m()` where x was bound from a
   * call (when `receiverForms` is wanted) go through the resolver.
   */
  calleeNamesOf(site: CallSite, receiverForms: boolean): readonly string[] {
    const chain = this.chains.get(site);
    if (!chain || chain[0] === 'super') return site.names();
    const first = chain[0];
    const target = this.ctx.names.importedAs(first);
    if (chain.length === 1 && target === undefined && this.ctx.names.isClass(first)) return site.names();
    if (receiverForms && chain.length === 2 && target === undefined) return site.names();
    const head = target ?? first;
    return [chain.length === 1 ? head : `${head}.${chain.slice(1).join('.')}`];
  }

  private index(): Map<string, CallSite[]> {
    if (this.byKey) return this.byKey;
    const map = new Map<string, CallSite[]>();
    const names = this.ctx.names;
    for (const site of this.ctx.calls) {
      const chain = calleeChain(this.source, site.node.startIndex, site.keyEnd);
      let keys: string[];
      if (chain) {
        this.chains.set(site, chain);
        const last = chain[chain.length - 1];
        if (chain.length > 1) keys = last === '__init__' ? [last, ...site.names().map(lastSegment)] : [last];
        else if (names.isClass(last)) keys = site.names().map(lastSegment);
        else keys = [lastSegment(names.importedAs(last) ?? last)];
      } else {
        keys = calleeKeys(site, names);
      }
      for (const key of keys) {
        const list = map.get(key);
        if (list) list.push(site);
        else map.set(key, [site]);
      }
    }
    this.byKey = map;
    return map;
  }
}

/** The last name of what a call calls, through import aliases and subclassing. */
function calleeKeys(site: CallSite, names: AnalysisContext['names']): string[] {
  const fn = site.node.childForFieldName('function');
  if (!fn) return [];
  if (fn.type === 'identifier') {
    const key = fn.text;
    if (names.isClass(key)) return site.names().map(lastSegment);
    const target = names.importedAs(key);
    return [target ? lastSegment(target) : key];
  }
  if (fn.type === 'attribute') {
    const key = fn.childForFieldName('attribute')?.text;
    if (!key) return [];
    return key === '__init__' ? [key, ...site.names().map(lastSegment)] : [key];
  }
  return [];
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}
