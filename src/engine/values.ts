/**
 * A small abstract evaluation of Python expressions: enough to tell a constant command from
 * one built at run time, and to compare arguments with literals or qualified names.
 */
import type { Node } from 'web-tree-sitter';
import { enclosingFunction, type NameResolver } from './names.js';

export type Value =
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'none' }
  /** A name or attribute that is not a known constant, by its qualified name. */
  | { readonly kind: 'name'; readonly name: string }
  /**
   * A string assembled at run time (f-string with fields, +, %, .format, join); `prefix` is
   * its constant beginning when known (`f"https://{host}"` → "https://"). `quoted`: every
   * run-time part went through shlex.quote (or shlex.join), so a shell reads each as one word.
   */
  | { readonly kind: 'dynamic-str'; readonly prefix?: string; readonly quoted?: boolean }
  /** A list, tuple or dict literal; a dict also keeps its key/value pairs in `entries`. */
  | { readonly kind: 'seq'; readonly items: readonly Value[]; readonly entries?: ReadonlyArray<readonly [Value, Value]> }
  | { readonly kind: 'unknown' };

const UNKNOWN: Value = { kind: 'unknown' };
const DYNAMIC: Value = { kind: 'dynamic-str' };
/**
 * Levels an evaluation follows (nested literals, names to their one assignment) before the
 * value is `unknown`: a precision bound, not a blind spot (rules read `unknown` as "not a
 * constant"); sums are read in a loop and cost one level whatever their length.
 */
const MAX_DEPTH = 6;

export function isConstant(v: Value): boolean {
  switch (v.kind) {
    case 'str':
    case 'num':
    case 'bool':
    case 'none':
      return true;
    case 'seq':
      return v.items.every(isConstant);
    default:
      return false;
  }
}

/** True / false for a literal, undefined when it cannot be known. */
export function truthiness(v: Value): boolean | undefined {
  switch (v.kind) {
    case 'bool':
      return v.value;
    case 'num':
      return v.value !== 0;
    case 'str':
      return v.value.length > 0;
    case 'none':
      return false;
    case 'seq':
      return v.items.length > 0;
    default:
      return undefined;
  }
}

export function evaluate(node: Node, names: NameResolver, depth = 0): Value {
  if (depth > MAX_DEPTH) return UNKNOWN;
  switch (node.type) {
    case 'string':
      return evaluateString(node, names, depth);
    case 'concatenated_string': {
      const parts = node.namedChildren.map((c) => (c ? evaluate(c, names, depth + 1) : UNKNOWN));
      return parts.every((p) => p.kind === 'str')
        ? { kind: 'str', value: parts.map((p) => (p.kind === 'str' ? p.value : '')).join('') }
        : DYNAMIC;
    }
    case 'integer':
      return { kind: 'num', value: parseInteger(node.text) };
    case 'float':
      return { kind: 'num', value: Number(node.text.replace(/_/g, '')) };
    case 'true':
      return { kind: 'bool', value: true };
    case 'false':
      return { kind: 'bool', value: false };
    case 'none':
      return { kind: 'none' };
    case 'parenthesized_expression': {
      const inner = node.namedChildren[0];
      return inner ? evaluate(inner, names, depth + 1) : UNKNOWN;
    }
    case 'unary_operator': {
      const operand = node.childForFieldName('argument');
      const op = node.childForFieldName('operator')?.text;
      const v = operand ? evaluate(operand, names, depth + 1) : UNKNOWN;
      if (v.kind === 'num' && op === '-') return { kind: 'num', value: -v.value };
      return v.kind === 'num' ? v : UNKNOWN;
    }
    case 'list':
    case 'tuple':
      return { kind: 'seq', items: node.namedChildren.filter(notComment).map((c) => (c ? evaluate(c, names, depth + 1) : UNKNOWN)) };
    case 'dictionary': {
      // Keys and values side by side: constant when all are, truthy when not empty.
      const entries: Array<readonly [Value, Value]> = [];
      const items = node.namedChildren.filter(notComment).flatMap((c) => {
        const key = c?.type === 'pair' ? c.childForFieldName('key') : null;
        const value = c?.type === 'pair' ? c.childForFieldName('value') : null;
        if (!key || !value) return [UNKNOWN];
        const pair = [evaluate(key, names, depth + 1), evaluate(value, names, depth + 1)] as const;
        entries.push(pair);
        return pair;
      });
      return { kind: 'seq', items, entries };
    }
    case 'binary_operator':
      return evaluateBinary(node, names, depth);
    case 'identifier':
      return evaluateIdentifier(node, names, depth);
    case 'attribute': {
      const q = names.qualify(node);
      return q ? { kind: 'name', name: q } : UNKNOWN;
    }
    case 'call':
      return evaluateCall(node, names, depth);
    default:
      return UNKNOWN;
  }
}

