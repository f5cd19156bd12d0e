/**
 * Finds the nodes the engine needs from the source text first, then asks the tree only at
 * those spots. Walking every node of a tree (a query over the whole file does) costs about
 * a fifth of parsing it; a text search and a few lookups per hit cost far less, and a file
 * without the words costs one search.
 *
 * A lookup starts at the top-level statement holding a hit, found by a binary search over
 * the module's children: a search from the module itself walks them one by one each time.
 * From there, one or two levels up are parent look-ups, and a whole path is a descent; every
 * node access crosses into WASM, so the fewer the better.
 */
import type { Node } from 'web-tree-sitter';
import type { Pattern } from './pattern.js';

const IMPORT_KEYWORD = /\bimport\b/g;
const CLASS_KEYWORD = /\bclass\b/g;
const IMPORT_STATEMENTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

export class AnchoredTree {
  private topLevel: readonly Node[] | undefined;

  constructor(
    readonly root: Node,
    readonly source: string,
  ) {}

  /** Nodes from the top-level statement holding [start, end) down to the smallest one spanning it. */
  pathTo(start: number, end: number): Node[] {
    const top = this.topLevelAt(start);
    if (!top || end > top.endIndex) return [];
    const target = top.descendantForIndex(start, end);
    if (!target) return [];
    const path: Node[] = [top];
    for (let node = top; node.id !== target.id; ) {
      const child = node.childWithDescendant(target);
      if (!child) break;
      path.push(child);
      node = child;
    }
    return path;
  }

  /** The smallest node spanning exactly [start, end), or undefined. */
  nodeSpanning(start: number, end: number): Node | undefined {
    const top = this.topLevelAt(start);
    if (!top || end > top.endIndex) return undefined;
    const node = top.descendantForIndex(start, end);
    return node && node.startIndex === start && node.endIndex === end ? node : undefined;
  }

  /** The top-level statement (or comment) holding `index`. */
  topLevelAt(index: number): Node | undefined {
    this.topLevel ??= this.root.children.filter((c): c is Node => c !== null);
    const nodes = this.topLevel;
    let lo = 0;
    let hi = nodes.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (nodes[mid].startIndex <= index) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    const node = nodes[found];
    return node && index < node.endIndex ? node : undefined;
  }
}

const anchoredTrees = new WeakMap<Node, AnchoredTree>();

/**
 * One AnchoredTree per root node, so every analyzer shares its index of the module's
 * children. Without `source`, any tree for the root will do (for node look-ups only).
 */
export function anchoredTreeOf(root: Node, source?: string): AnchoredTree {
  let tree = anchoredTrees.get(root);
  if (!tree || (source !== undefined && tree.source !== source)) {
    tree = new AnchoredTree(root, source ?? '');
    anchoredTrees.set(root, tree);
  }
  return tree;
}

/** The node spanning exactly [start, end) with its parent and, when asked, its grandparent. */
function spanning(tree: AnchoredTree, start: number, end: number, grandparent = false): [Node, Node | null, Node | null] | undefined {
  const node = tree.nodeSpanning(start, end);
  if (!node) return undefined;
  // Parent look-ups cost less than a descent that crosses into WASM at every level.
  const parent = node.parent;
  return [node, parent, grandparent && parent && parent.id !== tree.root.id ? parent.parent : null];
}

/** Every import statement, in document order. */
export function findImportStatements(tree: AnchoredTree): Node[] {
  const out: Node[] = [];
  let last = -1;
  for (const m of tree.source.matchAll(IMPORT_KEYWORD)) {
    const [keyword, statement] = spanning(tree, m.index, m.index + 6) ?? [];
    // `from a import b` and `import c` each hold one `import` keyword.
    if (keyword?.type === 'import' && statement && IMPORT_STATEMENTS.has(statement.type) && statement.id !== last) {
      out.push(statement);
      last = statement.id;
    }
  }
  return out;
}

export interface FoundClass {
  readonly definition: Node;
  /** Where its `class` keyword starts. */
  readonly keywordAt: number;
}

/** Every class definition, in document order. */
export function findClasses(tree: AnchoredTree): FoundClass[] {
  const out: FoundClass[] = [];
  for (const m of tree.source.matchAll(CLASS_KEYWORD)) {
    const [keyword, definition] = spanning(tree, m.index, m.index + 5) ?? [];
    if (keyword?.type === 'class' && definition?.type === 'class_definition') out.push({ definition, keywordAt: m.index });
  }
  return out;
}

