/** Finds a call's arguments and checks rule conditions on them. */
import type { Node } from 'web-tree-sitter';
import type { NameResolver } from './names.js';
import { linearPattern, type Pattern } from './pattern.js';
import type { ArgCondition } from './rule-schema.js';
import { evaluate, isConstant, knownPrefix, numericValue, truthiness, type Value } from './values.js';

/**
 * A condition with its `matches` compiled by compileRules: natively for hunkwise's own
 * rules, on RE2 for a repository's.
 */
export type Condition = ArgCondition & { readonly matchesPattern?: Pattern; readonly prefixPattern?: Pattern };

export interface CallArguments {
  readonly positional: readonly Node[];
  readonly keywords: ReadonlyMap<string, Node>;
  /** A `*args` or `**kwargs` splat makes absent arguments unknowable. */
  readonly hasSplat: boolean;
}

export function callArguments(call: Node): CallArguments {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  let hasSplat = false;
  const list = call.childForFieldName('arguments');
  if (list && list.type === 'argument_list') {
    for (const arg of list.namedChildren) {
      if (!arg || arg.type === 'comment') continue;
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name')?.text;
        const value = arg.childForFieldName('value');
        if (name && value) keywords.set(name, value);
      } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
        hasSplat = true;
      } else {
        positional.push(arg);
      }
    }
  } else if (list) {
    // A generator expression as the only argument: f(x for x in y).
    positional.push(list);
  }
  return { positional, keywords, hasSplat };
}

export function argumentNode(args: CallArguments, ref: { position?: number; keyword?: string }): Node | undefined {
  if (ref.keyword !== undefined) {
    const k = args.keywords.get(ref.keyword);
    if (k) return k;
  }
  return ref.position !== undefined ? args.positional[ref.position] : undefined;
}

/** Lazily evaluates argument values, once each, while conditions are checked. */
export class ArgumentView {
  private readonly cache = new Map<Node, Value>();
  constructor(
    readonly args: CallArguments,
    private readonly names: NameResolver,
  ) {}

  value(node: Node): Value {
    let v = this.cache.get(node);
    if (!v) {
      v = evaluate(node, this.names);
      this.cache.set(node, v);
    }
    return v;
  }

  holds(cond: Condition): boolean {
    const result = this.check(cond);
    return cond.not ? !result : result;
  }

  holdsAll(conds: readonly Condition[]): boolean {
    return conds.every((c) => this.holds(c));
  }

  private check(cond: Condition): boolean {
    const node = argumentNode(this.args, cond);
    if (cond.is === 'absent') return node === undefined && !this.args.hasSplat;
    if (node === undefined) return false;
    if (cond.is === 'literal' || cond.is === 'not-literal') {
      const want = cond.is === 'literal';
      if (cond.element === 'any') {
        const items = node.type === 'list' || node.type === 'tuple' ? node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment') : [node];
        return items.some((item) => isLiteral(item) === want);
      }
      const target = cond.element === undefined ? node : elementNode(node, cond.element);
      if (target === undefined) return false;
      return isLiteral(target) === want;
    }
    let v = this.value(node);
    if (cond.entry !== undefined) {
      const key = cond.entry;
      const found = v.kind === 'seq' ? v.entries?.find(([k]) => k.kind === 'str' && k.value === key) : undefined;
      if (found === undefined) return false;
      v = found[1];
    }
    if (cond.element === 'any') return v.kind === 'seq' ? v.items.some((item) => this.checkValue(cond, item)) : this.checkValue(cond, v);
    if (cond.element !== undefined && v.kind === 'seq') {
      const item = v.items[cond.element];
      if (item === undefined) return false;
      v = item;
    }
    return this.checkValue(cond, v);
  }

