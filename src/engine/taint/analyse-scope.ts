/**
 * Walks one function body (or the module's top level) statement by statement, keeping a map
 * variable → taint. Branches are joined, a branch that returns/raises/aborts does not reach
 * what follows, loops are walked until nothing new flows around (at most three times), and
 * validation guards clean the variables they check. The environment in force at each
 * statement is kept, so any sink in the scope can be asked about later.
 */
import type { Node } from 'web-tree-sitter';
import { TooComplex } from '../too-complex.js';
import { ExpressionTaint, MAX_EXPRESSION_DEPTH, dottedKey, targetNames, unparenthesized, type TaintScope } from './expression-taint.js';
import { guardedKeys } from './guarded-keys.js';
import { addTaint, joinAll, joinEnv, sameEnv, setVar, EMPTY_ENV, type Env, type Taint } from './taint-value.js';

/** Calls after which a branch does not go on: `abort(403)`, `sys.exit(1)`, `self.fail()`. */
const TERMINATING_CALLS = new Set(['abort', 'exit', '_exit', 'quit', 'fail']);
/** Methods that store their arguments in the receiver. */
const MUTATORS = new Set(['append', 'extend', 'insert', 'add', 'update', 'setdefault', 'appendleft', 'extendleft', 'write', 'writelines']);
/** Loops are walked until their environment is stable, and at most this many times. */
const MAX_LOOP_PASSES = 3;
/**
 * Blocks inside blocks the walk follows; CPython itself refuses more than 100 levels of
 * indentation, so deeper code is not Python. Past it: TooComplex (reported, not silent).
 */
export const MAX_BLOCK_NESTING = 100;

export interface ScopeAnalysis {
  /** The environment where the statement holding `node` starts; undefined if unreachable. */
  envAt(node: Node): Env | undefined;
  /** The statement holding `node`, whose environment envAt returns. */
  statementOf(node: Node): Node | undefined;
  /** What the scope leaves behind (for closures and module globals read by functions). */
  readonly exit: Env;
  /** Undefined when the scope was not walked (no source can occur in it). */
  readonly expressions?: ExpressionTaint;
}

interface LoopFrame {
  readonly breaks: Env[];
  readonly continues: Env[];
}

export function analyseScope(scope: Node, ctx: TaintScope, initial: Env = EMPTY_ENV): ScopeAnalysis {
  const walker = new ScopeWalker(ctx);
  const body = scope.type === 'function_definition' ? scope.childForFieldName('body') : scope;
  const end = body ? walker.block(body, initial) : initial;
  const exit = joinAll([end, ...walker.exits]) ?? EMPTY_ENV;
  const snapshots = walker.snapshots;
  const statementOf = (node: Node): Node | undefined => {
    for (let n: Node | null = node; n && n.id !== scope.id; n = n.parent) {
      if (snapshots.has(n.id)) return n;
    }
    return undefined;
  };
  return {
    envAt: (node) => {
      const s = statementOf(node);
      return s ? snapshots.get(s.id) : undefined;
    },
    statementOf,
    exit,
    expressions: walker.ev,
  };
}

class ScopeWalker {
  readonly ev: ExpressionTaint;
  readonly snapshots = new Map<number, Env>();
  readonly exits: Env[] = [];
  private readonly loops: LoopFrame[] = [];
  private nesting = 0;

  constructor(private readonly ctx: TaintScope) {
    this.ev = new ExpressionTaint(ctx);
  }

  block(block: Node, env: Env | undefined): Env | undefined {
    if (this.nesting >= MAX_BLOCK_NESTING) {
      throw new TooComplex(`blocks nested deeper than ${MAX_BLOCK_NESTING} levels`, block.startPosition.row + 1);
    }
    this.nesting++;
    try {
      for (const stmt of block.namedChildren) {
        if (!stmt || stmt.type === 'comment') continue;
        if (env === undefined) break;
        env = this.statement(stmt, env);
      }
      return env;
    } finally {
      this.nesting--;
    }
  }

