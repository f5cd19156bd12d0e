/**
 * Python name resolution, enough for rules to match qualified names:
 * `import a.b as c`, `from a import b as c`, attribute chains, and classes that derive
 * from a matched callee (their instantiation and their `super().__init__` call it).
 * A name imported as two modules (`try: import lxml.etree as ET` / `except ImportError:
 * import xml.etree.ElementTree as ET`) stands for both in calleeNames; a local name used as
 * a receiver stands for the values of the bindings that reach the use (see reachingValues).
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { ImportStatement } from './import-text.js';

export class NameResolver {
  /** Per scope (function or module node id): name → right-hand sides assigned to it. */
  private readonly assignmentCache = new Map<number, Map<string, Node[]>>();
  private readonly parameterCache = new Map<number, Set<string>>();
  /** Per scope: name → its bindings in document order, and the names declared global/nonlocal. */
  private readonly bindingCache = new Map<number, ScopeBindings>();

  /** Local name → qualified name, from imports anywhere in the file; the last import wins. */
  private readonly aliases = new Map<string, string>();
  /** Local names imported as more than one qualified name, each in the order first seen. */
  private readonly alternatives = new Map<string, string[]>();
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
          this.bindAlias(first, first);
        } else if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text;
          const alias = child.childForFieldName('alias')?.text;
          if (name && alias) this.bindAlias(alias, name);
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
          this.bindAlias(child.text, module ? `${module}.${child.text}` : child.text);
        } else if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text;
          const alias = child.childForFieldName('alias')?.text;
          if (name && alias) this.bindAlias(alias, module ? `${module}.${name}` : name);
        }
      }
    }
  }

  private bindAlias(local: string, target: string): void {
    const previous = this.aliases.get(local);
    this.aliases.set(local, target);
    if (previous === undefined || previous === target) return;
    const list = this.alternatives.get(local) ?? [previous];
    if (!list.includes(target)) list.push(target);
    this.alternatives.set(local, list);
  }

  /** The same as addImport, from the statement's text (see import-text.ts). */
  addImportStatement(statement: ImportStatement): void {
    if (statement.from === undefined) {
      for (const { name, alias } of statement.names) {
        if (alias !== undefined) this.bindAlias(alias, name);
        else this.bindAlias(name.split('.')[0], name.split('.')[0]);
      }
      return;
    }
    const module = statement.from.replace(/^\.+/, '');
    for (const { name, alias } of statement.names) this.bindAlias(alias ?? name, module ? `${module}.${name}` : name);
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

  /** Every module a local name was imported as: two for `try: import a as x` / `except: import b as x`. */
  importedAsAll(localName: string): readonly string[] {
    const alternatives = this.alternatives.get(localName);
    if (alternatives) return alternatives;
    const target = this.aliases.get(localName);
    return target === undefined ? [] : [target];
  }

  /** qualify(), and the same chain from each other module its first name was imported as. */
  qualifyAll(node: Node): string[] {
    const q = this.qualify(node);
    if (q === null) return [];
    let head: Node = node;
    for (;;) {
      if (head.type === 'attribute') {
        const object = head.childForFieldName('object');
        if (!object) return [q];
        head = object.type === 'call' ? (object.childForFieldName('function') ?? object) : object;
      } else {
        break;
      }
    }
    if (head.type !== 'identifier') return [q];
    return this.withAlternatives(head.text, q);
  }

  /** `q` (which starts with the primary target of `local`) and `q` with each other target instead. */
  private withAlternatives(local: string, q: string): string[] {
    const alternatives = this.alternatives.get(local);
    const primary = this.aliases.get(local);
    if (!alternatives || primary === undefined || !q.startsWith(primary)) return [q];
    const rest = q.slice(primary.length);
    return [q, ...alternatives.filter((a) => a !== primary).map((a) => a + rest)];
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
  private qualifyCallResult(call: Node): string[] {
    const fn = call.childForFieldName('function');
    if (!fn) return [];
    if (fn.type === 'identifier' && fn.text === 'super') return ['super()'];
    return this.qualifyAll(fn).map((q) => `${q}()`);
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
    const all = this.qualifyAll(fn);
    for (const viaReceiver of this.receiverCallNames(fn)) if (!all.includes(viaReceiver)) all.push(viaReceiver);
    return all;
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
    const q = chain.length === 1 ? head : `${head}.${chain.slice(1).join('.')}`;
    return target === undefined ? [q] : this.withAlternatives(first, q);
  }

  /**
   * `t = tarfile.open(p); t.extractall()` and `with tarfile.open(p) as t: t.extractall()`:
   * a method called on a local name also stands for the method of each call result that
   * reaches it (`tarfile.open().extractall`), so rules can name methods of what a factory
   * returns. Only the bindings that reach the call count (see reachingValues).
   */
  private receiverCallNames(fn: Node): string[] {
    if (fn.type !== 'attribute') return [];
    const object = fn.childForFieldName('object');
    const attr = fn.childForFieldName('attribute');
    if (object?.type !== 'identifier' || !attr || this.aliases.has(object.text)) return [];
    if (this.receiverMethods !== 'all' && !this.receiverMethods.has(attr.text)) return [];
    const out: string[] = [];
    for (const value of this.reachingValues(object)) {
      if (value?.type !== 'call') continue;
      for (const q of this.qualifyCallResult(value)) {
        const name = `${q}.${attr.text}`;
        if (!out.includes(name)) out.push(name);
      }
    }
    return out;
  }

  /**
   * The values that may be in a local name where `use` reads it: the nearest binding before
   * the use in the innermost scope that binds the name, and earlier ones as long as the later
   * ones are conditional with respect to the use (in a branch, loop or `try` body that does
   * not hold the use). A binding is an assignment, augmented assignment, `with ... as`, `for`
   * target, walrus, `except ... as` or import; null stands for a value not known (a
   * parameter, a loop target, `x += 1`). Names declared `global` or `nonlocal` are looked up
   * in the module. Empty when the name is bound nowhere in reach.
   */
  reachingValues(use: Node): Array<Node | null> {
    const name = use.text;
    const module = this.root ?? moduleOf(use);
    let scope = enclosingFunction(use);
    for (let depth = 0; scope && depth < MAX_SCOPE_DEPTH; depth++) {
      const own = this.bindings(scope);
      if (!own.declaredOuter.has(name)) {
        const list = own.byName.get(name);
        const isParameter = this.parameters(scope).has(name);
        if (list || isParameter) {
          // A use in a nested function runs after its enclosing function has bound everything.
          const { values, definite } = reaching(list ?? [], depth === 0 ? use : null);
          if (isParameter && !definite) values.push(null);
          return values;
        }
      } else {
        break;
      }
      scope = enclosingFunction(scope);
    }
    const atModule = this.bindings(module).byName.get(name);
    if (!atModule) return [];
    return reaching(atModule, enclosingFunction(use) ? null : use).values;
  }

  /** Names bound in a scope (not nested functions, classes or lambdas), in document order. */
  private bindings(scope: Node): ScopeBindings {
    let found = this.bindingCache.get(scope.id);
    if (found) return found;
    found = collectBindings(scope);
    this.bindingCache.set(scope.id, found);
    return found;
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

/** Nested functions looked through for a closure's names; deeper nesting is read as unknown. */
const MAX_SCOPE_DEPTH = 16;
/**
 * Conditional bindings of one name followed back from a use. Real code has a few; a file of
 * thousands of `if c: t = ...` must not cost thousands of steps per use.
 */
const MAX_REACHING_BINDINGS = 32;

interface Binding {
  /** Source index from which the binding holds (the end of what binds it). */
  readonly at: number;
  /** The bound expression, or null when the value is not one known expression. */
  readonly value: Node | null;
  /** The node whose position says whether the binding is conditional (see isConditionalFor). */
  readonly site: Node;
}

interface ScopeBindings {
  readonly byName: ReadonlyMap<string, readonly Binding[]>;
  /** Names declared `global` or `nonlocal` in the scope: bound elsewhere. */
  readonly declaredOuter: ReadonlySet<string>;
}

/** Blocks under these run only sometimes (or more than once): a binding there may not reach past them. */
const BRANCHING = new Set(['if_statement', 'elif_clause', 'else_clause', 'for_statement', 'while_statement', 'try_statement', 'except_clause', 'case_clause']);
const LOOPS = new Set(['for_statement', 'while_statement']);
const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);
/** Comprehensions bind their own `for` targets; a walrus inside still binds in the scope. */
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/**
 * Whether a binding at `site` may not have happened (or been replaced) on the way to `use`:
 * it sits in a branch, loop body or `try` body (or an `except` header) that does not hold
 * the use. `use` null stands for "after the whole scope has run" (a nested function).
 */
function isConditionalFor(site: Node, use: Node | null, scopeBody: Node): boolean {
  for (let n: Node | null = site; n && n.id !== scopeBody.id; n = n.parent) {
    const branch = (n.type === 'block' && n.parent !== null && BRANCHING.has(n.parent.type)) || n.type === 'except_clause';
    if (branch && (use === null || !contains(n, use))) return true;
  }
  return false;
}

/** The bindings of one name that may reach `use` (null: the end of the scope), latest first. */
function reaching(list: readonly Binding[], use: Node | null): { values: Array<Node | null>; definite: boolean } {
  const values: Array<Node | null> = [];
  if (list.length === 0) return { values, definite: false };
  const body = scopeBodyOf(list[0].site);
  let i = list.length - 1;
  if (use !== null) while (i >= 0 && list[i].at > use.startIndex) i--;
  for (; i >= 0; i--) {
    const b = list[i];
    values.push(b.value);
    if (!isConditionalFor(b.site, use, body)) return { values, definite: true };
    if (values.length >= MAX_REACHING_BINDINGS) {
      // Past the bound, what else may reach is not known.
      values.push(null);
      return { values, definite: true };
    }
  }
  if (use !== null && values.length === 0) {
    // Read before any binding in document order: in a loop, the value of the last round.
    for (const b of list) {
      if (values.length >= MAX_REACHING_BINDINGS) break;
      if (b.at > use.startIndex && loopHolding(use, b.site, body)) values.push(b.value);
    }
  }
  return { values, definite: false };
}

/** Whether one loop of the scope holds both nodes. */
function loopHolding(a: Node, b: Node, scopeBody: Node): boolean {
  for (let n: Node | null = a.parent; n && n.id !== scopeBody.id; n = n.parent) {
    if (LOOPS.has(n.type) && contains(n, b)) return true;
  }
  return false;
}

function scopeBodyOf(node: Node): Node {
  for (let n: Node | null = node.parent; n; n = n.parent) {
    if (n.type === 'module') return n;
    if (n.type === 'block' && n.parent?.type === 'function_definition') return n;
  }
  return node;
}

/**
 * The bindings of a scope's own code in document order. One cursor walk over the scope,
 * skipping nested functions, classes and lambdas; an explicit cursor, so nesting depth costs
 * no call stack.
 */
function collectBindings(scope: Node): ScopeBindings {
  const byName = new Map<string, Binding[]>();
  const declaredOuter = new Set<string>();
  const add = (target: Node | null, value: Node | null, at: number, site: Node): void => {
    if (!target) return;
    const t = unwrapParens(target);
    if (t.type === 'identifier') {
      const list = byName.get(t.text) ?? [];
      list.push({ at, value, site });
      byName.set(t.text, list);
      return;
    }
    // `a, f = ...`, `for (a, f) in ...`: each name gets a value not known here.
    if (TARGET_LISTS.has(t.type)) for (const c of t.namedChildren) if (c) add(c.type === 'list_splat_pattern' ? c.namedChildren[0] : c, null, at, site);
  };
  const body = scope.type === 'function_definition' ? scope.childForFieldName('body') : scope;
  if (!body) return { byName, declaredOuter };
  const cursor = body.walk();
  try {
    let more = cursor.gotoFirstChild();
    while (more) {
      let descend = false;
      if (cursor.nodeIsNamed && !NESTED_SCOPES.has(cursor.nodeType)) {
        descend = true;
        const n = cursor.currentNode;
        switch (n.type) {
          case 'assignment': {
            let right = n.childForFieldName('right');
            // `a = b = f()`: both get f()'s value.
            while (right?.type === 'assignment') right = right.childForFieldName('right');
            if (right) add(n.childForFieldName('left'), right.type === 'expression_list' ? null : right, n.endIndex, n);
            break;
          }
          case 'augmented_assignment':
            add(n.childForFieldName('left'), null, n.endIndex, n);
            break;
          case 'named_expression': {
            const value = n.childForFieldName('value');
            add(n.childForFieldName('name'), value, n.endIndex, n);
            break;
          }
          case 'for_statement': {
            const right = n.childForFieldName('right');
            const loopBody = n.childForFieldName('body');
            if (right && loopBody) add(n.childForFieldName('left'), null, right.endIndex, loopBody);
            break;
          }
          case 'as_pattern': {
            const alias = n.childForFieldName('alias');
            const target = alias?.namedChildren[0] ?? null;
            const inExcept = n.parent?.type === 'except_clause';
            add(target, inExcept ? null : (n.namedChildren[0] ?? null), n.endIndex, n);
            break;
          }
          case 'import_statement':
          case 'import_from_statement':
            for (const name of importedNames(n)) add(name, null, n.endIndex, n);
            descend = false;
            break;
          case 'global_statement':
          case 'nonlocal_statement':
            for (const c of n.namedChildren) if (c?.type === 'identifier') declaredOuter.add(c.text);
            descend = false;
            break;
          default:
            // A comprehension's own `for` targets are its own; walk it only for a walrus.
            if (COMPREHENSIONS.has(n.type)) descend = n.text.includes(':=');
        }
      }
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
  return { byName, declaredOuter };
}

const TARGET_LISTS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list']);

/** The local names an import statement binds. */
function importedNames(node: Node): Node[] {
  const out: Node[] = [];
  const names = node.type === 'import_from_statement' ? node.childrenForFieldName('name') : node.namedChildren;
  for (const child of names) {
    if (!child) continue;
    if (child.type === 'aliased_import') {
      const alias = child.childForFieldName('alias');
      if (alias) out.push(alias);
    } else if (child.type === 'dotted_name') {
      const first = child.namedChildren[0];
      if (first) out.push(first);
    }
  }
  return out;
}

function unwrapParens(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildren[0]) n = n.namedChildren[0];
  return n;
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
