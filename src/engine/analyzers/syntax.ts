/**
 * Small syntax helpers shared by the reviewer-concern analyzers. They work from text anchors
 * (a regex hit in the source, then the node there) or from one call, never by walking the
 * whole tree per call, so a file without the relevant words costs one regex test.
 */
import type { Node } from 'web-tree-sitter';
import { callArguments, type CallArguments } from '../arguments.js';
import { anchoredTreeOf } from '../text-anchors.js';

export { callArguments, type CallArguments };

/** Nodes that open a new scope: their bodies are not part of the enclosing function. */
const SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);

/** The innermost node exactly covering [start, end), or null. */
export function nodeAt(root: Node, start: number, end: number): Node | null {
  if (root.type === 'module') return anchoredTreeOf(root).nodeSpanning(start, end) ?? null;
  const node = root.descendantForIndex(start, end);
  return node && node.startIndex === start && node.endIndex === end ? node : null;
}

/** Every start index of `re` (which must be global) in `text`. */
export function matchIndices(text: string, re: RegExp): Array<{ index: number; match: RegExpExecArray }> {
  const out: Array<{ index: number; match: RegExpExecArray }> = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ index: m.index, match: m });
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

/**
 * Calls whose callee's last name segment matches `names` (a regex alternation such as
 * `run|Popen`), found from the text: a regex over the source, then the node at each hit.
 * Costs nothing in files without the names, unlike resolving every call.
 */
export function callsNamed(root: Node, source: string, names: string): Node[] {
  const out: Node[] = [];
  for (const { index, match } of matchIndices(source, new RegExp(`\\b(?:${names})\\b(?=\\s*\\()`, 'g'))) {
    const id = nodeAt(root, index, index + match[0].length);
    if (id?.type !== 'identifier') continue;
    const parent = id.parent;
    const fn = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id ? parent : id;
    const call = fn.parent;
    if (call?.type === 'call' && call.childForFieldName('function')?.id === fn.id) out.push(call);
  }
  return out;
}

/**
 * The file-level gate of all the concern analyzers, computed in ONE pass over the file and
 * shared between them (each pass over a large file costs as much as a small analyzer).
 */
const GATE_WORDS = /environ|getenv|socket|rand|secrets|kill|KILL|subprocess|Popen|exec[lv]|spawn[lv]|posix_spawn/g;
let gateSource: string | undefined;
let gateFound: ReadonlySet<string> = new Set();

/** Whether the source contains any of `words` (each one of the alternatives of GATE_WORDS). */
export function containsAny(source: string, words: readonly string[]): boolean {
  if (source !== gateSource) {
    const found = new Set<string>();
    for (const m of source.matchAll(GATE_WORDS)) found.add(m[0]);
    gateSource = source;
    gateFound = found;
  }
  return words.some((w) => gateFound.has(w));
}

/** Skips parentheses around an expression. */
export function unwrap(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildren[0]) n = n.namedChildren[0];
  return n;
}

/** The nearest ancestor that is not a parenthesized expression. */
export function parentSkippingParens(node: Node): Node | null {
  let p = node.parent;
  while (p && p.type === 'parenthesized_expression') p = p.parent;
  return p;
}

/** The call whose argument list holds `arg` (positionally or as a keyword value), if any. */
export function callOfArgument(arg: Node): Node | null {
  let p = parentSkippingParens(arg);
  if (p?.type === 'keyword_argument') p = p.parent;
  return p?.type === 'argument_list' ? p.parent : null;
}

/** The last name segment of a call's callee (`a.b.c(...)` → `c`), or null for other shapes. */
export function calleeKey(call: Node): string | null {
  const fn = call.childForFieldName('function');
  if (!fn) return null;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'attribute') return fn.childForFieldName('attribute')?.text ?? null;
  return null;
}

/** The nearest enclosing function definition, or null at module or class level. */
export function enclosingFunction(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition') return n;
    if (n.type === 'class_definition') return null;
  }
  return null;
}

export function functionName(fn: Node | null): string {
  return fn?.childForFieldName('name')?.text ?? '';
}

/** The statement (child of a block or the module) that holds a node. */
export function statementOf(node: Node): Node {
  let n = node;
  while (n.parent && n.parent.type !== 'block' && n.parent.type !== 'module') n = n.parent;
  return n;
}

/**
 * Visits every node inside a scope (a function's body or the module) without entering
 * nested functions, classes or lambdas. `visit` returning false skips the node's children.
 */
export function walkScope(scope: Node, visit: (node: Node) => boolean | void): void {
  const body = scope.type === 'function_definition' ? scope.childForFieldName('body') : scope;
  if (!body) return;
  const cursor = body.walk();
  try {
    let more = cursor.gotoFirstChild();
    while (more) {
      const type = cursor.nodeType;
      let descend = false;
      if (!SCOPES.has(type) && cursor.nodeIsNamed) descend = visit(cursor.currentNode) !== false;
      if (descend && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || cursor.nodeId === body.id) {
          more = false;
          break;
        }
      }
    }
  } finally {
    cursor.delete();
  }
}

/** A source excerpt for messages: whitespace collapsed, cut at `max` characters. */
export function excerpt(node: Node, max = 40): string {
  const text = node.text.replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Regex-escapes a dotted name for use in a text search. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The value of a string literal without interpolation, or null. */
export function stringValue(node: Node): string | null {
  const n = unwrap(node);
  if (n.type !== 'string') return null;
  let text = '';
  for (const child of n.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') return null;
    if (child.type === 'string_content' || child.type === 'escape_sequence') text += child.text;
  }
  return text;
}

/**
 * Identifiers in `node` that stand for themselves (not the object of `x.attr`), e.g. the
 * socket in `return s`. An explicit stack: expressions can nest thousands deep.
 */
export function bareIdentifiers(node: Node, out: Set<string> = new Set()): Set<string> {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === 'identifier') {
      out.add(n.text);
      continue;
    }
    if (n.type === 'attribute' || SCOPES.has(n.type)) continue;
    if (n.type === 'call') {
      // `f(s)` hands `s` over; `s.method()` does not hand over `s` itself.
      const fn = n.childForFieldName('function');
      const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
      if (object && object.type !== 'identifier') stack.push(object);
      const args = n.childForFieldName('arguments');
      if (args) stack.push(args);
      continue;
    }
    const children = n.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (c) stack.push(c);
    }
  }
  return out;
}