  private statement(stmt: Node, env: Env): Env | undefined {
    this.snapshots.set(stmt.id, env);
    switch (stmt.type) {
      case 'expression_statement':
        return this.expressionStatement(stmt, env);
      case 'return_statement':
        this.exits.push(env);
        return undefined;
      case 'raise_statement':
        return undefined;
      case 'break_statement':
        this.loops[this.loops.length - 1]?.breaks.push(env);
        return undefined;
      case 'continue_statement':
        this.loops[this.loops.length - 1]?.continues.push(env);
        return undefined;
      case 'if_statement':
        return this.ifStatement(stmt, env);
      case 'for_statement':
        return this.forStatement(stmt, env);
      case 'while_statement':
        return this.whileStatement(stmt, env);
      case 'with_statement':
        return this.withStatement(stmt, env);
      case 'try_statement':
        return this.tryStatement(stmt, env);
      case 'match_statement':
        return this.matchStatement(stmt, env);
      case 'assert_statement': {
        const cond = stmt.namedChildren[0];
        return cond ? this.refine(env, cond, true) : env;
      }
      case 'delete_statement':
        for (const t of stmt.namedChildren) if (t) env = this.kill(env, t);
        return env;
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
        return this.definition(stmt, env);
      default:
        return env;
    }
  }

  private expressionStatement(stmt: Node, env: Env): Env | undefined {
    for (const e of stmt.namedChildren) {
      if (!e) continue;
      if (e.type === 'assignment') env = this.assignment(e, env);
      else if (e.type === 'augmented_assignment') env = this.augmented(e, env);
      else if (e.type === 'call' && isTerminatingCall(e)) return undefined;
      else if (e.type === 'call') env = this.mutation(e, this.walrus(e, env));
      else env = this.walrus(e, env);
    }
    return env;
  }

