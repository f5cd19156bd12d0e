/**
 * `free-port-race`: a function that finds a port that is free now and returns the number,
 * to be bound later by someone else. Between the check and the bind another process can
 * take the port: flaky tests at best, a local process receiving the traffic at worst.
 * Three shapes: bind to port 0, read getsockname(), close, return the number; probe a
 * candidate with bind/connect, close, return it; pick a random port, check it (or pick it
 * from a range minus the ports seen in use, e.g. parsed from `ss` or `psutil`), return it.
 * A function of the file that returns such a function's result is reported too. These two
 * newer shapes span the function from its `def` to the pick or the return, as a reviewer
 * names them ("get_unused_port, lines 192-199").
 * Handing over the bound socket itself (returning or storing it) is the fix, not a finding.
 */
import type { Node } from 'web-tree-sitter';
import type { Analyzer, AnalysisContext } from '../analyzer-api.js';
import {
  bareIdentifiers,
  calleeKey,
  callsNamed,
  containsAny,
  enclosingFunction,
  escapeRegExp,
  functionName,
  unwrap,
  walkScope,
} from './syntax.js';

/** Probes need a socket, picks need randomness. */
const GATE = ['socket', 'rand', 'secrets'];
const PROBES = new Set(['bind', 'connect', 'connect_ex']);
const CALLEES = 'bind|connect|connect_ex|randint|randrange|choice|sample';
/** Every shape needs a port somewhere in the text (`import` does not count). */
const PORT_WORD = /[^a-z]port|PORT|getsockname/;
const RANDOM_NAME = /^(?:random|secrets|numpy\.random)\.|(?:^|\.)(?:Random|SystemRandom|default_rng)\(\)\./;
/** Calls that take a socket without keeping it. */
const NOT_A_HANDOVER = new Set(['print', 'len', 'repr', 'str', 'isinstance', 'id', 'type', 'hasattr', 'getattr', 'closing']);
/** A connect probe only says "free" in a function whose name is about finding a port. */
const PORT_FINDER = /port/i;
const WAITS_FOR_SERVER = /wait|ready|until|listen|alive|is_up|_up$|reachable|open$/i;
/** Names of a set of ports to leave out: the ones seen in use. */
const USED_NAME = /used|taken|busy|in_?use|occupied|listen|bound|reserved|exclude|open_ports|active/i;
/** How far a picked number travels to its return: `int(...)`, `[0]`, parentheses. */
const PASS_THROUGH = new Set(['parenthesized_expression', 'subscript']);
const PASS_THROUGH_CALLS = new Set(['int', 'str', 'list', 'sorted', 'tuple']);
/** Wrappers of wrappers are followed this many levels; each level is one text search. */
const MAX_WRAPPER_DEPTH = 4;
/** Names followed back to their bindings when looking for the set difference behind a pick. */
const MAX_BINDING_HOPS = 3;
/** Nodes looked at per argument for a set difference: arguments are short, a bound keeps it so. */
const MAX_ARGUMENT_NODES = 200;

const MESSAGE =
  'returns a port that is free now but bound later; another process can take it in between. ' +
  'Bind to port 0 and keep the socket (pass it to the server), or retry on EADDRINUSE';

const WRAPPER_MESSAGE =
  'free now but bound later; another process can take it in between. ' +
  'Bind to port 0 and keep the socket (pass it to the server), or retry on EADDRINUSE';

export const freePortRace: Analyzer = {
  name: 'free-port-race',
  prepare: () => ({ run }),
};

interface Candidates {
  readonly fn: Node;
  readonly probes: Node[];
  readonly randoms: Node[];
}

