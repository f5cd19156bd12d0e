/**
 * The taint of one expression under an environment: sources create it; names, attributes,
 * subscripts, string building, containers and calls carry it; known clean functions
 * (len, int, bool...) and comparisons drop it. Pure: binding happens in analyseScope.
 */
import type { Node } from 'web-tree-sitter';
import type { NameResolver } from '../names.js';
import { evaluate } from '../values.js';
import { attributeSource, callSource, type SourceScope, type SourceSet } from './source-set.js';
import { TooComplex } from '../too-complex.js';
import { passThrough, sourceTaint, unionTaint, withPrefix, type Env, type Taint } from './taint-value.js';

/** Builtins whose result cannot carry text from their arguments. */
const CLEAN_BUILTINS = new Set([
  'len',
  'int',
  'float',
  'bool',
  'complex',
  'abs',
  'round',
  'hash',
  'id',
  'ord',
  'hex',
  'oct',
  'bin',
  'isinstance',
  'issubclass',
  'callable',
  'hasattr',
  'type',
  'print',
  'range',
  'divmod',
]);
/** Methods that answer with a number or a truth value. */
const CLEAN_METHODS = new Set([
  'startswith',
  'endswith',
  'isdigit',
  'isdecimal',
  'isnumeric',
  'isalpha',
  'isalnum',
  'isidentifier',
  'isspace',
  'islower',
  'isupper',
  'istitle',
  'isascii',
  'isprintable',
  'count',
  'find',
  'rfind',
  'index',
  'rindex',
  'hexdigest',
  'exists',
  'is_file',
  'is_dir',
  'is_absolute',
  'is_relative_to',
  'fullmatch',
]);
/** Library functions that answer with a number, a truth value or a fixed-shape value. */
const CLEAN_QUALIFIED = new Set([
  'os.path.exists',
  'os.path.isfile',
  'os.path.isdir',
  'os.path.islink',
  'os.path.isabs',
  'os.path.getsize',
  'os.path.getmtime',
  'os.path.getatime',
  'os.path.getctime',
  'uuid.UUID',
]);
const CLEAN_QUALIFIED_KEYS = new Set([...CLEAN_QUALIFIED].map((q) => q.slice(q.lastIndexOf('.') + 1)));

/**
 * Nesting an evaluation follows before it gives up with TooComplex (reported, so the file
 * counts as not fully analysed): far above what people write, far below what the stack holds.
 * Parentheses, `a + b + c` chains and attribute chains are walked in loops and do not count.
 */
export const MAX_EXPRESSION_DEPTH = 400;
/** Sources are at most a few names deep (`flask.request.args`); deeper chains are not checked. */
const MAX_SOURCE_SEGMENTS = 16;
/** Dotted paths tracked as variables (`self.a.b`); deeper ones fall back to their object. */
export const MAX_KEY_SEGMENTS = 16;
const IDENTIFIER_RE = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/gu;

export interface TaintScope extends SourceScope {
  readonly sources: SourceSet;
  /** The file's text, to skip expressions that cannot hold taint without walking them. */
  readonly source: string;
  /** An import renames a source, so a source may hide behind any name. */
  readonly renamedSources: boolean;
}

/** Comprehension variables in scope where an expression is evaluated. */
export type LocalBindings = ReadonlyMap<string, Taint | undefined>;

export class ExpressionTaint {
  private readonly names: NameResolver;
  private readonly sources: SourceSet;
  private readonly text: string;
  private readonly renamed: boolean;
  private depth = 0;
  constructor(private readonly scope: TaintScope) {
    this.names = scope.names;
    this.sources = scope.sources;
    this.text = scope.source;
    this.renamed = scope.renamedSources;
  }

  /** The expression's taint; cheap when its text names no source and no tainted variable. */
  of(node: Node, env: Env, local?: LocalBindings): Taint | undefined {
    node = unparenthesized(node);
    if (!local && !this.renamed && !this.mayBeTainted(node, env)) return undefined;
    // Machine-made code can nest thousands deep; past this the stack, not the data, runs out.
    if (this.depth >= MAX_EXPRESSION_DEPTH) {
      throw new TooComplex(`expression nested deeper than ${MAX_EXPRESSION_DEPTH} levels`, node.startPosition.row + 1);
    }
    this.depth++;
    try {
      return this.eval(node, env, local);
    } finally {
      this.depth--;
    }
  }

  /**
   * Does the text name a source token or a bound variable? Each name in the text is looked up
   * once: the cost follows the expression, not the number of variables in scope.
   */
  private mayBeTainted(node: Node, env: Env): boolean {
    const text = this.text.slice(node.startIndex, node.endIndex);
    for (const t of this.sources.tokens) if (text.includes(t)) return true;
    if (env.isEmpty) return false;
    for (const m of text.matchAll(IDENTIFIER_RE)) if (env.mentions(m[0])) return true;
    return false;
  }