  private checkValue(cond: Condition, v: Value): boolean {
    switch (cond.is) {
      case undefined:
      case 'present':
        break;
      case 'constant':
        if (!isConstant(v)) return false;
        break;
      case 'not-constant':
        if (isConstant(v)) return false;
        break;
      case 'dynamic-string':
        if (v.kind !== 'dynamic-str') return false;
        break;
      case 'shell-quoted':
        if (v.kind !== 'dynamic-str' || v.quoted !== true) return false;
        break;
      case 'truthy':
        if (truthiness(v) !== true) return false;
        break;
      case 'falsy':
        if (truthiness(v) !== false) return false;
        break;
      case 'not-falsy':
        if (truthiness(v) === false) return false;
        break;
    }
    if (cond.equals && !cond.equals.some((e) => valueEquals(v, e))) return false;
    if (cond.matches !== undefined && !(v.kind === 'str' && matchesPattern(cond, cond.matches).test(v.value))) return false;
    if (cond.derivesFrom) {
      const targets = cond.derivesFrom;
      if (v.kind !== 'name' || ![v.name, ...this.names.ancestorsOf(v.name)].some((n) => targets.includes(n))) return false;
    }
    if (cond.startsWith !== undefined) {
      const head = knownPrefix(v);
      if (head === undefined || !cond.startsWith.some((p) => head.startsWith(p))) return false;
    }
    if (cond.prefixMatches !== undefined) {
      const head = knownPrefix(v);
      if (head === undefined || !prefixPattern(cond, cond.prefixMatches).test(head)) return false;
    }
    if (cond.lessThan !== undefined && !(v.kind === 'num' && v.value < cond.lessThan)) return false;
    if (cond.anyBits !== undefined) {
      const n = numericValue(v);
      if (n === undefined || (n & cond.anyBits) === 0) return false;
    }
    return true;
  }
}

/** Bounds the literal check: a literal bigger than this is data, not a fragment to judge. */
const MAX_LITERAL_NODES = 10_000;
const LITERAL_LEAVES = new Set(['integer', 'float', 'true', 'false', 'none']);
const LITERAL_CONTAINERS = new Set(['list', 'tuple', 'set', 'dictionary', 'pair', 'parenthesized_expression', 'concatenated_string']);

/** Written out in place as a literal (see ArgCondition `literal`); an explicit stack, no recursion. */
function isLiteral(root: Node): boolean {
  const stack: Node[] = [root];
  let seen = 0;
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || node.type === 'comment') continue;
    if (++seen > MAX_LITERAL_NODES) return false;
    if (LITERAL_LEAVES.has(node.type)) continue;
    if (node.type === 'string') {
      if (node.namedChildren.some((c) => c?.type === 'interpolation')) return false;
      continue;
    }
    if (node.type === 'unary_operator') {
      const operand = node.childForFieldName('argument');
      if (!operand || (operand.type !== 'integer' && operand.type !== 'float')) return false;
      continue;
    }
    if (!LITERAL_CONTAINERS.has(node.type)) return false;
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return true;
}

/** The item of a list or tuple literal at this index; other nodes are looked at whole. */
function elementNode(node: Node, index: number): Node | undefined {
  if (node.type !== 'list' && node.type !== 'tuple') return node;
  return node.namedChildren.filter((c) => c !== null && c.type !== 'comment')[index] ?? undefined;
}

function valueEquals(v: Value, expected: string | number | boolean | null): boolean {
  if (expected === null) return v.kind === 'none';
  if (typeof expected === 'boolean') return v.kind === 'bool' && v.value === expected;
  if (typeof expected === 'number') return v.kind === 'num' && v.value === expected;
  if (v.kind === 'str') return v.value === expected;
  if (v.kind === 'name') return v.name === expected;
  return false;
}

/** Conditions that did not pass through compileRules, compiled once each; on RE2, as a stranger's would be. */
const uncompiled = new WeakMap<ArgCondition, Pattern>();
const uncompiledPrefix = new WeakMap<ArgCondition, Pattern>();

function matchesPattern(cond: Condition, source: string): Pattern {
  return cond.matchesPattern ?? compiledOnce(uncompiled, cond, source);
}

function prefixPattern(cond: Condition, source: string): Pattern {
  return cond.prefixPattern ?? compiledOnce(uncompiledPrefix, cond, source);
}

function compiledOnce(cache: WeakMap<ArgCondition, Pattern>, cond: ArgCondition, source: string): Pattern {
  let pattern = cache.get(cond);
  if (pattern === undefined) {
    pattern = linearPattern(source);
    cache.set(cond, pattern);
  }
  return pattern;
}
