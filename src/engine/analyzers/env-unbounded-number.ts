/**
 * `env-unbounded-number`: a timeout, delay, retry count, size or limit read from the
 * environment and converted with int()/float() but never bounded. `TIMEOUT=1e9` or
 * `RETRIES=-1` then hangs a job, spins forever or exhausts memory, far from where the value
 * was set. Anchored on the text `environ` / `getenv`, so most files cost one regex test.
 */
import type { Node } from 'web-tree-sitter';
import type { Analyzer, AnalysisContext } from '../analyzer-api.js';
import type { NameResolver } from '../names.js';
import {
  containsAny,
  enclosingFunction,
  escapeRegExp,
  matchIndices,
  nodeAt,
  parentSkippingParens,
  statementOf,
  stringValue,
  unwrap,
} from './syntax.js';

const ANCHOR = /\b(?:environ|getenv|getenvb|environb)\b/g;
const ALIAS = /\b(?:environb?|getenvb?)\s+as\s+([A-Za-z_]\w*)/g;
const GATE = ['environ', 'getenv'];
const CONVERTERS = new Set(['int', 'float']);
const CLAMPS = /^(?:min|max|clamp\w*|_?clamp|bound\w*)$/;
/** Names that say the number sizes time, repetition or resources (not flags, ports or ids). */
const RESOURCE =
  /time|timeout|sleep|delay|interval|wait|retr|attempt|tries|backoff|count|size|limit|max|num_|_num|workers|threads|procs|processes|jobs|concurren|parallel|pool|buffer|batch|capacity|quota|rate|ttl|expir|deadline|period|duration|seconds|secs|_ms\b|millis|bytes|memory|mem_|depth|length|chunk|queue|poll|budget|backlog|connections/i;

/** Points in time and identifiers, not amounts (SOURCE_DATE_EPOCH is a timestamp). */
const NOT_RESOURCE = /epoch|timestamp|date|port$|_id$|^id$|pid|uid|gid|fd$/i;

export const envUnboundedNumber: Analyzer = {
  name: 'env-unbounded-number',
  prepare: () => ({ run }),
};

function run(ctx: AnalysisContext): void {
  if (!containsAny(ctx.source, GATE)) return;
  const seen = new Set<number>();
  for (const { index, match } of matchIndices(ctx.source, anchorFor(ctx.source))) {
    const id = nodeAt(ctx.root, index, index + match[0].length);
    if (id?.type !== 'identifier') continue;
    const read = environmentRead(id, ctx.names);
    if (!read) continue;
    for (const conversion of conversionsOf(read, ctx)) {
      if (seen.has(conversion.id)) continue;
      seen.add(conversion.id);
      check(conversion, read, ctx);
    }
  }
}

/** The anchor regex, widened by local aliases (`from os import getenv as env`). */
function anchorFor(source: string): RegExp {
  const aliases = [...source.matchAll(ALIAS)].map((m) => m[1]);
  return aliases.length ? new RegExp(`${ANCHOR.source}|\\b(?:${aliases.join('|')})\\b`, 'g') : ANCHOR;
}

/** `os.environ[...]`, `os.environ.get(...)`, `os.getenv(...)` around an anchor identifier. */
function environmentRead(id: Node, names: NameResolver): Node | null {
  let object: Node = id;
  const parent = id.parent;
  if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) object = parent;
  const q = names.qualify(object);
  if (q === 'os.environ' || q === 'os.environb') {
    const up = object.parent;
    if (up?.type === 'subscript' && up.childForFieldName('value')?.id === object.id) return up;
    if (up?.type === 'attribute' && up.childForFieldName('attribute')?.text === 'get') {
      const call = up.parent;
      if (call?.type === 'call' && call.childForFieldName('function')?.id === up.id) return call;
    }
    return null;
  }
  if (q === 'os.getenv' || q === 'os.getenvb') {
    const call = object.parent;
    if (call?.type === 'call' && call.childForFieldName('function')?.id === object.id) return call;
  }
  return null;
}

/**
 * The int()/float() calls that convert a read: directly (`int(os.environ.get(...) or 5)`),
 * or through a local name (`v = os.getenv("T"); t = int(v)`).
 */