function notComment(node: Node | null): boolean {
  return node?.type !== 'comment';
}

function evaluateString(node: Node, names: NameResolver, depth: number): Value {
  let text = '';
  let prefix: string | undefined;
  for (const child of node.children) {
    if (!child) continue;
    switch (child.type) {
      case 'string_content':
        text += child.text;
        break;
      case 'escape_sequence':
        text += child.text;
        break;
      case 'interpolation': {
        const value = fieldValue(child, names, depth);
        // A field holding a constant (f"{TABLE}") keeps the string constant.
        const field = constantText(value);
        if (field !== undefined) {
          text += field;
          break;
        }
        prefix ??= text;
        if (!isQuoted(value)) return withPrefix(prefix);
        break;
      }
      default:
        break;
    }
  }
  return prefix === undefined ? { kind: 'str', value: text } : withPrefix(prefix, true);
}

function fieldValue(interpolation: Node, names: NameResolver, depth: number): Value {
  const expression = interpolation.namedChildren.find((c) => c && c.type !== 'format_specifier' && c.type !== 'type_conversion');
  return expression ? evaluate(expression, names, depth + 1) : UNKNOWN;
}

/** A run-time part a shell reads as one word: shlex.quote'd, or no run-time part at all. */
function isQuoted(v: Value): boolean {
  return v.kind === 'dynamic-str' ? v.quoted === true : isConstant(v);
}

function constantText(v: Value): string | undefined {
  switch (v.kind) {
    case 'str':
      return v.value;
    case 'num':
      return String(v.value);
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'none':
      return 'None';
    default:
      return undefined;
  }
}

function evaluateBinary(node: Node, names: NameResolver, depth: number): Value {
  const op = node.childForFieldName('operator')?.text;
  if (op === '+') return evaluateSum(node, names, depth);
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return UNKNOWN;
  const l = evaluate(left, names, depth + 1);
  const r = evaluate(right, names, depth + 1);
  if (op === '%' && isStringish(l)) {
    if (l.kind === 'str' && isConstant(r)) return { kind: 'str', value: l.value };
    const parts = r.kind === 'seq' ? r.items : [r];
    return withPrefix(l.kind === 'str' ? l.value.split('%')[0] : knownPrefix(l), l.kind === 'str' && parts.every(isQuoted));
  }
  const ln = numericValue(l);
  const rn = numericValue(r);
  if (ln !== undefined && rn !== undefined && (l.kind !== 'num' || r.kind !== 'num')) {
    // Permission masks are written with stat names: stat.S_IRWXU | stat.S_IWOTH.
    if (op === '|') return { kind: 'num', value: ln | rn };
    if (op === '+') return { kind: 'num', value: ln + rn };
  }
  if (l.kind === 'num' && r.kind === 'num') {
    switch (op) {
      case '*':
        return { kind: 'num', value: l.value * r.value };
      case '-':
        return { kind: 'num', value: l.value - r.value };
      case '|':
        return { kind: 'num', value: l.value | r.value };
      case '<<':
        return { kind: 'num', value: l.value << r.value };
      default:
        return UNKNOWN;
    }
  }
  return UNKNOWN;
}