  private eval(node: Node, env: Env, local?: LocalBindings): Taint | undefined {
    switch (node.type) {
      case 'identifier':
        return this.identifier(node, env, local);
      case 'attribute':
        return this.attribute(node, env, local);
      case 'subscript': {
        const value = node.childForFieldName('value');
        if (!value) return undefined;
        const t = this.of(value, env, local);
        return t && isProgramName(node, value) ? undefined : t;
      }
      case 'call':
        return this.call(node, env, local);
      case 'string':
        return this.string(node, env, local);
      case 'concatenated_string':
        return this.concatenation(node.namedChildren.filter(isNode), env, local);
      case 'binary_operator':
        return this.binary(node, env, local);
      case 'boolean_operator': {
        let t: Taint | undefined;
        for (const operand of leftSpine(node, (n) => n.type === 'boolean_operator')) t = unionTaint(t, this.of(operand, env, local));
        return t;
      }
      case 'conditional_expression': {
        const parts = node.namedChildren.filter(isNode);
        return unionTaint(parts[0] && this.of(parts[0], env, local), parts[2] && this.of(parts[2], env, local));
      }
      case 'keyword_argument':
      case 'named_expression':
        return this.field(node, 'value', env, local);
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
        return this.comprehension(node, env, local);
      case 'not_operator':
      case 'comparison_operator':
      case 'lambda':
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
      case 'ellipsis':
      case 'slice':
      case 'comment':
        return undefined;
      default:
        // Containers, parentheses, await, splats, pairs: whatever is inside.
        return this.children(node, env, local);
    }
  }

  private children(node: Node, env: Env, local: LocalBindings | undefined): Taint | undefined {
    let out: Taint | undefined;
    for (const c of node.namedChildren) if (c) out = unionTaint(out, this.of(c, env, local));
    return out;
  }

  private field(node: Node, name: string, env: Env, local: LocalBindings | undefined): Taint | undefined {
    const child = node.childForFieldName(name);
    return child ? this.of(child, env, local) : undefined;
  }

  private identifier(node: Node, env: Env, local: LocalBindings | undefined): Taint | undefined {
    const name = node.text;
    if (local?.has(name)) return local.get(name);
    const v = env.get(name);
    if (v !== undefined) return v ?? undefined;
    const o = attributeSource(this.sources, node, this.scope);
    return o ? sourceTaint(o) : undefined;
  }

  /**
   * `a.b.c`: a bound path (`a.b.c`, then `a.b`), else a source, else its object's taint, from
   * the outside in. A loop down the chain: an attribute chain can be thousands long.
   */
  private attribute(node: Node, env: Env, local: LocalBindings | undefined): Taint | undefined {
    const chain: Node[] = [];
    let base: Node | null = node;
    while (base?.type === 'attribute') {
      chain.push(base);
      base = base.childForFieldName('object');
    }
    if (!base) return undefined;
    for (let i = 0; i < chain.length; i++) {
      const at = chain[i];
      // Segments of this link: its attributes below it, plus the base name.
      const segments = chain.length - i + 1;
      if (segments > MAX_SOURCE_SEGMENTS) continue;
      if (!env.isEmpty && segments <= MAX_KEY_SEGMENTS) {
        const key = dottedKey(at);
        if (key !== undefined && env.has(key) && !local?.has(key.slice(0, key.indexOf('.')))) return env.get(key) ?? undefined;
      }
      const o = attributeSource(this.sources, at, this.scope);
      if (o) return sourceTaint(o);
    }
    return this.of(base, env, local);
  }