function conversionsOf(read: Node, ctx: AnalysisContext): Node[] {
  let n = read;
  let p = parentSkippingParens(n);
  while (p && (p.type === 'boolean_operator' || p.type === 'conditional_expression')) {
    n = p;
    p = parentSkippingParens(n);
  }
  if (p?.type === 'argument_list') {
    const call = p.parent;
    return call && isConverter(call) && p.namedChildren[0]?.id === unwrapOuter(n).id ? [call] : [];
  }
  if (p?.type === 'assignment' && p.childForFieldName('right')?.id === unwrapOuter(n).id) {
    const left = p.childForFieldName('left');
    if (left?.type !== 'identifier') return [];
    const scope = enclosingFunction(p) ?? ctx.root;
    const out: Node[] = [];
    // Text first: `int(v` / `float(v` after the assignment, then the node there.
    const from = p.endIndex;
    const text = ctx.source.slice(from, scope.endIndex);
    const re = new RegExp(`\\b(?:int|float)\\s*\\(\\s*\\(?\\s*${left.text}\\b`, 'g');
    for (const { index } of matchIndices(text, re)) {
      const id = nodeAt(ctx.root, from + index, from + index + (text[index] === 'i' ? 3 : 5));
      const call = id?.parent;
      if (call?.type !== 'call' || !isConverter(call)) continue;
      const first = call.childForFieldName('arguments')?.namedChildren[0];
      if (first && readsName(first, left.text)) out.push(call);
    }
    return out;
  }
  return [];
}

/** `v`, `(v)` or `v or default`. */
function readsName(node: Node, name: string): boolean {
  let n = unwrap(node);
  if (n.type === 'boolean_operator') n = unwrap(n.childForFieldName('left') ?? n);
  return n.type === 'identifier' && n.text === name;
}

function unwrapOuter(node: Node): Node {
  let n = node;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  return n;
}

function isConverter(call: Node): boolean {
  const fn = call.childForFieldName('function');
  return fn?.type === 'identifier' && CONVERTERS.has(fn.text);
}

function check(conversion: Node, read: Node, ctx: AnalysisContext): void {
  // Clamped in place: `max(1, min(int(v), 300))`.
  let target: Node | null = null;
  let keyword: string | null = null;
  let receiver: string | null = null;
  for (let n: Node | null = conversion.parent; n; n = n.parent) {
    const t = n.type;
    if (t === 'call') {
      const fn = n.childForFieldName('function');
      const name = fn?.type === 'identifier' ? fn.text : (fn?.childForFieldName('attribute')?.text ?? '');
      if (CLAMPS.test(name)) return;
      receiver ??= name;
    } else if (t === 'keyword_argument') {
      keyword ??= n.childForFieldName('name')?.text ?? null;
    } else if (t === 'assignment' || t === 'augmented_assignment') {
      target = n.childForFieldName('left');
      break;
    } else if (t === 'expression_statement' || t === 'block' || t === 'module' || t === 'return_statement') {
      break;
    }
  }

  const variable = variableOf(read);
  const subjects = [envName(read), target?.text, keyword, receiver, variable].filter((s): s is string => !!s);
  if (!subjects.some((s) => RESOURCE.test(s)) || subjects.some((s) => NOT_RESOURCE.test(s))) return;

  if (target && (target.type === 'identifier' || target.type === 'attribute')) {
    const scope = enclosingFunction(conversion) ?? ctx.root;
    const after = ctx.source.slice(statementOf(conversion).endIndex, scope.endIndex);
    if (boundedLater(after, target.text)) return;
  }

  const name = envName(read);
  const what = target ? `\`${target.text.replace(/\s+/g, '')}\`` : 'a number';
  const from = name ? `environment variable ${name}` : 'the environment';
  ctx.report(conversion, {
    message: `${what} comes from ${from} with no bounds; validate env values with bounds (e.g. \`max(1, min(int(v), 300))\`) and fail with a clear error when they are out of range`,
  });
}

/** The name assigned from the read, when the read is stored first (`v = os.getenv("T")`). */
function variableOf(read: Node): string | null {
  const p = parentSkippingParens(read);
  return p?.type === 'assignment' ? (p.childForFieldName('left')?.text ?? null) : null;
}

function envName(read: Node): string | null {
  const key =
    read.type === 'subscript'
      ? read.childForFieldName('subscript')
      : read.childForFieldName('arguments')?.namedChildren.find((a) => a?.type !== 'keyword_argument' && a?.type !== 'comment');
  return key ? stringValue(key) : null;
}

/** A later min()/max() over the name, a comparison with it, or a range check, in the same scope. */
function boundedLater(text: string, name: string): boolean {
  const n = `(?<![\\w.])${escapeRegExp(name).replace(/\\\./g, '\\s*\\.\\s*')}(?![\\w])`;
  const patterns = [
    new RegExp(`\\b(?:min|max|clamp\\w*)\\s*\\((?:[^()]|\\([^()]*\\))*${n}`),
    new RegExp(`${n}\\s*(?:<=?|>=?)(?![<>=])`),
    new RegExp(`(?<![<>=-])(?:<=?|>=?)\\s*${n}`),
    new RegExp(`${n}\\s+(?:not\\s+)?in\\s+range\\s*\\(`),
  ];
  return patterns.some((re) => re.test(text));
}

