/**
 * Where untrusted data enters a function. A rule names source groups (below) or qualified
 * names of its own (`mylib.get_param`: an attribute read or a call returning data).
 *
 * Groups:
 * - flask: `flask.request.args/form/values/json/data/cookies/headers/files/...`,
 *   `request.get_json()/get_data()`, and the parameters of `@x.route(...)` views
 * - django: `request.GET/POST/body/COOKIES/META/FILES/...` on a `request` parameter
 *   (or `self.request` in a class-based view)
 * - fastapi: the plain parameters of `@app.get/post/...` and `@router.*` handlers,
 *   and `request.query_params/path_params/headers/cookies/json()/body()/form()`
 * - argv: `sys.argv` (not `sys.argv[0]`, the program's own name)
 * - input: `input()`, `raw_input()`, `sys.stdin`
 * - environment: `os.environ`, `os.environb`, `os.getenv()`, `os.getenvb()`
 */
import type { Node } from 'web-tree-sitter';
import type { NameResolver } from '../names.js';
import type { Origin } from './taint-value.js';

export const SOURCE_GROUPS = ['flask', 'django', 'fastapi', 'argv', 'input', 'environment'] as const;

const FLASK_REQUEST_ATTRIBUTES = [
  'args',
  'form',
  'values',
  'json',
  'data',
  'cookies',
  'headers',
  'files',
  'view_args',
  'query_string',
  'stream',
  'path',
  'full_path',
  'url',
];
const FLASK_REQUEST_CALLS = ['get_json', 'get_data'];
const DJANGO_ATTRIBUTES = ['GET', 'POST', 'COOKIES', 'META', 'FILES', 'body', 'headers', 'data', 'query_params'];
const STARLETTE_ATTRIBUTES = ['query_params', 'path_params', 'headers', 'cookies'];
const STARLETTE_CALLS = ['json', 'body', 'form'];
/** Names a view's request parameter goes by. */
const REQUEST_PARAMETER_NAMES = new Set(['request', 'req']);

const FLASK_ROUTE_DECORATORS = new Set(['route']);
const FASTAPI_ROUTE_DECORATORS = new Set(['get', 'post', 'put', 'delete', 'patch', 'options', 'head', 'api_route', 'websocket']);
/** Parameter annotations that are not request data (framework objects, dependencies). */
const NOT_REQUEST_DATA_TYPES = new Set([
  'Request',
  'Response',
  'BackgroundTasks',
  'WebSocket',
  'HTTPConnection',
  'SecurityScopes',
  'Session',
  'AsyncSession',
]);
/** Parameter annotations whose values cannot carry an injection. */
const SCALAR_TYPES = new Set(['int', 'float', 'bool', 'UUID', 'datetime', 'date', 'time', 'timedelta', 'Decimal']);
/** Flask URL converters that only match numbers or UUIDs. */
const FLASK_SCALAR_CONVERTER_RE = /<(?:int|float|uuid):(\w+)>/g;

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
  readonly django: boolean;
  readonly starlette: boolean;
  readonly flaskRoutes: boolean;
  readonly fastapiRoutes: boolean;
}

