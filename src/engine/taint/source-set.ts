/**
 * Where untrusted data enters a function. A rule names source groups, which models
 * (rules/models/*.yml) describe as data and the engine copies into the rule's `sourceGroups`,
 * or qualified names of its own (`mylib.get_param`: an attribute read or a call returning data).
 *
 * A group says: qualified attributes and calls that are data (`flask.request.args`,
 * `os.getenv`), request objects and what on them is data (`request.GET` on a `request`
 * parameter, `self.get_argument()` in a Tornado handler), and route handlers whose own
 * parameters are data (`@app.route`, `@app.get`, a Tornado handler's `get(self, slug)`).
 */
import type { Node } from 'web-tree-sitter';
import type { SourceGroup } from '../models/source-group-schema.js';
import type { NameResolver } from '../names.js';
import type { Origin } from './taint-value.js';

interface RequestObjectMatcher {
  readonly group: string;
  readonly parameters: ReadonlySet<string>;
  readonly annotations: ReadonlySet<string>;
  readonly selfAttributes: ReadonlySet<string>;
  readonly selfBases: ReadonlySet<string>;
  readonly imports: readonly string[];
  readonly attributes: ReadonlySet<string>;
  readonly calls: ReadonlySet<string>;
}

interface RouteMatcher {
  readonly group: string;
  readonly decorators: ReadonlySet<string>;
  readonly methods: ReadonlySet<string>;
  readonly handlerBases: ReadonlySet<string>;
  readonly scalarConverter?: RegExp;
  readonly notDataTypes: ReadonlySet<string>;
  readonly scalarTypes: ReadonlySet<string>;
  readonly dependencyMarkers: ReadonlySet<string>;
  readonly returnsHtml: boolean;
  readonly firstParameters: ReadonlySet<string>;
  /** A top-level import of one of the modules the route needs (empty: any file). */
  readonly imports?: RegExp;
  readonly notDataNames: ReadonlySet<string>;
}

export interface SourceSet {
  /** Identity for sharing one analysis between rules with the same sources. */
  readonly key: string;
  readonly groups: ReadonlySet<string>;
  /** Attribute (or imported name) last segments worth a closer look. */
  readonly attributeKeys: ReadonlySet<string>;
  /** Callee last segments worth a closer look. */
  readonly callKeys: ReadonlySet<string>;
  /** Substrings one of which any scope with a source contains. */
  readonly tokens: readonly string[];
  /** Patterns one of which a file with a source that no token shows (route decorators) matches. */
  readonly patterns: readonly RegExp[];
  /** Qualified attribute or name → group. */
  readonly qualifiedAttributes: ReadonlyMap<string, string>;
  /** Qualified callee → group. */
  readonly qualifiedCalls: ReadonlyMap<string, string>;
  readonly requestObjects: readonly RequestObjectMatcher[];
  readonly routes: readonly RouteMatcher[];
}