/**
 * `a + b + ... + z`, which nests to the left as deep as it is long: its operands are read in
 * a loop and added up left to right, each evaluated one level down, so a 50,000-term sum
 * costs 50,000 evaluations and no stack.
 */
function evaluateSum(node: Node, names: NameResolver, depth: number): Value {
  const rights: Node[] = [];
  let n: Node = node;
  for (;;) {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (!left || !right) return UNKNOWN;
    rights.push(right);
    if (left.type === 'binary_operator' && left.childForFieldName('operator')?.text === '+') n = left;
    else {
      rights.push(left);
      break;
    }
  }
  let acc = evaluate(rights[rights.length - 1], names, depth + 1);
  for (let i = rights.length - 2; i >= 0; i--) acc = add(acc, evaluate(rights[i], names, depth + 1));
  return acc;
}

/** Longer known sequences are not worth tracking item by item (and `[x] + [x] + ...` stays linear). */
const MAX_SEQ_ITEMS = 256;

function add(l: Value, r: Value): Value {
  if (l.kind === 'str' && r.kind === 'str') return { kind: 'str', value: l.value + r.value };
  if (l.kind === 'num' && r.kind === 'num') return { kind: 'num', value: l.value + r.value };
  if (isStringish(l) || isStringish(r)) return withPrefix(knownPrefix(l), isQuoted(l) && isQuoted(r));
  if (l.kind === 'seq' || r.kind === 'seq') {
    const items = [...(l.kind === 'seq' ? l.items : [l]), ...(r.kind === 'seq' ? r.items : [r])];
    return items.length > MAX_SEQ_ITEMS ? UNKNOWN : { kind: 'seq', items };
  }
  return UNKNOWN;
}

/** File-mode bits of the `stat` module, so masks built from them are known numbers. */
const STAT_BITS: ReadonlyMap<string, number> = new Map([
  ['stat.S_ISUID', 0o4000],
  ['stat.S_ISGID', 0o2000],
  ['stat.S_ISVTX', 0o1000],
  ['stat.S_IRWXU', 0o700],
  ['stat.S_IRUSR', 0o400],
  ['stat.S_IWUSR', 0o200],
  ['stat.S_IXUSR', 0o100],
  ['stat.S_IREAD', 0o400],
  ['stat.S_IWRITE', 0o200],
  ['stat.S_IEXEC', 0o100],
  ['stat.S_IRWXG', 0o070],
  ['stat.S_IRGRP', 0o040],
  ['stat.S_IWGRP', 0o020],
  ['stat.S_IXGRP', 0o010],
  ['stat.S_IRWXO', 0o007],
  ['stat.S_IROTH', 0o004],
  ['stat.S_IWOTH', 0o002],
  ['stat.S_IXOTH', 0o001],
]);

/** A number, or a name of a known numeric constant (the stat mode bits); else undefined. */
export function numericValue(v: Value): number | undefined {
  if (v.kind === 'num') return v.value;
  if (v.kind === 'name') return STAT_BITS.get(v.name);
  return undefined;
}

/** The constant beginning of a string value, if any. */
export function knownPrefix(v: Value): string | undefined {
  if (v.kind === 'str') return v.value;
  if (v.kind === 'dynamic-str') return v.prefix;
  return undefined;
}

function withPrefix(prefix: string | undefined, quoted = false): Value {
  if (quoted) return prefix ? { kind: 'dynamic-str', prefix, quoted } : { kind: 'dynamic-str', quoted };
  return prefix ? { kind: 'dynamic-str', prefix } : DYNAMIC;
}

/** Functions whose result a POSIX shell reads as one word (or, for join, as separate words). */
const SHELL_QUOTING = new Set(['shlex.quote', 'shlex.join', 'pipes.quote']);

function isStringish(v: Value): boolean {
  return v.kind === 'str' || v.kind === 'dynamic-str';
}