function run(ctx: AnalysisContext): void {
  if (!containsAny(ctx.source, GATE) || !PORT_WORD.test(ctx.source)) return;
  const byFunction = new Map<number, Candidates>();
  for (const call of callsNamed(ctx.root, ctx.source, CALLEES)) {
    const probe = PROBES.has(calleeKey(call) ?? '');
    if (!probe && !isRandom(call, ctx)) continue;
    const fn = enclosingFunction(call);
    if (!fn) continue;
    let entry = byFunction.get(fn.id);
    if (!entry) byFunction.set(fn.id, (entry = { fn, probes: [], randoms: [] }));
    (probe ? entry.probes : entry.randoms).push(call);
  }
  const facts = new Map<number, Facts>();
  const factsOf = (fn: Node): Facts => {
    let f = facts.get(fn.id);
    if (!f) facts.set(fn.id, (f = collectFacts(fn)));
    return f;
  };
  const binders: string[] = [];
  const finders = new Set<string>();
  for (const entry of byFunction.values()) {
    const binder = analyse(entry, ctx, factsOf, finders);
    if (binder) binders.push(binder);
  }
  if (binders.length) checkBinderCalls(binders, ctx, factsOf, finders);
  if (finders.size) checkWrappers(finders, ctx);
}

/**
 * `def get_free_namespace_port(...): ...; return get_unused_port(used, start, end)`: a
 * function that returns what a free-port finder of this file returns is one too, reported
 * at the call. Followed a few levels (a wrapper of a wrapper).
 */
function checkWrappers(finders: Set<string>, ctx: AnalysisContext): void {
  let frontier = [...finders].filter((n) => /^[A-Za-z_]\w*$/.test(n));
  // One walk per function, however many finder calls it holds.
  const returnedBy = new Map<number, Set<string>>();
  const returnedOf = (fn: Node): Set<string> => {
    let r = returnedBy.get(fn.id);
    if (!r) returnedBy.set(fn.id, (r = collectReturned(fn)));
    return r;
  };
  for (let depth = 0; frontier.length > 0 && depth < MAX_WRAPPER_DEPTH; depth++) {
    const next: string[] = [];
    for (const call of callsNamed(ctx.root, ctx.source, frontier.map(escapeRegExp).join('|'))) {
      const fn = enclosingFunction(call);
      const name = functionName(fn);
      if (!fn || !name || finders.has(name) || !isOwnCallee(call, ctx)) continue;
      const holder = resultHolder(call);
      const returned = holder.returned || (holder.name !== undefined && returnedOf(fn).has(holder.name));
      if (!returned) continue;
      finders.add(name);
      next.push(name);
      ctx.report(fn.childForFieldName('name') ?? call, {
        until: call,
        message: `\`${name}\` returns the port that \`${calleeKey(call) ?? ''}\` finds, ${WRAPPER_MESSAGE}`,
      });
    }
    frontier = next;
  }
}

/** `helper(...)`, `self.helper(...)`, `cls.helper(...)`: a function or method of this file, not a module's. */
function isOwnCallee(call: Node, ctx: AnalysisContext): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') return ctx.names.importedAs(fn.text) === undefined;
  const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  return object?.type === 'identifier' && (object.text === 'self' || object.text === 'cls');
}

/** Names a function returns as they are: `return port`, `return host, port`. */
function collectReturned(fn: Node): Set<string> {
  const out = new Set<string>();
  walkScope(fn, (n) => {
    if (n.type !== 'return_statement' || !n.namedChildren[0]) return;
    const value = unwrap(n.namedChildren[0]);
    const items = value.type === 'tuple' || value.type === 'expression_list' ? value.namedChildren : [value];
    for (const item of items) if (item && unwrap(item).type === 'identifier') out.add(unwrap(item).text);
  });
  return out;
}

/**
 * Where a call's result goes, through parentheses, `[0]` and `int(...)`: straight into a
 * `return`, or into a plain name (`port = random.choice(...)`).
 */