  private call(node: Node, env: Env, local: LocalBindings | undefined): Taint | undefined {
    const fn = node.childForFieldName('function');
    if (!fn) return undefined;
    const key = fn.type === 'identifier' ? fn.text : fn.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : '';
    if (this.sources.callKeys.has(key)) {
      const o = callSource(this.sources, node, fn, key, this.scope);
      if (o) return sourceTaint(o);
    }
    if (fn.type === 'identifier' && CLEAN_BUILTINS.has(key) && this.names.importedAs(key) === undefined) return undefined;
    if (fn.type === 'attribute' && CLEAN_METHODS.has(key)) return undefined;
    if (CLEAN_QUALIFIED_KEYS.has(key) && this.names.calleeNames(node).some((n) => CLEAN_QUALIFIED.has(n))) return undefined;

    const receiver = fn.type === 'attribute' ? fn.childForFieldName('object') : null;
    let t = receiver ? this.of(receiver, env, local) : fn.type === 'identifier' ? undefined : this.of(fn, env, local);
    const args = node.childForFieldName('arguments');
    if (key === 'get' && receiver && args?.type === 'argument_list') {
      // A lookup: `ALLOWED.get(key)` answers with a stored value, not the key;
      // Flask's `args.get("n", type=int)` converts.
      if (args.namedChildren.some((a) => a?.type === 'keyword_argument' && isScalarConversion(a))) return undefined;
      const rest = args.namedChildren.filter((a, i): a is Node => a !== null && (i > 0 || a.type === 'keyword_argument'));
      for (const a of rest) t = unionTaint(t, this.of(a, env, local));
    } else if (args) {
      t = unionTaint(t, args.type === 'argument_list' ? this.children(args, env, local) : this.of(args, env, local));
    }
    if (!t) return undefined;
    const callee = this.names.calleeNames(node)[0] ?? fn.text;
    let prefix: string | undefined;
    if (key === 'format' && receiver) {
      const head = constantString(receiver, this.names);
      if (head !== undefined) prefix = head.slice(0, head.indexOf('{') < 0 ? head.length : head.indexOf('{'));
    }
    return passThrough(t, callee, prefix);
  }

  /** f-strings carry their fields' taint; the text before the first field is a known prefix. */
  private string(node: Node, env: Env, local: LocalBindings | undefined): Taint | undefined {
    let t: Taint | undefined;
    let head = '';
    let inHead = true;
    for (const c of node.children) {
      if (!c) continue;
      if (c.type === 'interpolation') {
        inHead = false;
        const e = c.childForFieldName('expression');
        if (e) t = unionTaint(t, this.of(e, env, local));
        // A format spec may hold fields too: f"{x:{width}}".
        for (const spec of c.namedChildren) if (spec?.type === 'format_specifier') t = unionTaint(t, this.children(spec, env, local));
      } else if (inHead && (c.type === 'string_content' || c.type === 'escape_sequence')) {
        head += c.text;
      }
    }
    return t && withPrefix(t, head.length > 0 ? head : undefined);
  }

  private concatenation(parts: readonly Node[], env: Env, local: LocalBindings | undefined): Taint | undefined {
    // Each part once: `a + b + c` nests to the left, and a second look per level would double per level.
    const taints = parts.map((p) => this.of(p, env, local));
    let t: Taint | undefined;
    for (const pt of taints) t = unionTaint(t, pt);
    return t && withPrefix(t, this.prefixOf(parts, taints));
  }

  /** The constant text a sequence of concatenated parts starts with. */
  private prefixOf(parts: readonly Node[], taints: ReadonlyArray<Taint | undefined>): string | undefined {
    let head = '';
    for (let i = 0; i < parts.length; i++) {
      const pt = taints[i];
      if (pt) return head + (pt.prefix ?? '') || undefined;
      const c = constantString(parts[i], this.names);
      if (c === undefined) return head || undefined;
      head += c;
    }
    return head || undefined;
  }

  private binary(node: Node, env: Env, local: LocalBindings | undefined): Taint | undefined {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return undefined;
    const op = node.childForFieldName('operator')?.type;
    // `a + b + ... + z` nests to the left, 50,000 deep if someone wants: read it as one list.
    if (op === '+') return this.concatenation(leftSpine(node, isPlus), env, local);
    if (op !== '%') {
      let u: Taint | undefined;
      for (const operand of leftSpine(node, (n) => n.type === 'binary_operator' && !isPlus(n))) u = unionTaint(u, this.of(operand, env, local));
      return u && withPrefix(u, undefined);
    }
    const t = unionTaint(this.of(left, env, local), this.of(right, env, local));
    if (!t) return t;
    const head = constantString(left, this.names);
    if (head === undefined) return withPrefix(t, undefined);
    const cut = head.indexOf('%');
    return withPrefix(t, (cut < 0 ? head : head.slice(0, cut)) || undefined);
  }

  private comprehension(node: Node, env: Env, local: LocalBindings | undefined): Taint | undefined {
    const bound = new Map<string, Taint | undefined>(local ?? []);
    for (const clause of node.namedChildren) {
      if (clause?.type !== 'for_in_clause') continue;
      const right = clause.childForFieldName('right');
      const left = clause.childForFieldName('left');
      const t = right ? this.of(right, env, bound) : undefined;
      if (left) for (const id of targetNames(left)) bound.set(id, t);
    }
    const body = node.childForFieldName('body');
    return body ? this.of(body, env, bound) : undefined;
  }

