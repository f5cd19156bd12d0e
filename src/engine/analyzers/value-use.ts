/**
 * What the code does with a call's value, as a reviewer would check before calling a weak
 * hash or a predictable random number a defect: is it stored or checked as a password, used
 * as a signature or MAC, sent to a client as a token, or only used as a cache key? Names of
 * the variables on the way do not count here; only where the value goes (a password
 * attribute or argument is a place, not a guess about purpose).
 *
 * The value is followed through method calls on it (`.hexdigest()`), encoders (`b64encode`,
 * `"".join(...)`), string building, and local variables of the same function, a bounded
 * number of steps.
 */
import type { Node } from 'web-tree-sitter';
import { enclosingFunction } from '../names.js';

export type ValueUse = 'password' | 'mac' | 'client' | 'cache-key';

/** Facts that make a finding high come first; a cache key only chooses the advice. */
const USE_RANK: Readonly<Record<ValueUse, number>> = { password: 3, mac: 2, client: 1, 'cache-key': 0 };

/** Enough to see `x = f(); y = x.hexdigest(); user.pw_hash = y`, and cheap on any file. */
const MAX_LOCAL_HOPS = 3;
/** Uses of one local looked at; a variable read more often than this is not followed further. */
const MAX_USES_PER_LOCAL = 16;
/** Parents climbed from a value to the place it lands (wrappers, operators, parentheses). */
const MAX_CLIMB = 12;
/** A value nested deeper than this below its function is not followed (the walk has a bound). */
const MAX_DESCENT = 200;
/** Nodes a value passes through unchanged in what it is for: `(d)`, `"x" + d`, `f"{d}"`, `(d for ...)`. */
const TRANSPARENT = new Set(['parenthesized_expression', 'binary_operator', 'interpolation', 'string', 'concatenated_string', 'generator_expression', 'list_comprehension']);
/**
 * Locals followed from one call: each costs a walk over the function body, and a file may
 * hold thousands of hash calls.
 */
const MAX_LOCALS_FOLLOWED = 4;
/**
 * Calls per file whose locals are followed. Each costs walks over long blocks (web-tree-sitter
 * steps through siblings one by one); a file with more weak-hash or random calls than this is
 * generated, and its later calls are judged by the statement they are in.
 */
export const MAX_CALLS_FOLLOWED_PER_FILE = 100;
/** Places looked at for one call, in all: 16 uses of 4 locals would otherwise multiply. */
const MAX_VALUES_PER_CALL = 32;
/**
 * A local is followed this many lines past its assignment: where a digest goes is nearly
 * always a few lines on, and reading a whole long function per hash call would cost
 * (calls × function size), which a hostile file can make large.
 */
const MAX_FOLLOW_LINES = 30;

