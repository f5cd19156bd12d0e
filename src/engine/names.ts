/**
 * Python name resolution, enough for rules to match qualified names:
 * `import a.b as c`, `from a import b as c`, attribute chains, and classes that derive
 * from a matched callee (their instantiation and their `super().__init__` call it).
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { ImportStatement } from './import-text.js';

export class NameResolver {
  /** Per scope (function or module node id): name → right-hand sides assigned to it. */
  private readonly assignmentCache = new Map<number, Map<string, Node[]>>();
  private readonly parameterCache = new Map<number, Set<string>>();
  /** Per scope: name → every value bound to it (assignment right-hand sides, `with ... as`). */
  private readonly bindingCache = new Map<number, Map<string, Node[]>>();

  /** Local name → qualified name, from imports anywhere in the file. */
  private readonly aliases = new Map<string, string>();
  /** Class name → qualified names of its bases. */
  private readonly classBases = new Map<string, string[]>();

  /**
   * @param root the module node, so scope look-ups need not climb the tree.
   * @param receiverMethods method names worth resolving through their receiver's binding
   *   (`t = tarfile.open(p); t.extractall()`); the rules name them, and resolving every
   *   `obj.method()` in a file would cost a scope walk per call.
   */
  constructor(
    readonly root?: Node,
    private readonly receiverMethods: ReadonlySet<string> | 'all' = 'all',
  ) {}

  addImport(node: Node): void {
    if (node.type === 'import_statement') {
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'dotted_name') {
          // `import a.b` binds `a`; `a.b.c` then qualifies as itself.
          const first = child.text.split('.')[0];
          this.aliases.set(first, first);
        } else if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text;
          const alias = child.childForFieldName('alias')?.text;
          if (name && alias) this.aliases.set(alias, name);
        }
      }
      return;
    }
    if (node.type === 'import_from_statement') {
      const moduleNode = node.childForFieldName('module_name');
      if (!moduleNode) return;
      const module = moduleNode.text.replace(/^\.+/, '');
      for (const child of node.childrenForFieldName('name')) {
        if (!child) continue;
        if (child.type === 'dotted_name') {
          this.aliases.set(child.text, module ? `${module}.${child.text}` : child.text);
        } else if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text;
          const alias = child.childForFieldName('alias')?.text;
          if (name && alias) this.aliases.set(alias, module ? `${module}.${name}` : name);
        }
      }
    }
  }

  /** The same as addImport, from the statement's text (see import-text.ts). */
  addImportStatement(statement: ImportStatement): void {
    if (statement.from === undefined) {
      for (const { name, alias } of statement.names) {
        if (alias !== undefined) this.aliases.set(alias, name);
        else this.aliases.set(name.split('.')[0], name.split('.')[0]);
      }
      return;
    }
    const module = statement.from.replace(/^\.+/, '');
    for (const { name, alias } of statement.names) this.aliases.set(alias ?? name, module ? `${module}.${name}` : name);
  }

  /** The same as addClass, from base classes read as dotted names from the text. */
  addClassBases(name: string, baseTexts: readonly string[]): void {
    const bases = baseTexts.map((text) => {
      const dot = text.indexOf('.');
      const first = dot < 0 ? text : text.slice(0, dot);
      const head = this.aliases.get(first) ?? first;
      return dot < 0 ? head : `${head}${text.slice(dot)}`;
    });
    if (bases.length) this.classBases.set(name, bases);
  }

  addClass(node: Node): void {
    const name = node.childForFieldName('name')?.text;
    const supers = node.childForFieldName('superclasses');
    if (!name || !supers) return;
    const bases: string[] = [];
    for (const arg of supers.namedChildren) {
      if (!arg || arg.type === 'keyword_argument') continue;
      const q = this.qualify(arg);
      if (q) bases.push(q);
    }
    if (bases.length) this.classBases.set(name, bases);
  }

  /**
   * Assignments `name = value` made in a function (or the module) itself, not in nested
   * functions or classes; computed once per scope, so constant lookups stay linear.
   */
  assignments(scope: Node): ReadonlyMap<string, readonly Node[]> {
    let map = this.assignmentCache.get(scope.id);
    if (map) return map;
    const found = new Map<string, Node[]>();
    walkScope(scope, STATEMENT_CONTAINERS, (child) => {
      if (child.type !== 'assignment') return;
      const left = child.childForFieldName('left');
      const right = child.childForFieldName('right');
      if (left?.type === 'identifier' && right) {
        const list = found.get(left.text) ?? [];
        list.push(right);
        found.set(left.text, list);
      }
    });
    map = found;
    this.assignmentCache.set(scope.id, map);
    return map;
  }

  parameters(fn: Node): ReadonlySet<string> {
    let set = this.parameterCache.get(fn.id);
    if (set) return set;
    set = new Set();
    for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!p) continue;
      const id = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier'));
      if (id) set.add(id.text);
    }
    this.parameterCache.set(fn.id, set);
    return set;
  }

  /** Qualified names a class defined in this file derives from, transitively; [] otherwise. */
  ancestorsOf(localName: string): string[] {
    return this.basesOf(localName);
  }

  isClass(localName: string): boolean {
    return this.classBases.has(localName);
  }

  /** The module an imported local name came from, if any (for `import` rules and sources). */
  importedAs(localName: string): string | undefined {
    return this.aliases.get(localName);
  }

  /**
   * Qualified dotted name of an identifier or attribute chain; null for other shapes.
   * `f(x).g` qualifies as `f().g`, so rules can name methods of a call's result. A loop, not
   * a recursion: a chain of 12,000 `.b` is one walk down and one join.
   */
  qualify(node: Node): string | null {
    const tail: string[] = [];
    let n: Node = node;
    for (;;) {
      if (n.type === 'identifier') {
        tail.push(this.aliases.get(n.text) ?? n.text);
        break;
      }
      if (n.type !== 'attribute') return null;
      const object = n.childForFieldName('object');
      const attr = n.childForFieldName('attribute');
      if (!object || !attr) return null;
      tail.push(`.${attr.text}`);
      if (object.type !== 'call') {
        n = object;
        continue;
      }
      const fn = object.childForFieldName('function');
      if (!fn) return null;
      if (fn.type === 'identifier' && fn.text === 'super') {
        tail.push('super()');
        break;
      }
      tail.push('()');
      n = fn;
    }
    let out = '';
    for (let i = tail.length - 1; i >= 0; i--) out += tail[i];
    return out;
  }

  /** `f(x).g` qualifies as `f().g`, so rules can name methods of a call's result. */
  private qualifyCallResult(call: Node): string | null {
    const fn = call.childForFieldName('function');
    if (!fn) return null;
    if (fn.type === 'identifier' && fn.text === 'super') return 'super()';
    const q = this.qualify(fn);
    return q === null ? null : `${q}()`;
  }

  /**
   * Every qualified name a call's callee stands for: its own, and for a class deriving
   * (transitively) from other classes, those bases; `super().__init__` in a subclass
   * stands for the base classes.
   */
  calleeNames(call: Node): string[] {
    const fn = call.childForFieldName('function');
    if (!fn) return [];
    const own = this.qualify(fn);
    if (own === null) return [];
    if (own === 'super().__init__') {
      const cls = enclosingClassName(call);
      return cls ? this.basesOf(cls) : [];
    }
    const local = fn.type === 'identifier' ? fn.text : null;
    if (local && this.classBases.has(local)) return [own, ...this.basesOf(local)];
    const viaReceiver = this.receiverCallName(fn);
    return viaReceiver ? [own, viaReceiver] : [own];
  }

  /**
   * calleeNames for a callee read from the text as a plain dotted chain (`a.b.c(`), without
   * the tree; undefined where the tree is needed: `super()`, a local class (its bases), and
   * `x.m()` where m is a method worth resolving through x's binding.
   */
  namesOfChain(chain: readonly string[]): string[] | undefined {
    const first = chain[0];
    if (first === undefined || first === 'super') return undefined;
    const target = this.aliases.get(first);
    if (chain.length === 1 && target === undefined && this.classBases.has(first)) return undefined;
    if (chain.length === 2 && target === undefined && (this.receiverMethods === 'all' || this.receiverMethods.has(chain[1]))) {
      return undefined;
    }
    const head = target ?? first;
    return [chain.length === 1 ? head : `${head}.${chain.slice(1).join('.')}`];
  }

  /**
   * `t = tarfile.open(p); t.extractall()` and `with tarfile.open(p) as t: t.extractall()`:
   * a method called on a local name bound exactly once, to a call's result, also stands for
   * `tarfile.open().extractall`, so rules can name methods of what a factory returns.
   */
  private receiverCallName(fn: Node): string | null {
    if (fn.type !== 'attribute') return null;
    const object = fn.childForFieldName('object');
    const attr = fn.childForFieldName('attribute');
    if (object?.type !== 'identifier' || !attr || this.aliases.has(object.text)) return null;
    if (this.receiverMethods !== 'all' && !this.receiverMethods.has(attr.text)) return null;
    const scope = enclosingFunction(fn);
    const module = this.root ?? moduleOf(fn);
    const scopes = scope ? [scope, module] : [module];
    for (const s of scopes) {
      const bound = this.bindings(s).get(object.text);
      if (bound) {
        if (bound.length !== 1 || bound[0].type !== 'call') return null;
        const q = this.qualifyCallResult(bound[0]);
        return q === null ? null : `${q}.${attr.text}`;
      }
      if (s.type === 'function_definition' && this.parameters(s).has(object.text)) return null;
    }
    return null;
  }

  /** Names bound in a scope (not nested functions or classes); a loop target counts as unknown. */
  private bindings(scope: Node): ReadonlyMap<string, readonly Node[]> {
    let map = this.bindingCache.get(scope.id);
    if (map) return map;
    const found = new Map<string, Node[]>();
    const bind = (target: Node | null, value: Node): void => {
      if (target?.type !== 'identifier') return;
      const list = found.get(target.text) ?? [];
      list.push(value);
      found.set(target.text, list);
    };
    walkScope(scope, BINDING_CONTAINERS, (child, parent) => {
      const t = child.type;
      if (t === 'assignment' || t === 'augmented_assignment') {
        const right = child.childForFieldName('right');
        if (right) bind(child.childForFieldName('left'), right);
      } else if (t === 'for_statement') {
        bind(child.childForFieldName('left'), child);
      } else if (t === 'as_pattern' && parent.type !== 'except_clause') {
        const value = child.namedChildren[0];
        const target = child.childForFieldName('alias')?.namedChildren[0] ?? null;
        if (value) bind(target, value);
      }
    });
    map = found;
    this.bindingCache.set(scope.id, map);
    return map;
  }

  /** Depth-first, pre-order, with an explicit stack: a chain of 10,000 classes is a loop. */
  private basesOf(className: string): string[] {
    const seen = new Set<string>([className]);
    const out: string[] = [];
    const stack: string[][] = [[...(this.classBases.get(className) ?? [])].reverse()];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const base = top.pop();
      if (base === undefined) {
        stack.pop();
        continue;
      }
      out.push(base);
      if (this.classBases.has(base) && !seen.has(base)) {
        seen.add(base);
        stack.push([...(this.classBases.get(base) ?? [])].reverse());
      }
    }
    return out;
  }
}