  /**
   * Comprehension variables (and lambda parameters, which are clean) in scope at a node,
   * for a sink call inside a comprehension.
   */
  bindingsAt(node: Node, statement: Node, env: Env): LocalBindings | undefined {
    const chain: Node[] = [];
    for (let n = node.parent; n && n.id !== statement.id; n = n.parent) {
      if (COMPREHENSIONS.has(n.type) || n.type === 'lambda') chain.push(n);
    }
    if (chain.length === 0) return undefined;
    const bound = new Map<string, Taint | undefined>();
    for (const scope of chain.reverse()) {
      if (scope.type === 'lambda') {
        for (const p of scope.childForFieldName('parameters')?.namedChildren ?? []) {
          if (p) for (const id of targetNames(p.type === 'default_parameter' ? (p.childForFieldName('name') ?? p) : p)) bound.set(id, undefined);
        }
        continue;
      }
      for (const clause of scope.namedChildren) {
        if (clause?.type !== 'for_in_clause') continue;
        const right = clause.childForFieldName('right');
        const left = clause.childForFieldName('left');
        const t = right ? this.of(right, env, bound) : undefined;
        if (left) for (const id of targetNames(left)) bound.set(id, t);
      }
    }
    return bound;
  }
}

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'generator_expression', 'dictionary_comprehension']);

function isNode(n: Node | null): n is Node {
  return n !== null;
}

/** `type=int` given to a getter converts the value to a number or a truth value. */
function isScalarConversion(keyword: Node): boolean {
  return keyword.childForFieldName('name')?.text === 'type' && /^(int|float|bool)$/.test(keyword.childForFieldName('value')?.text ?? '');
}

/** `sys.argv[0]` is the program's own path, not something a caller chose. */
function isProgramName(subscript: Node, value: Node): boolean {
  if (!value.text.endsWith('argv')) return false;
  const index = subscript.childForFieldName('subscript');
  return index?.type === 'integer' && index.text === '0';
}

/** The value of a constant string expression, if it is one. */
function constantString(node: Node, names: NameResolver): string | undefined {
  if (node.type === 'string') {
    for (const c of node.children) if (c?.type === 'interpolation') return undefined;
  } else if (node.type !== 'identifier' && node.type !== 'concatenated_string' && node.type !== 'binary_operator') {
    return undefined;
  }
  const v = evaluate(node, names);
  return v.kind === 'str' ? v.value : undefined;
}

/**
 * `a.b.c` for a chain of plain names of at most MAX_KEY_SEGMENTS names; undefined for
 * anything else (a longer chain is not tracked as a variable: it falls back to its object).
 */
export function dottedKey(node: Node): string | undefined {
  const names: string[] = [];
  let n: Node | null = node;
  while (n?.type === 'attribute') {
    if (names.length >= MAX_KEY_SEGMENTS) return undefined;
    const attribute = n.childForFieldName('attribute');
    if (!attribute) return undefined;
    names.push(attribute.text);
    n = n.childForFieldName('object');
  }
  if (n?.type !== 'identifier') return undefined;
  names.push(n.text);
  return names.reverse().join('.');
}

const TARGET_CONTAINERS = new Set([
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'tuple',
  'list',
  'expression_list',
  'parenthesized_expression',
  'list_splat_pattern',
  'list_splat',
  'as_pattern_target',
]);

/** Names an assignment target binds: `a`, `a, (b, *c)`; in order, with an explicit stack. */
export function targetNames(node: Node): string[] {
  const out: string[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === 'identifier') out.push(n.text);
    else if (TARGET_CONTAINERS.has(n.type)) {
      const children = n.namedChildren;
      for (let i = children.length - 1; i >= 0; i--) {
        const c = children[i];
        if (c) stack.push(c);
      }
    }
  }
  return out;
}

/** `((x))` → `x`, in a loop. */
export function unparenthesized(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildCount === 1) {
    const inner = n.namedChildren[0];
    if (!inner || inner.type === 'comment') break;
    n = inner;
  }
  return n;
}

function isPlus(node: Node): boolean {
  return node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '+';
}

/**
 * The operands of a left-nested chain (`a + b + c` is `(a + b) + c`) in source order: while
 * `inChain(left)`, descend left, keeping each right operand. Parentheses end the chain.
 */
function leftSpine(node: Node, inChain: (n: Node) => boolean): Node[] {
  const rights: Node[] = [];
  let n: Node = node;
  for (;;) {
    const right = n.childForFieldName('right');
    const left = n.childForFieldName('left');
    if (right) rights.push(right);
    if (!left) break;
    if (!inChain(left)) {
      rights.push(left);
      break;
    }
    n = left;
  }
  return rights.reverse();
}