/** A Python identifier, safe to put in a regex unescaped. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `groups`: the definitions of the named groups (from models); a name none defines is a qualified name. */
export function compileSourceSet(names: readonly string[], groups: readonly SourceGroup[] = []): SourceSet {
  const groupNames = new Set<string>();
  const attributeKeys = new Set<string>();
  const callKeys = new Set<string>();
  const tokens = new Set<string>();
  const patterns: RegExp[] = [];
  const qualifiedAttributes = new Map<string, string>();
  const qualifiedCalls = new Map<string, string>();
  const requestObjects: RequestObjectMatcher[] = [];
  const routes: RouteMatcher[] = [];
  const attr = (q: string, group: string): void => {
    if (!qualifiedAttributes.has(q)) qualifiedAttributes.set(q, group);
    attributeKeys.add(lastSegment(q));
  };
  const call = (q: string, group: string): void => {
    if (!qualifiedCalls.has(q)) qualifiedCalls.set(q, group);
    callKeys.add(lastSegment(q));
  };
  const used: SourceGroup[] = [];
  for (const name of names) {
    groupNames.add(name);
    const defined = groups.filter((g) => g.group === name);
    if (defined.length === 0) {
      // A qualified name of the rule's own: read as an attribute or called.
      attr(name, name);
      call(name, name);
      tokens.add(lastSegment(name));
      continue;
    }
    for (const g of defined) {
      used.push(g);
      g.attributes.forEach((q) => attr(q, name));
      g.calls.forEach((q) => call(q, name));
      const derived = new Set<string>([...g.attributes, ...g.calls].map(lastSegment));
      for (const r of g.requestObjects) {
        requestObjects.push({
          group: name,
          parameters: new Set(r.parameters),
          annotations: new Set(r.annotations),
          selfAttributes: new Set(r.selfAttributes),
          selfBases: new Set(r.selfBases),
          imports: r.imports,
          attributes: new Set(r.attributes),
          calls: new Set(r.calls),
        });
        r.attributes.forEach((a) => attributeKeys.add(a));
        r.calls.forEach((c) => callKeys.add(c));
        r.parameters.forEach((p) => derived.add(`${p}.`));
        r.selfAttributes.forEach((a) => derived.add(`self.${a}`));
        // Found by annotation or base class: the name read on it is what the text shows.
        if (r.annotations.length > 0 || r.selfBases.length > 0) [...r.attributes, ...r.calls].forEach((a) => derived.add(a));
      }
      for (const r of g.routes) {
        const converters = r.scalarConverters.filter((c) => IDENTIFIER.test(c));
        routes.push({
          group: name,
          decorators: new Set(r.decorators),
          methods: new Set(r.methods),
          handlerBases: new Set(r.handlerBases),
          scalarConverter: converters.length > 0 ? new RegExp(`<(?:${converters.join('|')}):(\\w+)>`, 'g') : undefined,
          notDataTypes: new Set(r.notDataTypes),
          scalarTypes: new Set(r.scalarTypes),
          dependencyMarkers: new Set(r.dependencyMarkers),
          returnsHtml: r.returnsHtml,
          firstParameters: new Set(r.firstParameters),
          imports: r.imports.length > 0 ? new RegExp(`^(?:from|import)\\s+(?:${r.imports.map((m) => m.replace(/\./g, '\\.')).join('|')})\\b`) : undefined,
          notDataNames: new Set(r.notDataNames),
        });
        const decorators = r.decorators.filter((d) => IDENTIFIER.test(d));
        if (decorators.length > 0) patterns.push(new RegExp(`@[\\w.]+\\.(${decorators.join('|')})\\(`));
        const bases = r.handlerBases.filter((b) => IDENTIFIER.test(b));
        if (bases.length > 0 && r.methods.length > 0) patterns.push(new RegExp(`\\b(${bases.join('|')})\\b`));
        const firsts = r.firstParameters.filter((f) => IDENTIFIER.test(f));
        if (firsts.length > 0) patterns.push(new RegExp(`def\\s+\\w+\\s*\\(\\s*(?:${firsts.join('|')})\\s*[,:]`));
      }
      for (const t of g.tokens ?? derived) tokens.add(t);
    }
  }
  return {
    key: `${[...groupNames].sort().join(',')}#${hash(JSON.stringify(used))}`,
    groups: groupNames,
    attributeKeys,
    callKeys,
    tokens: [...tokens],
    patterns,
    qualifiedAttributes,
    qualifiedCalls,
    requestObjects,
    routes,
  };
}

/** What a source finder needs to know about the function being analysed. */
export interface SourceScope {
  readonly names: NameResolver;
  /** Parameters of the function being analysed (empty at module level). */
  readonly parameters: ReadonlySet<string>;
}

/** An attribute read (or an imported name such as `argv`) that is itself a source. */
export function attributeSource(set: SourceSet, node: Node, scope: SourceScope): Origin | undefined {
  if (node.type === 'identifier') {
    const target = scope.names.importedAs(node.text);
    if (target === undefined) return undefined;
    const group = set.qualifiedAttributes.get(target);
    return group ? origin(group, target, node) : undefined;
  }
  const attribute = node.childForFieldName('attribute');
  const object = node.childForFieldName('object');
  if (!attribute || !object) return undefined;
  const name = attribute.text;
  if (!set.attributeKeys.has(name)) return undefined;
  const objects = requestObjectsOf(set, object, scope);
  if (objects.length > 0) {
    // A request object: only what its framework calls data is data (`request.user` is not).
    const found = objects.find((r) => r.attributes.has(name));
    return found ? origin(found.group, `${object.text}.${name}`, node) : undefined;
  }
  const q = scope.names.qualify(node);
  if (q === null) return undefined;
  const group = set.qualifiedAttributes.get(q);
  return group ? origin(group, displayText(node), node) : undefined;
}

/** A call that returns untrusted data: `input()`, `os.getenv(...)`, `request.get_json()`. */
export function callSource(set: SourceSet, call: Node, fn: Node, key: string, scope: SourceScope): Origin | undefined {
  if (fn.type === 'attribute' && set.requestObjects.some((r) => r.calls.has(key))) {
    const object = fn.childForFieldName('object');
    const found = object ? requestObjectsOf(set, object, scope).find((r) => r.calls.has(key)) : undefined;
    if (object && found) return origin(found.group, `${object.text}.${key}()`, call);
  }
  for (const q of scope.names.calleeNames(call)) {
    const group = set.qualifiedCalls.get(q);
    // A builtin shadowed by an import (`from x import input`) qualifies differently.
    if (group) return origin(group, `${displayText(fn)}()`, call);
  }
  return undefined;
}