/** Blanks between a callee and its `(`; a backslash continues the line. */
function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c || c === 0x5c;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** ASCII name characters; a name with others is not one the rules ask for. */
function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || isDigit(c) || c === 0x5f;
}

export interface FoundCall {
  readonly call: Node;
  /** The callee's last name: `c` in `a.b.c(...)`. */
  readonly key: string;
  readonly keyEnd: number;
  /** The callee is a bare name (`c(...)`), not an attribute. */
  readonly bare: boolean;
}

/**
 * Calls whose callee's last name passes `wanted`, in document order. Only names that stand
 * before a `(` in the text are looked up in the tree; strings and comments that look like
 * calls are dropped there. A name with non-ASCII letters (`é_run(`) reads as its ASCII tail,
 * which the tree lookup then refuses.
 */
export function findCalls(tree: AnchoredTree, wanted: (name: string) => boolean, overBudget?: () => boolean): FoundCall[] {
  const source = tree.source;
  const out: FoundCall[] = [];
  let n = 0;
  // From each `(` back over blanks to a name: cheaper than a regex tried at every name.
  for (let paren = source.indexOf('('); paren >= 0; paren = source.indexOf('(', paren + 1)) {
    let end = paren;
    while (end > 0 && isBlank(source.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > 0 && isNameChar(source.charCodeAt(start - 1))) start--;
    if (start === end || isDigit(source.charCodeAt(start))) continue;
    const key = source.slice(start, end);
    if (!wanted(key)) continue;
    if (overBudget && ++n % 256 === 0 && overBudget()) break;
    const [id, parent, grandparent] = spanning(tree, start, end, true) ?? [];
    if (id?.type !== 'identifier' || !parent) continue;
    const bare = !(parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id);
    const fn = bare ? id : parent;
    const call = bare ? parent : grandparent;
    if (call?.type === 'call' && call.childForFieldName('function')?.id === fn.id) out.push({ call, key, keyEnd: end, bare });
  }
  return out;
}

/**
 * The nodes a query must run on to see every match around the hits of `re` (global), in
 * document order and none inside another. With `roots` (the types a query's patterns can
 * match at their top), the outermost such node around each hit; a hit with none around it
 * cannot be part of a match. Without, the statement holding the hit (a hit in a compound
 * statement's header, `except E:`, gives the whole compound statement).
 */
export function nodesAroundMatches(tree: AnchoredTree, re: RegExp | Pattern, roots?: ReadonlySet<string>): Node[] {
  const out: Node[] = [];
  let coveredUntil = -1;
  // A Pattern (a rule's prefilter) may run on RE2; a RegExp here must have the global flag.
  for (const m of re instanceof RegExp ? tree.source.matchAll(re) : re.matchAll(tree.source)) {
    // A hit inside a node already found adds nothing: its query sees the whole node.
    if (m.index < coveredUntil) continue;
    const path = tree.pathTo(m.index, m.index + 1);
    const node = roots ? path.find((n) => roots.has(n.type)) : statementOf(path);
    if (!node) continue;
    // A compound statement found from a later clause (`except`) holds those found before.
    while (out.length > 0 && out[out.length - 1].startIndex >= node.startIndex) out.pop();
    out.push(node);
    coveredUntil = node.endIndex;
  }
  return out;
}

/** The innermost statement (a child of a block, or a top-level one) on a path from the top. */
function statementOf(path: readonly Node[]): Node | undefined {
  let statement = path[0];
  for (let i = 1; i < path.length; i++) if (path[i - 1].type === 'block') statement = path[i];
  return statement;
}

const NAME_AT = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * `a.b.c` when the source from `start` reads `a.b.c(` with `c` ending at `keyEnd`; undefined
 * for any other shape (`a.b(x).c(y)` starts with `a.b(`, which names the inner call). Reading
 * the text spares tree lookups per call.
 */
export function calleeChain(source: string, start: number, keyEnd: number): string[] | undefined {
  const chain: string[] = [];
  let i = start;
  for (;;) {
    NAME_AT.lastIndex = i;
    const m = NAME_AT.exec(source);
    if (!m) return undefined;
    chain.push(m[0]);
    i += m[0].length;
    const c = source.charCodeAt(i);
    if (c === 0x28 /* ( */) return i === keyEnd ? chain : undefined;
    if (c !== 0x2e /* . */) return undefined;
    i++;
  }
}
