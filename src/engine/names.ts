/**
 * Python name resolution, enough for rules to match qualified names:
 * `import a.b as c`, `from a import b as c`, attribute chains, and classes that derive
 * from a matched callee (their instantiation and their `super().__init__` call it).
 */
import type { Node } from 'web-tree-sitter';
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
    map = new Map();
    const visit = (node: Node): void => {
      for (const child of node.namedChildren) {
        if (!child) continue;
        const t = child.type;
        if (t === 'function_definition' || t === 'class_definition' || t === 'lambda') continue;
        if (t === 'assignment') {
          const left = child.childForFieldName('left');
          const right = child.childForFieldName('right');
          if (left?.type === 'identifier' && right) {
            const list = map!.get(left.text) ?? [];
            list.push(right);
            map!.set(left.text, list);
          }
        }
        if (STATEMENT_CONTAINERS.has(t)) visit(child);
      }
    };
    visit(scope.type === 'function_definition' ? (scope.childForFieldName('body') ?? scope) : scope);
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

  /** Qualified dotted name of an identifier or attribute chain; null for other shapes. */
  qualify(node: Node): string | null {
    if (node.type === 'identifier') {
      return this.aliases.get(node.text) ?? node.text;
    }
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attr = node.childForFieldName('attribute');
      if (!object || !attr) return null;
      const base = object.type === 'call' ? this.qualifyCallResult(object) : this.qualify(object);
      return base === null ? null : `${base}.${attr.text}`;
    }
    return null;
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
    const visit = (node: Node): void => {
      for (const child of node.namedChildren) {
        if (!child) continue;
        const t = child.type;
        if (t === 'function_definition' || t === 'class_definition' || t === 'lambda') continue;
        if (t === 'assignment' || t === 'augmented_assignment') {
          const right = child.childForFieldName('right');
          if (right) bind(child.childForFieldName('left'), right);
        } else if (t === 'for_statement') {
          bind(child.childForFieldName('left'), child);
        } else if (t === 'as_pattern' && node.type !== 'except_clause') {
          const value = child.namedChildren[0];
          const target = child.childForFieldName('alias')?.namedChildren[0] ?? null;
          if (value) bind(target, value);
        }
        if (STATEMENT_CONTAINERS.has(t) || t === 'with_clause' || t === 'with_item' || t === 'parenthesized_expression') visit(child);
      }
    };
    visit(scope.type === 'function_definition' ? (scope.childForFieldName('body') ?? scope) : scope);
    map = found;
    this.bindingCache.set(scope.id, map);
    return map;
  }

  private basesOf(className: string, seen = new Set<string>()): string[] {
    if (seen.has(className)) return [];
    seen.add(className);
    const out: string[] = [];
    for (const base of this.classBases.get(className) ?? []) {
      out.push(base);
      if (this.classBases.has(base)) out.push(...this.basesOf(base, seen));
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

function moduleOf(node: Node): Node {
  let root = node;
  while (root.parent) root = root.parent;
  return root;
}

export function enclosingClassName(node: Node): string | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'class_definition') return n.childForFieldName('name')?.text ?? null;
  }
  return null;
}

export function enclosingFunction(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition') return n;
  }
  return null;
}