/** Where a password (or its hash) is kept or checked: `user.password_hash`, `row["passwd"]`, `pw_hash=`. */
const PASSWORD_PLACE = /pass(word|wd|phrase)|(^|_)pwd($|_)|(^|_)pw_?hash/i;
/** A parameter that holds a password: `def hash_password(password)`. */
const PASSWORD_PARAMETER = /^(raw_|plain_|new_|old_|user_)?(password|passwd|passphrase|pwd|pw)$/i;
/** A header or argument that carries a signature, MAC or credential to another party. */
const SIGNATURE_PLACE = /signature|(^|[_-])sig($|[_-])|hmac|(^|[_-])mac($|[_-])|authorization/i;
/** Calls that check or keep a password. */
const PASSWORD_CALL = /(^|_)(set|check|verify|store|save|update|hash)_?(password|passwd|pw)$/i;
/** Calls that encode a value without changing what it is. */
const ENCODER_CALL = /^(str|bytes|hex|repr|format|(\w+\.)?(b64encode|urlsafe_b64encode|b32encode|b16encode|hexlify|quote))$|\.(join|format)$/;
/** Methods on a value that give the same value in another form. */
const SAME_VALUE_METHOD = /^(hexdigest|digest|decode|encode|upper|lower|strip|copy)$/;
/** Route decorators of the usual web frameworks: a return value there goes to the client. */
const VIEW_DECORATOR = /\.(route|get|post|put|patch|delete|websocket)\s*\(|api_view|view_config/;
const CACHE_OBJECT = /cache/i;
const CACHE_NAME = /cache|etag|(^|_)key$|checksum|fingerprint|bucket/i;

/**
 * The strongest use of `call`'s value found, or undefined. `hashedArguments`: also count the
 * call's own arguments (a digest of a `password` parameter that is returned or stored).
 */
export function useOfValue(call: Node, hashedArguments: boolean, source: string, followLocals = true): ValueUse | undefined {
  const fn = enclosingFunction(call);
  const passwordInput = hashedArguments && fn !== null && hasPasswordParameterIn(call, fn);
  let best: ValueUse | undefined;
  const note = (use: ValueUse | undefined): void => {
    if (use !== undefined && (best === undefined || USE_RANK[use] > USE_RANK[best])) best = use;
  };
  // A worklist over values (the call, then locals it was assigned to), never recursion.
  let values: Node[] = [call];
  let seen = 0;
  let followed = 0;
  for (let hop = 0; hop <= MAX_LOCAL_HOPS && values.length > 0; hop++) {
    const next: Node[] = [];
    for (const value of values) {
      if (++seen > MAX_VALUES_PER_CALL) return best;
      const path = ancestorsOf(value, fn ?? call.tree.rootNode);
      if (hop > 0 && !isRead(value, path[path.length - 1])) continue;
      const landing = landingOf(value, path);
      if (!landing) continue;
      const { place, from } = landing;
      note(classify(place, from, landing.outer, passwordInput, fn));
      const local = assignedLocal(place, from);
      if (local && fn && followLocals && hop < MAX_LOCAL_HOPS && followed < MAX_LOCALS_FOLLOWED) {
        followed++;
        next.push(...usesOf(local, fn, place, source));
      }
    }
    values = next;
    if (best === 'password') break;
  }
  return best;
}

interface Landing {
  /** The node the value lands in (an assignment, a call's argument list, a return...). */
  readonly place: Node;
  /** The child of `place` the value came up through. */
  readonly from: Node;
  /** The parent of `place`, when known (the call of an argument list). */
  readonly outer: Node | undefined;
}

/**
 * The nodes from `top` down to `node`'s parent. `node.parent` costs a descent from the root
 * in web-tree-sitter (linear in the siblings on the way), so a value's ancestors are found
 * once, by one descent, instead of one descent per step up.
 */
function ancestorsOf(node: Node, top: Node): Node[] {
  const path: Node[] = [];
  let here: Node | null = top;
  for (let depth = 0; depth < MAX_DESCENT && here; depth++) {
    if (here.id === node.id) return path;
    path.push(here);
    // Note that this returns `node` itself once `here` is its parent.
    here = here.childWithDescendant(node);
  }
  // Not reached (deeper than MAX_DESCENT, or not below `top`): no known ancestors.
  return [];
}

/** Climbs from a value (whose ancestors are `path`) through what keeps it the same value, to where it lands. */
function landingOf(value: Node, path: readonly Node[]): Landing | undefined {
  let from = value;
  let at = path.length - 1;
  for (let i = 0; i < MAX_CLIMB && at >= 0; i++) {
    const p = path[at];
    const outer = at > 0 ? path[at - 1] : undefined;
    if (TRANSPARENT.has(p.type)) {
      from = p;
      at--;
      continue;
    }
    if (p.type === 'attribute' && p.childForFieldName('object')?.id === from.id) {
      const method = p.childForFieldName('attribute')?.text ?? '';
      if (SAME_VALUE_METHOD.test(method) && outer?.type === 'call' && outer.childForFieldName('function')?.id === p.id) {
        from = outer;
        at -= 2;
        continue;
      }
      return { place: p, from, outer };
    }
    // `"".join(c for c in ...)`: a lone generator is the call's arguments itself.
    if (p.type === 'call' && from.type === 'generator_expression' && ENCODER_CALL.test(p.childForFieldName('function')?.text ?? '')) {
      from = p;
      at--;
      continue;
    }
    if (p.type === 'argument_list' && outer?.type === 'call' && ENCODER_CALL.test(outer.childForFieldName('function')?.text ?? '')) {
      from = outer;
      at -= 2;
      continue;
    }
    return { place: p, from, outer };
  }
  return undefined;
}

/** A read of a local, not a new assignment to it, `obj.name` or a keyword's name. */
function isRead(id: Node, parent: Node | undefined): boolean {
  if (!parent) return false;
  if (parent.type === 'assignment' && parent.childForFieldName('left')?.id === id.id) return false;
  if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) return false;
  return !(parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id);
}

function classify(place: Node, from: Node, outer: Node | undefined, passwordInput: boolean, fn: Node | null): ValueUse | undefined {
  switch (place.type) {
    case 'return_statement':
      if (passwordInput) return 'password';
      return fn !== null && isView(fn) ? 'client' : undefined;
    case 'assignment':
    case 'augmented_assignment': {
      if (place.childForFieldName('right')?.id !== from.id) return undefined;
      return classifyTarget(place.childForFieldName('left'), passwordInput);
    }
    case 'keyword_argument': {
      if (place.childForFieldName('value')?.id !== from.id) return undefined;
      const name = place.childForFieldName('name')?.text ?? '';
      if (PASSWORD_PLACE.test(name)) return 'password';
      if (SIGNATURE_PLACE.test(name)) return 'mac';
      return CACHE_NAME.test(name) ? 'cache-key' : undefined;
    }
    case 'argument_list':
      return classifyArgument(outer, passwordInput);
    case 'comparison_operator': {
      const other = place.namedChildren.find((c) => c !== null && c.id !== from.id);
      const text = other?.text ?? '';
      if (passwordInput || PASSWORD_PLACE.test(text)) return 'password';
      return SIGNATURE_PLACE.test(text) ? 'mac' : undefined;
    }
    case 'subscript':
      // `cache[digest]`: the value is the index.
      return place.childForFieldName('subscript')?.id === from.id ? 'cache-key' : undefined;
    case 'pair':
      if (place.childForFieldName('key')?.id === from.id) return 'cache-key';
      return classifyKey(place.childForFieldName('key'));
    default:
      return undefined;
  }
}