function resultHolder(call: Node): { returned: boolean; name?: string } {
  let n: Node = call;
  for (;;) {
    const p = n.parent;
    if (!p) return { returned: false };
    if (PASS_THROUGH.has(p.type) && (p.type !== 'subscript' || p.childForFieldName('value')?.id === n.id)) {
      n = p;
      continue;
    }
    if (p.type === 'argument_list' && p.namedChildren.length === 1 && p.parent?.type === 'call' && PASS_THROUGH_CALLS.has(calleeKey(p.parent) ?? '')) {
      n = p.parent;
      continue;
    }
    if (p.type === 'return_statement') return { returned: true };
    if (p.type === 'assignment' && p.childForFieldName('right')?.id === n.id) {
      const left = p.childForFieldName('left');
      return left?.type === 'identifier' ? { returned: false, name: left.text } : { returned: false };
    }
    return { returned: false };
  }
}

/**
 * A pick from a range minus the ports seen in use: the argument (or a name bound to it, a few
 * hops back) holds a set difference (`candidates - used`, `.difference(used)`), or a filter
 * (`[p for p in range(a, b) if p not in used]`).
 */
function picksFromTheUnused(call: Node, ctx: AnalysisContext): boolean {
  const first = call.childForFieldName('arguments')?.namedChildren[0];
  if (!first) return false;
  const stack: Array<{ node: Node; hops: number }> = [{ node: first, hops: 0 }];
  let seen = 0;
  while (stack.length > 0 && seen++ < MAX_ARGUMENT_NODES) {
    const { node, hops } = stack.pop() as { node: Node; hops: number };
    switch (node.type) {
      case 'binary_operator':
        if (node.childForFieldName('operator')?.type === '-' && isSetDifference(node, ctx)) return true;
        break;
      case 'comparison_operator':
        if (/\bnot\s+in\b/.test(node.text)) return true;
        break;
      case 'call':
        if (calleeKey(node) === 'difference') return true;
        break;
      case 'identifier':
        if (hops < MAX_BINDING_HOPS) {
          for (const value of ctx.names.reachingValues(node)) if (value) stack.push({ node: value, hops: hops + 1 });
        }
        continue;
      case 'lambda':
        continue;
    }
    for (const c of node.namedChildren) if (c) stack.push({ node: c, hops });
  }
  return false;
}

/** `a - b` where a side is a set (`set(...)`, `{...}`, a name bound to one) or b names ports in use. */
function isSetDifference(node: Node, ctx: AnalysisContext): boolean {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return false;
  const r = unwrap(right);
  if ((r.type === 'identifier' || r.type === 'attribute') && USED_NAME.test(r.text)) return true;
  return [left, right].some((side) => {
    const n = unwrap(side);
    if (isSetValue(n)) return true;
    return n.type === 'identifier' && ctx.names.reachingValues(n).some((v) => v !== null && isSetValue(unwrap(v)));
  });
}

function isSetValue(n: Node): boolean {
  if (n.type === 'set' || n.type === 'set_comprehension') return true;
  return n.type === 'call' && /^(?:set|frozenset)$/.test(n.childForFieldName('function')?.text ?? '');
}

/**
 * `port = bind_port(tempsock); del tempsock; return port`: a helper that binds the socket it is
 * given to port 0 and returns the number, called with a socket that is then dropped.
 */
function checkBinderCalls(binders: readonly string[], ctx: AnalysisContext, factsOf: (fn: Node) => Facts, finders: Set<string>): void {
  for (const call of callsNamed(ctx.root, ctx.source, binders.join('|'))) {
    const fn = enclosingFunction(call);
    const socket = call.childForFieldName('arguments')?.namedChildren[0];
    if (!fn || socket?.type !== 'identifier' || !isLocal(socket.text, fn, ctx)) continue;
    const f = factsOf(fn);
    if (isHanded(f, socket.text, call)) continue;
    const port = f.assignedTo.get(call.id);
    const returnedDirectly = parentIsReturn(call);
    if (returnedDirectly || (port !== undefined && f.returned.has(port))) {
      finders.add(functionName(fn));
      ctx.report(call, { message: `\`${functionName(fn)}\` ${MESSAGE}` });
    }
  }
}

function parentIsReturn(call: Node): boolean {
  let p = call.parent;
  while (p?.type === 'parenthesized_expression') p = p.parent;
  return p?.type === 'return_statement';
}

