/**
 * `free-port-race`: a function that finds a port that is free now and returns the number,
 * to be bound later by someone else. Between the check and the bind another process can
 * take the port: flaky tests at best, a local process receiving the traffic at worst.
 * Three shapes: bind to port 0, read getsockname(), close, return the number; probe a
 * candidate with bind/connect, close, return it; pick a random port, check it, return it.
 * Handing over the bound socket itself (returning or storing it) is the fix, not a finding.
 */
import type { Node } from 'web-tree-sitter';
import type { Analyzer, AnalysisContext } from '../analyzer-api.js';
import { bareIdentifiers, calleeKey, callsNamed, enclosingFunction, functionName, unwrap, walkScope } from './syntax.js';

const GATE = /getsockname|\.bind\s*\(|\.connect(?:_ex)?\s*\(|\brand(?:int|range)\b|\bchoice\s*\(|\bsample\s*\(/;
const PROBES = new Set(['bind', 'connect', 'connect_ex']);
const CALLEES = 'bind|connect|connect_ex|randint|randrange|choice|sample';
/** Every shape needs a port somewhere in the text (`import` does not count). */
const PORT_WORD = /(?:\b|_)port|getsockname/i;
const RANDOM_NAME = /^(?:random|secrets|numpy\.random)\.|(?:^|\.)(?:Random|SystemRandom|default_rng)\(\)\./;
/** Calls that take a socket without keeping it. */
const NOT_A_HANDOVER = new Set(['print', 'len', 'repr', 'str', 'isinstance', 'id', 'type', 'hasattr', 'getattr', 'closing']);
/** A connect probe only says "free" in a function whose name is about finding a port. */
const PORT_FINDER = /port/i;
const WAITS_FOR_SERVER = /wait|ready|until|listen|alive|is_up|_up$|reachable|open$/i;

const MESSAGE =
  'returns a port that is free now but bound later; another process can take it in between. ' +
  'Bind to port 0 and keep the socket (pass it to the server), or retry on EADDRINUSE';

export const freePortRace: Analyzer = {
  name: 'free-port-race',
  prepare: () => run,
};

interface Candidates {
  readonly fn: Node;
  readonly probes: Node[];
  readonly randoms: Node[];
}

function run(ctx: AnalysisContext): void {
  if (!GATE.test(ctx.source) || !PORT_WORD.test(ctx.source)) return;
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
  for (const entry of byFunction.values()) analyse(entry, ctx);
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
  /** Names handed to other code: returned, stored in an attribute or item, passed to a call. */
  readonly handed: Set<string>;
  /** Names read in if/while conditions. */
  readonly checked: Set<string>;
  /** Call node id → the name its result is assigned to. */
  readonly assignedTo: Map<number, string>;
}

function collectFacts(fn: Node): Facts {
  const returned = new Set<string>();
  const handed = new Set<string>();
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
          bareIdentifiers(value, handed);
          escapes.push(value);
        }
        break;
      }
      case 'assignment': {
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (!left || !right) break;
        if (left.type === 'attribute' || left.type === 'subscript') {
          bareIdentifiers(right, handed);
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
          if (value?.type === 'identifier') handed.add(value.text);
        }
        break;
      }
    }
  });
  const portEscapes = escapes.some((e) => isPortValue(e, portNames));
  return { returned, portEscapes, handed, checked, assignedTo };
}

/** `s.getsockname()`, used whole: the address tuple. */
function isGetsockname(node: Node): boolean {
  const n = unwrap(node);
  return n.type === 'call' && calleeKey(n) === 'getsockname';
}

/** `s.getsockname()[1]`, `s.getsockname()` (the address), a name holding one, or a tuple of those. */
function isPortValue(node: Node, portNames: ReadonlySet<string>): boolean {
  const n = unwrap(node);
  if (n.type === 'identifier') return portNames.has(n.text);
  if (isGetsockname(n)) return true;
  if (n.type === 'subscript') {
    const index = n.childForFieldName('subscript');
    return isGetsockname(n.childForFieldName('value') ?? n) && index?.type === 'integer' && index.text === '1';
  }
  if (n.type === 'tuple' || n.type === 'expression_list' || n.type === 'list') return n.namedChildren.some((c) => !!c && isPortValue(c, portNames));
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

function analyse({ fn, probes, randoms }: Candidates, ctx: AnalysisContext): void {
  let facts: Facts | undefined;
  const get = (): Facts => (facts ??= collectFacts(fn));
  const name = functionName(fn);
  const report = (node: Node): void => ctx.report(node, { message: `\`${name}\` ${MESSAGE}` });

  const probed = new Set<string>();
  let portZero: Node | null = null;
  let probe: Node | null = null;
  for (const call of probes) {
    const shape = probeShape(call);
    if (!shape) continue;
    const f = get();
    if (f.handed.has(shape.socket)) continue;
    if (shape.port === 0) {
      if (calleeKey(call) === 'bind' && f.portEscapes) portZero ??= call;
      continue;
    }
    if (shape.port === null) continue;
    probed.add(shape.port);
    if (!f.returned.has(shape.port)) continue;
    if (calleeKey(call) !== 'bind' && (!PORT_FINDER.test(name) || WAITS_FOR_SERVER.test(name))) continue;
    probe ??= call;
  }
  if (portZero) return report(portZero);
  if (probe) return report(probe);

  for (const call of randoms) {
    const f = get();
    const port = f.assignedTo.get(call.id);
    if (!port || !f.returned.has(port)) continue;
    if (!PORT_FINDER.test(port) && !PORT_FINDER.test(name)) continue;
    const isChecked = f.checked.has(port) || probed.has(port) || / if | not in /.test(call.text);
    if (isChecked) return report(call);
  }
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