function classifyTarget(target: Node | null, passwordInput: boolean): ValueUse | undefined {
  if (!target) return undefined;
  if (target.type === 'attribute') {
    const name = target.childForFieldName('attribute')?.text ?? '';
    if (PASSWORD_PLACE.test(name) || passwordInput) return 'password';
    return CACHE_NAME.test(name) ? 'cache-key' : undefined;
  }
  if (target.type === 'subscript') {
    const key = target.childForFieldName('subscript');
    const object = target.childForFieldName('value')?.text ?? '';
    if (passwordInput) return 'password';
    const byKey = classifyKey(key);
    if (byKey !== undefined) return byKey;
    return CACHE_OBJECT.test(object) ? 'cache-key' : undefined;
  }
  if (target.type === 'identifier' && CACHE_NAME.test(target.text)) return 'cache-key';
  return undefined;
}

/** A dict key or header name the value is stored under. */
function classifyKey(key: Node | null): ValueUse | undefined {
  if (!key || key.type !== 'string') return undefined;
  const text = key.text;
  if (PASSWORD_PLACE.test(text)) return 'password';
  if (SIGNATURE_PLACE.test(text)) return 'mac';
  return CACHE_NAME.test(text) ? 'cache-key' : undefined;
}

/** `call`: the call whose argument list the value is in. */
function classifyArgument(call: Node | undefined, passwordInput: boolean): ValueUse | undefined {
  const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
  const text = callee?.text ?? '';
  const last = text.slice(text.lastIndexOf('.') + 1);
  if (PASSWORD_CALL.test(last)) return 'password';
  if (text === 'hmac.compare_digest' || text === 'compare_digest' || text === 'secrets.compare_digest') {
    return passwordInput ? 'password' : 'mac';
  }
  if (last === 'set_cookie' || last === 'set_signed_cookie') return 'client';
  if (callee?.type === 'attribute' && CACHE_OBJECT.test(callee.childForFieldName('object')?.text ?? '')) return 'cache-key';
  return undefined;
}

/** `x = <value>`: the local the value now lives in. */
function assignedLocal(place: Node, from: Node): string | undefined {
  if (place.type !== 'assignment' || place.childForFieldName('right')?.id !== from.id) return undefined;
  const left = place.childForFieldName('left');
  return left?.type === 'identifier' ? left.text : undefined;
}

/**
 * Reads of `name` in `fn` within MAX_FOLLOW_LINES after `after` (its assignment), at most
 * MAX_USES_PER_LOCAL.
 */
function usesOf(name: string, fn: Node, after: Node, source: string): Node[] {
  const body = fn.childForFieldName('body');
  if (!body) return [];
  const start = after.endPosition;
  const end = { row: start.row + MAX_FOLLOW_LINES, column: 0 };
  // The text first: most windows never mention the name again, and nodes cost far more than text.
  const window = sliceLines(source, after.endIndex, MAX_FOLLOW_LINES);
  if (!wordIn(window, name)) return [];
  const out: Node[] = [];
  for (const id of body.descendantsOfType('identifier', start, end)) {
    if (!id || id.text !== name) continue;
    out.push(id);
    if (out.length >= MAX_USES_PER_LOCAL) break;
  }
  return out;
}

/** The text from `from` to the end of the `lines`-th line after it. */
function sliceLines(source: string, from: number, lines: number): string {
  let end = from;
  for (let i = 0; i < lines && end !== -1; i++) end = source.indexOf('\n', end + 1);
  return source.slice(from, end === -1 ? source.length : end);
}

function wordIn(text: string, word: string): boolean {
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + 1)) {
    const before = i === 0 ? '' : text[i - 1];
    const after = text[i + word.length] ?? '';
    if (!/\w/.test(before) && !/\w/.test(after)) return true;
  }
  return false;
}

function hasPasswordParameterIn(call: Node, fn: Node): boolean {
  const params = new Set<string>();
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p) continue;
    const id = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier') ?? null);
    if (id && PASSWORD_PARAMETER.test(id.text)) params.add(id.text);
  }
  if (params.size === 0) return false;
  const args = call.childForFieldName('arguments');
  return args !== null && args.descendantsOfType('identifier').some((id) => id !== null && params.has(id.text));
}

function isView(fn: Node): boolean {
  const decorated = fn.parent;
  if (decorated?.type !== 'decorated_definition') return false;
  return decorated.namedChildren.some((d) => d?.type === 'decorator' && VIEW_DECORATOR.test(d.text));
}
