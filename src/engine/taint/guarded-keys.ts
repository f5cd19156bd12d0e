/**
 * Validation guards: the variables a condition proves clean when it has a given truth value.
 * `if x not in ALLOWED: abort(400)` cleans x after the if; `if x in ALLOWED:` cleans it
 * inside; likewise `x == "const"`, `re.fullmatch(r"[a-z]+", x)`, `x.isalnum()`, and
 * `p.startswith(BASE)` / `p.is_relative_to(BASE)` once p went through realpath/abspath/
 * normpath/resolve.
 */
import type { Node } from 'web-tree-sitter';
import type { NameResolver } from '../names.js';
import { evaluate, isConstant } from '../values.js';
import { dottedKey, type ExpressionTaint } from './expression-taint.js';
import type { Env } from './taint-value.js';

/** Character-class checks whose true answer leaves no room for metacharacters. */
const CHARACTER_CHECKS = new Set(['isdigit', 'isdecimal', 'isnumeric', 'isalpha', 'isalnum', 'isidentifier']);
const NORMALIZERS = /(^|\.)(realpath|abspath|normpath|resolve)$/;
/** A URL prefix that pins the scheme and host: a prefix check on it is an allow-list. */
const URL_WITH_HOST_RE = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@]+[/?#]/i;
/** A pattern that can match `.` or `/`, or is unanchored, validates nothing. */
const PERMISSIVE_PATTERN_RE = /(^|[^\\])\.|\\S|\\W|\[\^/;
const SCALAR_TYPE_NAMES = new Set(['int', 'float', 'bool', 'complex']);

/**
 * A worklist, not a recursion: `not not ... x` or `a and b and ...` can be thousands deep.
 * Only `and` (true) / `or` (false) and `not` branch out, each node once.
 */
export function guardedKeys(cond: Node, truth: boolean, env: Env, ev: ExpressionTaint, names: NameResolver): string[] {
  const out: string[] = [];
  const work: Array<readonly [Node, boolean]> = [[cond, truth]];
  while (work.length > 0) {
    const [node, t] = work.pop() as readonly [Node, boolean];
    switch (node.type) {
      case 'parenthesized_expression': {
        const inner = node.namedChildren[0];
        if (inner) work.push([inner, t]);
        break;
      }
      case 'not_operator': {
        const arg = node.childForFieldName('argument');
        if (arg) work.push([arg, !t]);
        break;
      }
      case 'boolean_operator': {
        const op = node.childForFieldName('operator')?.type;
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        // `a and b` true proves both; `a or b` false disproves both.
        if (left && right && ((op === 'and' && t) || (op === 'or' && !t))) work.push([right, t], [left, t]);
        break;
      }
      case 'comparison_operator':
        out.push(...comparisonGuard(node, t, env, ev, names));
        break;
      case 'call':
        if (t) out.push(...callGuard(node, env, ev, names));
        break;
      default:
        break;
    }
  }
  return out;
}

function comparisonGuard(cond: Node, truth: boolean, env: Env, ev: ExpressionTaint, names: NameResolver): string[] {
  const operators = cond.childrenForFieldName('operators').filter((o): o is Node => o !== null);
  if (operators.length !== 1) return [];
  const operatorIds = new Set(operators.map((o) => o.id));
  const operands = cond.namedChildren.filter((c): c is Node => c !== null && !operatorIds.has(c.id));
  if (operands.length !== 2) return [];
  const [left, right] = operands;
  const op = operators[0].type;
  if ((op === 'in' && truth) || (op === 'not in' && !truth)) {
    const key = dottedKey(left);
    // The allow-list must not itself come from the request.
    if (key === undefined || ev.of(right, env) !== undefined) return [];
    return [key];
  }
  if ((op === '==' && truth) || (op === '!=' && !truth)) {
    for (const [a, b] of [
      [left, right],
      [right, left],
    ] as const) {
      const key = dottedKey(a);
      if (key !== undefined && b.type !== 'identifier' && isConstant(evaluate(b, names))) return [key];
      if (key !== undefined && b.type === 'identifier' && /^[A-Z][A-Z0-9_]*$/.test(b.text) && ev.of(b, env) === undefined) return [key];
    }
  }
  return [];
}

function callGuard(call: Node, env: Env, ev: ExpressionTaint, names: NameResolver): string[] {
  const fn = call.childForFieldName('function');
  const args = call.childForFieldName('arguments');
  if (!fn || args?.type !== 'argument_list') return [];
  const positional = args.namedChildren.filter((a): a is Node => a !== null && a.type !== 'keyword_argument' && a.type !== 'comment');
  const method = fn.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : fn.text;
  const receiver = fn.type === 'attribute' ? fn.childForFieldName('object') : null;

  if (receiver && CHARACTER_CHECKS.has(method)) return keyOf(receiver);
  if (method === 'isinstance' && fn.type === 'identifier' && positional.length === 2) {
    const types = positional[1].type === 'tuple' ? positional[1].namedChildren : [positional[1]];
    return types.every((t) => t && SCALAR_TYPE_NAMES.has(t.text)) ? keyOf(positional[0]) : [];
  }
  if (method === 'fullmatch' || method === 'match' || method === 'search') {
    const qualified = names.calleeNames(call)[0] ?? '';
    if (qualified.startsWith('re.') && positional.length >= 2) {
      return strictPattern(positional[0], method, names) ? keyOf(positional[1]) : [];
    }
    // A compiled pattern: only fullmatch says the whole value fits.
    if (method === 'fullmatch' && positional.length >= 1) return keyOf(positional[0]);
    return [];
  }
  if (receiver && method === 'is_relative_to' && positional.length >= 1) {
    const key = dottedKey(receiver);
    const t = ev.of(receiver, env);
    return key !== undefined && t && t.flows.every((f) => f.through.some((c) => NORMALIZERS.test(c))) ? [key] : [];
  }
  if (receiver && method === 'startswith' && positional.length >= 1) {
    const key = dottedKey(receiver);
    if (key === undefined) return [];
    const prefix = evaluate(positional[0], names);
    if (prefix.kind === 'str' && URL_WITH_HOST_RE.test(prefix.value)) return [key];
    const t = ev.of(receiver, env);
    if (t && t.flows.every((f) => f.through.some((c) => NORMALIZERS.test(c)))) return [key];
  }
  return [];
}

function keyOf(node: Node): string[] {
  const key = dottedKey(node);
  return key === undefined ? [] : [key];
}

/** A constant pattern that must match the whole value and cannot match `.` or `/`. */
function strictPattern(node: Node, method: string, names: NameResolver): boolean {
  const v = evaluate(node, names);
  if (v.kind !== 'str') return method === 'fullmatch';
  if (PERMISSIVE_PATTERN_RE.test(v.value)) return false;
  if (method === 'fullmatch') return true;
  const anchoredEnd = /(\$|\\Z)$/.test(v.value);
  return anchoredEnd && (method === 'match' || v.value.startsWith('^'));
}