export function compileSourceSet(names: readonly string[]): SourceSet {
  const groups = new Set<string>();
  const attributeKeys = new Set<string>();
  const callKeys = new Set<string>();
  const tokens = new Set<string>();
  const patterns: RegExp[] = [];
  const qualifiedAttributes = new Map<string, string>();
  const qualifiedCalls = new Map<string, string>();
  const attr = (q: string, group: string): void => {
    qualifiedAttributes.set(q, group);
    attributeKeys.add(q.slice(q.lastIndexOf('.') + 1));
  };
  const call = (q: string, group: string): void => {
    qualifiedCalls.set(q, group);
    callKeys.add(q.slice(q.lastIndexOf('.') + 1));
  };
  for (const name of names) {
    groups.add(name);
    switch (name) {
      case 'flask':
        FLASK_REQUEST_ATTRIBUTES.forEach((a) => attr(`flask.request.${a}`, name));
        FLASK_REQUEST_CALLS.forEach((c) => call(`flask.request.${c}`, name));
        tokens.add('request');
        patterns.push(/@[\w.]+\.route\(/);
        break;
      case 'django':
        DJANGO_ATTRIBUTES.forEach((a) => attributeKeys.add(a));
        tokens.add('request.').add('req.');
        break;
      case 'fastapi':
        STARLETTE_ATTRIBUTES.forEach((a) => attributeKeys.add(a));
        STARLETTE_CALLS.forEach((c) => callKeys.add(c));
        tokens.add('request.').add('req.');
        patterns.push(new RegExp(`@[\\w.]+\\.(${[...FASTAPI_ROUTE_DECORATORS].join('|')})\\(`));
        break;
      case 'argv':
        attr('sys.argv', name);
        attr('sys.orig_argv', name);
        tokens.add('argv');
        break;
      case 'input':
        call('input', name);
        call('raw_input', name);
        attr('sys.stdin', name);
        tokens.add('input').add('stdin');
        break;
      case 'environment':
        attr('os.environ', name);
        attr('os.environb', name);
        call('os.getenv', name);
        call('os.getenvb', name);
        tokens.add('environ').add('getenv');
        break;
      default: {
        // A qualified name of the rule's own: read as an attribute or called.
        attr(name, name);
        call(name, name);
        tokens.add(name.slice(name.lastIndexOf('.') + 1));
      }
    }
  }
  return {
    key: [...groups].sort().join(','),
    groups,
    attributeKeys,
    callKeys,
    tokens: [...tokens],
    patterns,
    qualifiedAttributes,
    qualifiedCalls,
    django: groups.has('django'),
    starlette: groups.has('fastapi'),
    flaskRoutes: groups.has('flask'),
    fastapiRoutes: groups.has('fastapi'),
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
  if ((set.django || set.starlette) && isRequestParameter(object, scope)) {
    if (set.django && DJANGO_ATTRIBUTES.includes(name)) return origin('django', `${object.text}.${name}`, node);
    if (set.starlette && STARLETTE_ATTRIBUTES.includes(name)) return origin('fastapi', `${object.text}.${name}`, node);
    return undefined;
  }
  const q = scope.names.qualify(node);
  if (q === null) return undefined;
  const group = set.qualifiedAttributes.get(q);
  return group ? origin(group, displayText(node), node) : undefined;
}

/** A call that returns untrusted data: `input()`, `os.getenv(...)`, `request.get_json()`. */
export function callSource(set: SourceSet, call: Node, fn: Node, key: string, scope: SourceScope): Origin | undefined {
  if (set.starlette && fn.type === 'attribute' && STARLETTE_CALLS.includes(key)) {
    const object = fn.childForFieldName('object');
    if (object && isRequestParameter(object, scope)) return origin('fastapi', `${object.text}.${key}()`, call);
  }
  for (const q of scope.names.calleeNames(call)) {
    const group = set.qualifiedCalls.get(q);
    // A builtin shadowed by an import (`from x import input`) qualifies differently.
    if (group) return origin(group, `${displayText(fn)}()`, call);
  }
  return undefined;
}

/** `request` / `req` as a parameter of the function, or `self.request` in a class-based view. */
function isRequestParameter(object: Node, scope: SourceScope): boolean {
  if (object.type === 'identifier') return REQUEST_PARAMETER_NAMES.has(object.text) && scope.parameters.has(object.text);
  if (object.type === 'attribute') {
    return object.childForFieldName('attribute')?.text === 'request' && object.childForFieldName('object')?.text === 'self';
  }
  return false;
}

/** Parameters of a route handler that carry request data, with their origins. */
export function routeParameterSources(set: SourceSet, fn: Node): Array<readonly [string, Origin]> {
  if (!set.flaskRoutes && !set.fastapiRoutes) return [];
  const decorated = fn.parent;
  if (decorated?.type !== 'decorated_definition') return [];
  let group: string | undefined;
  const scalarPathParameters = new Set<string>();
  for (const d of decorated.namedChildren) {
    if (d?.type !== 'decorator') continue;
    const call = d.namedChildren[0];
    if (call?.type !== 'call') continue;
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'attribute') continue;
    const method = callee.childForFieldName('attribute')?.text ?? '';
    if (set.fastapiRoutes && FASTAPI_ROUTE_DECORATORS.has(method)) group = 'fastapi';
    else if (set.flaskRoutes && FLASK_ROUTE_DECORATORS.has(method)) group = 'flask';
    else continue;
    const path = call.childForFieldName('arguments')?.namedChildren[0];
    if (path?.type === 'string') for (const m of path.text.matchAll(FLASK_SCALAR_CONVERTER_RE)) scalarPathParameters.add(m[1]);
  }
  if (!group) return [];
  const out: Array<readonly [string, Origin]> = [];
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p) continue;
    const name = parameterName(p);
    if (!name || name === 'self' || name === 'cls' || scalarPathParameters.has(name)) continue;
    if (!carriesRequestData(p)) continue;
    out.push([name, { group, text: `route parameter "${name}"`, line: p.startPosition.row + 1 }]);
  }
  return out;
}

function parameterName(p: Node): string | undefined {
  if (p.type === 'identifier') return p.text;
  if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') return p.childForFieldName('name')?.text;
  if (p.type === 'typed_parameter') return p.namedChildren.find((c) => c?.type === 'identifier')?.text;
  return undefined;
}

/** Dependencies (`Depends(...)`), framework objects and scalar-typed values are not injectable data. */
function carriesRequestData(p: Node): boolean {
  const value = p.childForFieldName('value');
  if (value?.type === 'call') {
    const callee = value.childForFieldName('function')?.text ?? '';
    if (/(^|\.)(Depends|Security)$/.test(callee)) return false;
  }
  const type = p.childForFieldName('type');
  if (!type) return true;
  const text = type.text;
  if (/\b(Depends|Security)\(/.test(text)) return false;
  const base = baseType(text);
  return !NOT_REQUEST_DATA_TYPES.has(base) && !SCALAR_TYPES.has(base);
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
  return t.slice(t.lastIndexOf('.') + 1);
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

const MAX_SOURCE_TEXT = 40;

function displayText(node: Node): string {
  const text = node.text.replace(/\s+/g, '');
  return text.length > MAX_SOURCE_TEXT ? `${text.slice(0, MAX_SOURCE_TEXT)}…` : text;
}

function origin(group: string, text: string, node: Node): Origin {
  return { group, text: text.length > MAX_SOURCE_TEXT ? `${text.slice(0, MAX_SOURCE_TEXT)}…` : text, line: node.startPosition.row + 1 };
}