/**
 * Objects that stand for the URL they are built from: `urlopen(Request(url))` opens `url`, so
 * `req = Request(f"https://{host}/x"); urlopen(req)` has a fixed scheme.
 */
const URL_WRAPPERS = new Set(['urllib.request.Request', 'urllib2.Request', 'six.moves.urllib.request.Request']);

function evaluateCall(node: Node, names: NameResolver, depth: number): Value {
  const fn = node.childForFieldName('function');
  if (fn && (fn.type === 'identifier' || fn.type === 'attribute')) {
    const q = names.qualify(fn);
    if (q !== null && SHELL_QUOTING.has(q)) return { kind: 'dynamic-str', quoted: true };
    if (q !== null && URL_WRAPPERS.has(q)) {
      const url = urlArgument(node);
      return url ? evaluate(url, names, depth + 1) : UNKNOWN;
    }
  }
  if (fn?.type !== 'attribute') return UNKNOWN;
  const method = fn.childForFieldName('attribute')?.text;
  const object = fn.childForFieldName('object');
  if (!object || (method !== 'format' && method !== 'join')) return UNKNOWN;
  const receiver = evaluate(object, names, depth + 1);
  if (receiver.kind !== 'str') return UNKNOWN;
  const args = node.childForFieldName('arguments');
  const argValues = args ? args.namedChildren.map((a) => (a ? evaluate(a, names, depth + 1) : UNKNOWN)) : [];
  if (argValues.every(isConstant) && method === 'join') {
    const seq = argValues[0];
    if (seq?.kind === 'seq' && seq.items.every((i) => i.kind === 'str')) {
      return { kind: 'str', value: seq.items.map((i) => (i.kind === 'str' ? i.value : '')).join(receiver.value) };
    }
  }
  if (argValues.length > 0 && argValues.every(isConstant) && method === 'format') return { kind: 'str', value: receiver.value };
  const parts = method === 'join' ? (argValues[0]?.kind === 'seq' ? argValues[0].items : [UNKNOWN]) : argValues;
  return withPrefix(method === 'format' ? receiver.value.split('{')[0] : undefined, parts.every(isQuoted));
}

/** The `url` of `Request(url, ...)` / `Request(url=...)`. */
function urlArgument(call: Node): Node | undefined {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  for (const a of args) {
    if (a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'url') return a.childForFieldName('value') ?? undefined;
  }
  const first = args[0];
  return first && first.type !== 'keyword_argument' && first.type !== 'list_splat' && first.type !== 'dictionary_splat' ? first : undefined;
}

/**
 * A local name is a constant when the enclosing function (or the module) assigns it exactly
 * once, from a constant; otherwise it is known only by its (qualified) name. A parameter of
 * the enclosing function is never looked up at module level.
 */
function evaluateIdentifier(node: Node, names: NameResolver, depth: number): Value {
  const name = node.text;
  const byName: Value = { kind: 'name', name: names.qualify(node) ?? name };
  const fn = enclosingFunction(node);
  const scopes = fn ? [fn, null] : [null];
  for (const scope of scopes) {
    const assigned = names.assignments(scope ?? names.root ?? moduleOf(node)).get(name) ?? [];
    if (assigned.length === 1) {
      const rhs = assigned[0];
      if (rhs.startIndex <= node.startIndex && rhs.endIndex >= node.endIndex) return UNKNOWN;
      return evaluate(rhs, names, depth + 1);
    }
    if (assigned.length > 1) return byName;
    if (scope && names.parameters(scope).has(name)) return byName;
  }
  return byName;
}

function moduleOf(node: Node): Node {
  let root = node;
  while (root.parent) root = root.parent;
  return root;
}

function parseInteger(text: string): number {
  const t = text.replace(/_/g, '').toLowerCase().replace(/l$/, '');
  if (t.startsWith('0x')) return parseInt(t.slice(2), 16);
  if (t.startsWith('0o')) return parseInt(t.slice(2), 8);
  if (t.startsWith('0b')) return parseInt(t.slice(2), 2);
  return Number(t);
}