/** The request objects `object` is: a request parameter, `self.request`, or a handler's `self`. */
function requestObjectsOf(set: SourceSet, object: Node, scope: SourceScope): RequestObjectMatcher[] {
  if (set.requestObjects.length === 0) return [];
  return requestObjectsByShape(set, object, scope).filter((r) => r.imports.length === 0 || r.imports.some((q) => scope.names.importedAs(lastSegment(q)) === q));
}

function requestObjectsByShape(set: SourceSet, object: Node, scope: SourceScope): RequestObjectMatcher[] {
  if (object.type === 'identifier') {
    const name = object.text;
    if (!scope.parameters.has(name)) return [];
    if (name === 'self') {
      const bases = set.requestObjects.some((r) => r.selfBases.size > 0) ? enclosingClassBases(object, scope.names) : [];
      return set.requestObjects.filter((r) => bases.some((b) => r.selfBases.has(b)));
    }
    let annotation: string | null | undefined;
    return set.requestObjects.filter((r) => {
      if (r.parameters.has(name)) return true;
      if (r.annotations.size === 0) return false;
      annotation ??= parameterAnnotation(object, name, scope.names);
      return annotation !== null && r.annotations.has(annotation);
    });
  }
  if (object.type === 'attribute') {
    if (object.childForFieldName('object')?.text !== 'self') return [];
    const attribute = object.childForFieldName('attribute')?.text ?? '';
    return set.requestObjects.filter((r) => r.selfAttributes.has(attribute));
  }
  return [];
}

/** The qualified annotation of parameter `name` of the function `at` sits in; null if none. */
function parameterAnnotation(at: Node, name: string, names: NameResolver): string | null {
  const fn = enclosing(at, 'function_definition');
  for (const p of fn?.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p || parameterName(p) !== name) continue;
    const type = p.childForFieldName('type');
    const expr = type?.namedChildren[0] ?? null;
    return expr ? names.qualify(expr) : null;
  }
  return null;
}

/** Last name segments of the bases (direct, and through classes of this file) of the class around `at`. */
function enclosingClassBases(at: Node, names: NameResolver): string[] {
  const fn = enclosing(at, 'function_definition');
  const cls = fn ? enclosing(fn, 'class_definition') : null;
  const className = cls?.childForFieldName('name')?.text;
  if (!cls || !className) return [];
  const direct = (cls.childForFieldName('superclasses')?.namedChildren ?? []).flatMap((b) => (b ? [b.text] : []));
  return [...direct, ...names.ancestorsOf(className)].map(lastSegment);
}

/** The nearest ancestor of a type, stopping at the first function or class on the way. */
function enclosing(node: Node, type: 'function_definition' | 'class_definition'): Node | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === type) return n;
    if (n.type === 'function_definition' || n.type === 'class_definition') return null;
  }
  return null;
}

/** Parameters of a route handler that carry request data, with their origins. */
export function routeParameterSources(set: SourceSet, fn: Node): Array<readonly [string, Origin]> {
  if (set.routes.length === 0) return [];
  const route = handlerRoute(set, fn);
  if (!route) return [];
  const out: Array<readonly [string, Origin]> = [];
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p) continue;
    const name = parameterName(p);
    if (!name || name === 'self' || name === 'cls' || route.scalarPathParameters.has(name) || route.matcher.notDataNames.has(name)) continue;
    if (!carriesRequestData(p, route.matcher)) continue;
    out.push([name, { group: route.matcher.group, text: `route parameter "${name}"`, line: p.startPosition.row + 1 }]);
  }
  return out;
}

/** Is `fn` a route handler whose returned str is sent as HTML (a Flask view)? */
export function returnsHtml(set: SourceSet, fn: Node): boolean {
  if (!set.routes.some((r) => r.returnsHtml)) return false;
  return handlerRoute(set, fn)?.matcher.returnsHtml === true;
}

interface HandlerRoute {
  readonly matcher: RouteMatcher;
  readonly scalarPathParameters: ReadonlySet<string>;
}