/** A socket created in the function itself: not a parameter, and assigned or bound by `with ... as` here. */
function isLocal(name: string, fn: Node, ctx: AnalysisContext): boolean {
  if (ctx.names.parameters(fn).has(name)) return false;
  return (ctx.names.assignments(fn).get(name)?.length ?? 0) > 0 || new RegExp(`\\bas\\s+${name}\\b`).test(fn.text);
}

function isHanded(f: Facts, name: string, except?: Node): boolean {
  if (f.kept.has(name)) return true;
  return (f.passedTo.get(name) ?? []).some((id) => id !== except?.id);
}

function isRandom(call: Node, ctx: AnalysisContext): boolean {
  const fn = call.childForFieldName('function');
  const q = fn ? ctx.names.qualify(fn) : null;
  return q !== null && RANDOM_NAME.test(q);
}

interface Facts {
  /** Bare names in return/yield values. */
  readonly returned: Set<string>;
  /** Whether a return value or an attribute store reads getsockname() (directly or via a name). */
  readonly portEscapes: boolean;
  /** Names kept beyond the function: returned or stored in an attribute or item. */
  readonly kept: Set<string>;
  /** Name → ids of the calls it is passed to (possibly handing it over). */
  readonly passedTo: Map<string, number[]>;
  /** Names read in if/while conditions. */
  readonly checked: Set<string>;
  /** Call node id → the name its result is assigned to. */
  readonly assignedTo: Map<number, string>;
}

function collectFacts(fn: Node): Facts {
  const returned = new Set<string>();
  const kept = new Set<string>();
  const passedTo = new Map<string, number[]>();
  const checked = new Set<string>();
  const assignedTo = new Map<number, string>();
  const portNames = new Set<string>();
  const escapes: Node[] = [];
  walkScope(fn, (n) => {
    switch (n.type) {
      case 'return_statement':
      case 'yield': {
        const value = n.namedChildren[0];
        if (value) {
          bareIdentifiers(value, returned);
          bareIdentifiers(value, kept);
          escapes.push(value);
        }
        break;
      }
      case 'assignment': {
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (!left || !right) break;
        if (left.type === 'attribute' || left.type === 'subscript') {
          bareIdentifiers(right, kept);
          escapes.push(right);
        } else {
          const port = portTarget(left, right);
          if (port) portNames.add(port);
        }
        const value = unwrap(right);
        if (left.type === 'identifier' && value.type === 'call') assignedTo.set(value.id, left.text);
        break;
      }
      case 'if_statement':
      case 'elif_clause':
      case 'while_statement': {
        const condition = n.childForFieldName('condition');
        if (condition) bareIdentifiers(condition, checked);
        break;
      }
      case 'call': {
        const key = calleeKey(n);
        if (key !== null && NOT_A_HANDOVER.has(key)) break;
        for (const arg of n.childForFieldName('arguments')?.namedChildren ?? []) {
          const value = arg?.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
          if (value?.type === 'identifier') passedTo.set(value.text, [...(passedTo.get(value.text) ?? []), n.id]);
        }
        break;
      }
    }
  });
  const portEscapes = escapes.some((e) => isPortValue(e, portNames));
  return { returned, portEscapes, kept, passedTo, checked, assignedTo };
}

/** `s.getsockname()`, used whole: the address tuple. */
function isGetsockname(node: Node): boolean {
  const n = unwrap(node);
  return n.type === 'call' && calleeKey(n) === 'getsockname';
}

/** `s.getsockname()[1]`, `s.getsockname()` (the address), a name holding one, or a tuple of those. */
function isPortValue(node: Node, portNames: ReadonlySet<string>): boolean {
  // Tuples of tuples go on a stack: they can nest as deep as written.
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = unwrap(stack.pop() as Node);
    if (n.type === 'identifier') {
      if (portNames.has(n.text)) return true;
    } else if (isGetsockname(n)) {
      return true;
    } else if (n.type === 'subscript') {
      const index = n.childForFieldName('subscript');
      if (isGetsockname(n.childForFieldName('value') ?? n) && index?.type === 'integer' && index.text === '1') return true;
    } else if (n.type === 'tuple' || n.type === 'expression_list' || n.type === 'list') {
      for (const c of n.namedChildren) if (c) stack.push(c);
    }
  }
  return false;
}