/** Statements whose bodies still belong to the same scope. */
const STATEMENT_CONTAINERS = new Set([
  'expression_statement',
  'block',
  'if_statement',
  'elif_clause',
  'else_clause',
  'for_statement',
  'while_statement',
  'try_statement',
  'except_clause',
  'finally_clause',
  'with_statement',
  'match_statement',
  'case_clause',
]);

/** What bindings() also looks into: `with` items and parentheses around them. */
const BINDING_CONTAINERS = new Set([...STATEMENT_CONTAINERS, 'with_clause', 'with_item', 'parenthesized_expression']);

/**
 * Visits, in document order, the named nodes of a scope's own statements (not nested
 * functions, classes or lambdas), descending only into `containers`. An explicit stack:
 * nesting depth costs memory, never the call stack.
 */
function walkScope(scope: Node, containers: ReadonlySet<string>, visit: (child: Node, parent: Node) => void): void {
  const start = scope.type === 'function_definition' ? (scope.childForFieldName('body') ?? scope) : scope;
  const stack: Array<{ readonly parent: Node; readonly children: Array<Node | null>; i: number }> = [
    { parent: start, children: start.namedChildren, i: 0 },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.i >= frame.children.length) {
      stack.pop();
      continue;
    }
    const child = frame.children[frame.i++];
    if (!child) continue;
    const t = child.type;
    if (t === 'function_definition' || t === 'class_definition' || t === 'lambda') continue;
    visit(child, frame.parent);
    if (containers.has(t)) stack.push({ parent: child, children: child.namedChildren, i: 0 });
  }
}