  /** `parts.append(x)`: the container may now hold x. */
  private mutation(call: Node, env: Env): Env {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'attribute' || !MUTATORS.has(fn.childForFieldName('attribute')?.text ?? '')) return env;
    const receiver = fn.childForFieldName('object');
    const key = receiver ? dottedKey(receiver) : undefined;
    const args = call.childForFieldName('arguments');
    if (!receiver || key === undefined || !args) return env;
    return addTaint(env, key, this.ev.of(args, env), this.ev.of(receiver, env));
  }

  /** `(m := request.args.get("x"))` binds m. */
  private walrus(expr: Node, env: Env): Env {
    if (!expr.text.includes(':=')) return env;
    for (const named of expr.descendantsOfType('named_expression')) {
      const name = named?.childForFieldName('name');
      const value = named?.childForFieldName('value');
      if (name && value) env = setVar(env, name.text, this.ev.of(value, env));
    }
    return env;
  }

  private assignment(node: Node, env: Env): Env {
    // `a = b = value`: every target gets the innermost value.
    const targets: Node[] = [];
    let value: Node | null = node;
    while (value?.type === 'assignment') {
      const left = value.childForFieldName('left');
      if (left) targets.push(left);
      value = value.childForFieldName('right');
    }
    if (!value) return env;
    env = this.walrus(value, env);
    const t = this.ev.of(value, env);
    for (const target of targets) env = this.bind(env, target, t, value);
    return env;
  }

  private augmented(node: Node, env: Env): Env {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return env;
    const t = this.ev.of(right, env);
    if (!t) return env;
    if (left.type === 'subscript') return this.bind(env, left, t, right);
    const key = dottedKey(left);
    return key === undefined ? env : addTaint(env, key, t, this.ev.of(left, env));
  }

  /** Binds an assignment target; tuples unpack element-wise when the value is a literal of the same shape. */
  private bind(env: Env, target: Node, t: Taint | undefined, value: Node | undefined, depth = 0): Env {
    // `((((a, (b, ...)))))`: parentheses in a loop; nested tuples count against the bound.
    target = unparenthesized(target);
    if (depth >= MAX_EXPRESSION_DEPTH) {
      throw new TooComplex(`assignment target nested deeper than ${MAX_EXPRESSION_DEPTH} levels`, target.startPosition.row + 1);
    }
    switch (target.type) {
      case 'identifier':
        return setVar(env, target.text, t);
      case 'attribute': {
        const key = dottedKey(target);
        return key === undefined ? env : setVar(env, key, t);
      }
      case 'subscript': {
        // `d[k] = v`: d may now hold v as well as what it held.
        const base = target.childForFieldName('value');
        const key = base ? dottedKey(base) : undefined;
        return key === undefined || !base ? env : addTaint(env, key, t, this.ev.of(base, env));
      }
      case 'parenthesized_expression':
      case 'as_pattern_target': {
        const inner = target.namedChildren[0];
        return inner ? this.bind(env, inner, t, value, depth + 1) : env;
      }
      case 'list_splat_pattern':
      case 'list_splat': {
        const inner = target.namedChildren[0];
        return inner ? this.bind(env, inner, t, undefined, depth + 1) : env;
      }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list': {
        const items = target.namedChildren.filter((c): c is Node => c !== null);
        const values = value && isSequenceLiteral(value) ? value.namedChildren.filter((c): c is Node => c !== null) : undefined;
        const pairwise = values !== undefined && values.length === items.length && !items.some((i) => i.type.includes('splat'));
        const before = env;
        items.forEach((item, i) => {
          const v = pairwise ? values[i] : undefined;
          env = this.bind(env, item, pairwise ? this.ev.of(v as Node, before) : t, v, depth + 1);
        });
        return env;
      }
      default:
        return env;
    }
  }

  private kill(env: Env, target: Node): Env {
    for (const name of target.type === 'identifier' ? [target.text] : targetNames(target)) env = setVar(env, name, undefined);
    const key = target.type === 'attribute' ? dottedKey(target) : undefined;
    return key === undefined ? env : setVar(env, key, undefined);
  }

  private refine(env: Env, cond: Node, truth: boolean): Env {
    for (const key of guardedKeys(cond, truth, env, this.ev, this.ctx.names)) env = setVar(env, key, undefined);
    return env;
  }

  private ifStatement(stmt: Node, env: Env): Env | undefined {
    const outs: Array<Env | undefined> = [];
    let current: Env = env;
    const clauses: Array<readonly [Node, Node | null, Node | null]> = [[stmt, stmt.childForFieldName('condition'), stmt.childForFieldName('consequence')]];
    let elseBody: Node | null = null;
    for (const alt of stmt.childrenForFieldName('alternative')) {
      if (alt?.type === 'elif_clause') clauses.push([alt, alt.childForFieldName('condition'), alt.childForFieldName('consequence')]);
      else if (alt?.type === 'else_clause') elseBody = alt.childForFieldName('body');
    }
    for (const [clause, cond, body] of clauses) {
      this.snapshots.set(clause.id, current);
      if (cond) current = this.walrus(cond, current);
      const inside = cond ? this.refine(current, cond, true) : current;
      outs.push(body ? this.block(body, inside) : inside);
      if (cond) current = this.refine(current, cond, false);
    }
    outs.push(elseBody ? this.block(elseBody, current) : current);
    return joinAll(outs);
  }

  private forStatement(stmt: Node, env: Env): Env | undefined {
    const left = stmt.childForFieldName('left');
    const right = stmt.childForFieldName('right');
    const body = stmt.childForFieldName('body');
    const elseBody = stmt.childForFieldName('alternative')?.childForFieldName('body') ?? null;
    const iterated = right ? this.ev.of(right, env) : undefined;
    const enter = (e: Env): Env => (left ? this.bind(e, left, iterated, undefined) : e);
    return this.loop(env, enter, body, elseBody, false);
  }

  private whileStatement(stmt: Node, env: Env): Env | undefined {
    const cond = stmt.childForFieldName('condition');
    const body = stmt.childForFieldName('body');
    const elseBody = stmt.childForFieldName('alternative')?.childForFieldName('body') ?? null;
    const forever = cond !== null && (cond.type === 'true' || (cond.type === 'integer' && cond.text !== '0'));
    const enter = (e: Env): Env => (cond ? this.refine(this.walrus(cond, e), cond, true) : e);
    return this.loop(env, enter, body, elseBody, forever);
  }

  /** Flow-insensitive enough for loops: walk until what comes around adds nothing. */
  private loop(env: Env, enter: (e: Env) => Env, body: Node | null, elseBody: Node | null, forever: boolean): Env | undefined {
    let head: Env = env;
    let frame: LoopFrame = { breaks: [], continues: [] };
    let end: Env | undefined;
    for (let pass = 0; pass < MAX_LOOP_PASSES; pass++) {
      frame = { breaks: [], continues: [] };
      this.loops.push(frame);
      end = body ? this.block(body, enter(head)) : enter(head);
      this.loops.pop();
      const next = joinAll([env, end, ...frame.continues]) ?? env;
      if (sameEnv(next, head)) break;
      head = next;
    }
    if (forever) return joinAll(frame.breaks);
    let after: Env | undefined = joinAll([env, end, ...frame.continues]);
    if (elseBody && after) after = this.block(elseBody, after);
    return joinAll([after, ...frame.breaks]);
  }

  private withStatement(stmt: Node, env: Env): Env | undefined {
    for (const clause of stmt.namedChildren) {
      if (clause?.type !== 'with_clause') continue;
      for (const item of clause.namedChildren) {
        const value = item?.childForFieldName('value');
        if (!value) continue;
        if (value.type === 'as_pattern') {
          const expr = value.namedChildren[0];
          const alias = value.childForFieldName('alias');
          const t = expr ? this.ev.of(expr, env) : undefined;
          if (alias) env = this.bind(env, alias, t, undefined);
        }
      }
    }
    const body = stmt.childForFieldName('body');
    return body ? this.block(body, env) : env;
  }

  private tryStatement(stmt: Node, env: Env): Env | undefined {
    const body = stmt.childForFieldName('body');
    const bodyOut = body ? this.block(body, env) : env;
    // A handler may start anywhere in the body: from before it or after it.
    const handlerIn = joinEnv(env, bodyOut) ?? env;
    const outs: Array<Env | undefined> = [];
    let finallyBlock: Node | null = null;
    let elseOut: Env | undefined = bodyOut;
    for (const part of stmt.namedChildren) {
      if (!part) continue;
      if (part.type === 'except_clause' || part.type === 'except_group_clause') {
        let e = handlerIn;
        const value = part.childForFieldName('value');
        const alias = value?.type === 'as_pattern' ? value.childForFieldName('alias') : null;
        if (alias) e = this.bind(e, alias, undefined, undefined);
        const block = part.namedChildren.find((c) => c?.type === 'block');
        outs.push(block ? this.block(block, e) : e);
      } else if (part.type === 'else_clause') {
        const b = part.childForFieldName('body');
        if (b && bodyOut) elseOut = this.block(b, bodyOut);
      } else if (part.type === 'finally_clause') {
        finallyBlock = part.namedChildren.find((c) => c?.type === 'block') ?? null;
      }
    }
    const normal = joinAll([elseOut, ...outs]);
    if (!finallyBlock) return normal;
    const fin = this.block(finallyBlock, normal ?? handlerIn);
    return normal === undefined ? undefined : fin;
  }

  private matchStatement(stmt: Node, env: Env): Env | undefined {
    const subject = stmt.childForFieldName('subject');
    const t = subject ? this.ev.of(subject, env) : undefined;
    const outs: Array<Env | undefined> = [env];
    const body = stmt.childForFieldName('body');
    for (const clause of body?.namedChildren ?? []) {
      if (clause?.type !== 'case_clause') continue;
      this.snapshots.set(clause.id, env);
      let e = env;
      // Capture patterns bind parts of the subject.
      for (const pattern of clause.namedChildren) {
        if (pattern?.type !== 'case_pattern') continue;
        for (const id of pattern.descendantsOfType('identifier')) {
          if (id && isCapture(id)) e = setVar(e, id.text, t);
        }
      }
      const consequence = clause.childForFieldName('consequence');
      outs.push(consequence ? this.block(consequence, e) : e);
    }
    return joinAll(outs);
  }

  /** A nested def binds a clean name; a class body runs now, so its statements are walked. */
  private definition(stmt: Node, env: Env): Env {
    const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (def?.type === 'class_definition') {
      const body = def.childForFieldName('body');
      if (body) this.block(body, env);
    }
    const name = def?.childForFieldName('name');
    return name ? setVar(env, name.text, undefined) : env;
  }
}

/** `case {"k": name}` / `case [name, *rest]` capture; `case Color.RED` and `case Point(...)` do not. */
function isCapture(id: Node): boolean {
  const p = id.parent;
  if (!p || id.text === '_') return false;
  if (p.type === 'splat_pattern') return true;
  return p.type === 'dotted_name' && p.namedChildCount === 1 && p.parent?.type !== 'class_pattern';
}

function isSequenceLiteral(node: Node): boolean {
  return node.type === 'expression_list' || node.type === 'tuple' || node.type === 'list';
}

function isTerminatingCall(call: Node): boolean {
  const fn = call.childForFieldName('function');
  if (!fn) return false;
  const name = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn.type === 'identifier' ? fn.text : undefined;
  return name !== undefined && TERMINATING_CALLS.has(name);
}