/** The name that receives the port: `port = s.getsockname()[1]`, `_, port = s.getsockname()[:2]`. */
function portTarget(left: Node, right: Node): string | null {
  if (left.type === 'identifier') return isPortValue(right, new Set()) ? left.text : null;
  if ((left.type === 'pattern_list' || left.type === 'tuple_pattern') && right.text.includes('getsockname')) {
    const second = left.namedChildren[1];
    return second?.type === 'identifier' ? second.text : null;
  }
  return null;
}

/** Reports the function if it is a free-port finder; returns its name if it is a port-0 binding helper. */
function analyse({ fn, probes, randoms }: Candidates, ctx: AnalysisContext, factsOf: (fn: Node) => Facts, finders: Set<string>): string | null {
  const name = functionName(fn);
  const report = (node: Node): null => {
    finders.add(name);
    ctx.report(node, { message: `\`${name}\` ${MESSAGE}` });
    return null;
  };

  const probed = new Set<string>();
  let portZero: Node | null = null;
  let probe: Node | null = null;
  let binder = false;
  for (const call of probes) {
    const shape = probeShape(call);
    if (!shape) continue;
    const f = factsOf(fn);
    if (isHanded(f, shape.socket)) continue;
    const local = isLocal(shape.socket, fn, ctx);
    if (shape.port === 0) {
      if (calleeKey(call) !== 'bind' || !f.portEscapes) continue;
      // Binding a socket the caller gave us keeps the port bound: fine here, racy if the caller drops it.
      if (local) portZero ??= call;
      else binder ||= ctx.names.parameters(fn).has(shape.socket);
      continue;
    }
    if (shape.port === null || !local) continue;
    probed.add(shape.port);
    if (!f.returned.has(shape.port)) continue;
    if (calleeKey(call) !== 'bind' && (!PORT_FINDER.test(name) || WAITS_FOR_SERVER.test(name))) continue;
    probe ??= call;
  }
  if (portZero) return report(portZero);
  if (probe) return report(probe);

  for (const call of randoms) {
    const f = factsOf(fn);
    const holder = resultHolder(call);
    const port = holder.name;
    if (!holder.returned && (port === undefined || !f.returned.has(port))) continue;
    if (!PORT_FINDER.test(port ?? '') && !PORT_FINDER.test(name)) continue;
    if (picksFromTheUnused(call, ctx)) {
      // The whole helper is the concern (what it leaves out and its pick): from its `def` to the pick.
      finders.add(name);
      ctx.report(fn.childForFieldName('name') ?? call, { until: call, message: `\`${name}\` ${MESSAGE}` });
      return null;
    }
    const isChecked = (port !== undefined && (f.checked.has(port) || probed.has(port))) || / if | not in /.test(call.text);
    if (isChecked) return report(call);
  }
  return binder && /^[A-Za-z_]\w*$/.test(name) ? name : null;
}

/** `s.bind((host, port))`: the local socket name and the port (0, a name, or null). */
function probeShape(call: Node): { socket: string; port: 0 | string | null } | null {
  const fn = call.childForFieldName('function');
  const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  if (object?.type !== 'identifier' || object.text === 'self') return null;
  const address = call.childForFieldName('arguments')?.namedChildren[0];
  if (!address) return null;
  const tuple = unwrap(address);
  if (tuple.type !== 'tuple') return null;
  const items = tuple.namedChildren;
  if (items.length < 2 || !items[1]) return null;
  const port = unwrap(items[1]);
  if (port.type === 'integer') return Number(port.text) === 0 ? { socket: object.text, port: 0 } : null;
  return { socket: object.text, port: port.type === 'identifier' ? port.text : null };
}