function moduleOf(node: Node): Node {
  let root = node;
  while (root.parent) root = root.parent;
  return root;
}

export function enclosingClassName(node: Node): string | null {
  return enclosingOfType(node, 'class_definition')?.childForFieldName('name')?.text ?? null;
}

export function enclosingFunction(node: Node): Node | null {
  return enclosingOfType(node, 'function_definition');
}

/**
 * Definitions of each type in a tree, in document order, found in one call. `node.parent`
 * costs a descent from the root in web-tree-sitter, so climbing from a node 10,000 levels
 * down costs 10,000² steps; a search by position over the definitions does not.
 */
const definitionsByTree = new WeakMap<Tree, Map<string, readonly Node[]>>();

function definitionsOf(tree: Tree, type: string): readonly Node[] {
  let byType = definitionsByTree.get(tree);
  if (!byType) {
    byType = new Map();
    definitionsByTree.set(tree, byType);
  }
  let list = byType.get(type);
  if (!list) {
    list = tree.rootNode.descendantsOfType(type).filter((n): n is Node => n !== null);
    byType.set(type, list);
  }
  return list;
}

/** The innermost definition of `type` strictly around `node` (not `node` itself). */
function enclosingOfType(node: Node, type: string): Node | null {
  const defs = definitionsOf(node.tree, type);
  // The last definition starting at or before the node, then back to the first that holds it.
  let lo = 0;
  let hi = defs.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (defs[mid].startIndex <= node.startIndex) {
      at = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  for (let i = at; i >= 0; i--) {
    const d = defs[i];
    if (d.id !== node.id && d.endIndex >= node.endIndex && !(d.startIndex === node.startIndex && d.endIndex === node.endIndex && isAncestorOrSelf(node, d))) {
      return d;
    }
  }
  return null;
}

/** Same span: is `maybeInner` the definition itself or inside it (a one-child wrapper)? Rare; a short climb. */
function isAncestorOrSelf(outer: Node, maybeInner: Node): boolean {
  for (let n: Node | null = maybeInner; n && n.startIndex === outer.startIndex && n.endIndex === outer.endIndex; n = n.parent) {
    if (n.id === outer.id) return true;
  }
  return false;
}