/** The route that makes `fn` a handler: a route decorator, or a handler method of a handler class. */
function handlerRoute(set: SourceSet, fn: Node): HandlerRoute | undefined {
  let matcher: RouteMatcher | undefined;
  const scalarPathParameters = new Set<string>();
  const decorated = fn.parent;
  if (decorated?.type === 'decorated_definition') {
    for (const d of decorated.namedChildren) {
      if (d?.type !== 'decorator') continue;
      const call = d.namedChildren[0];
      if (call?.type !== 'call') continue;
      const callee = call.childForFieldName('function');
      if (callee?.type !== 'attribute') continue;
      const method = callee.childForFieldName('attribute')?.text ?? '';
      const found = set.routes.find((r) => r.decorators.has(method));
      if (!found) continue;
      matcher = found;
      const path = call.childForFieldName('arguments')?.namedChildren[0];
      if (path?.type === 'string' && found.scalarConverter) for (const m of path.text.matchAll(found.scalarConverter)) scalarPathParameters.add(m[1]);
    }
  }
  if (!matcher) {
    const name = fn.childForFieldName('name')?.text ?? '';
    const candidates = set.routes.filter((r) => r.methods.has(name) && r.handlerBases.size > 0);
    const inClass = (decorated?.type === 'decorated_definition' ? decorated : fn).parent?.parent;
    if (candidates.length > 0 && inClass?.type === 'class_definition') {
      // Direct bases only: this signature has no name resolver to follow a base defined here.
      const bases = (inClass.childForFieldName('superclasses')?.namedChildren ?? []).flatMap((b) => (b ? [lastSegment(b.text)] : []));
      matcher = candidates.find((r) => bases.some((b) => r.handlerBases.has(b)) && importsOf(r, fn));
    }
  }
  if (!matcher && set.routes.some((r) => r.firstParameters.size > 0)) matcher = viewByFirstParameter(set, fn, decorated);
  return matcher ? { matcher, scalarPathParameters } : undefined;
}

/** `def download(request, name)` at module level, in a file that imports the framework. */
function viewByFirstParameter(set: SourceSet, fn: Node, decorated: Node | null): RouteMatcher | undefined {
  const outer = decorated?.type === 'decorated_definition' ? decorated : fn;
  if (outer.parent?.type !== 'module') return undefined;
  // A leading underscore marks a helper, not a view.
  if ((fn.childForFieldName('name')?.text ?? '_').startsWith('_')) return undefined;
  const params = fn.childForFieldName('parameters')?.namedChildren ?? [];
  const first = params[0] ? parameterName(params[0]) : undefined;
  if (first === undefined || params.length < 2) return undefined;
  const route = set.routes.find((r) => r.firstParameters.has(first) && importsOf(r, fn));
  return route ? { ...route, notDataNames: new Set([...route.notDataNames, first]) } : undefined;
}

/** Does the file have a top-level import the route needs? Read from the module's own statements. */
function importsOf(route: RouteMatcher, fn: Node): boolean {
  const re = route.imports;
  if (!re) return true;
  let root: Node = fn;
  while (root.parent) root = root.parent;
  for (const statement of root.namedChildren) {
    if (statement && (statement.type === 'import_statement' || statement.type === 'import_from_statement') && re.test(statement.text)) return true;
  }
  return false;
}

function parameterName(p: Node): string | undefined {
  if (p.type === 'identifier') return p.text;
  if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') return p.childForFieldName('name')?.text;
  if (p.type === 'typed_parameter') return p.namedChildren.find((c) => c?.type === 'identifier')?.text;
  return undefined;
}

/** Dependencies (`Depends(...)`), framework objects and scalar-typed values are not injectable data. */
function carriesRequestData(p: Node, route: RouteMatcher): boolean {
  const value = p.childForFieldName('value');
  if (value?.type === 'call') {
    const callee = value.childForFieldName('function')?.text ?? '';
    if (route.dependencyMarkers.has(lastSegment(callee))) return false;
  }
  const type = p.childForFieldName('type');
  if (!type) return true;
  const text = type.text;
  for (const marker of route.dependencyMarkers) if (text.includes(`${marker}(`)) return false;
  const base = baseType(text);
  return !route.notDataTypes.has(base) && !route.scalarTypes.has(base);
}

/** `Optional[int]`, `int | None`, `Annotated[int, Query()]`, `uuid.UUID` → the type's last name. */
function baseType(text: string): string {
  let t = text.replace(/\s+/g, '');
  for (;;) {
    const m = /^(?:typing\.)?(?:Optional|Annotated)\[(.*)\]$/.exec(t);
    if (!m) break;
    t = splitTopLevel(m[1])[0];
  }
  const parts = t.split('|').filter((s) => s !== 'None');
  if (parts.length === 1) t = parts[0];
  return lastSegment(t);
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** FNV-1a: a short identity for the group definitions behind a source set's key. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

const MAX_SOURCE_TEXT = 40;

function displayText(node: Node): string {
  const text = node.text.replace(/\s+/g, '');
  return text.length > MAX_SOURCE_TEXT ? `${text.slice(0, MAX_SOURCE_TEXT)}…` : text;
}

function origin(group: string, text: string, node: Node): Origin {
  return { group, text: text.length > MAX_SOURCE_TEXT ? `${text.slice(0, MAX_SOURCE_TEXT)}…` : text, line: node.startPosition.row + 1 };
}
