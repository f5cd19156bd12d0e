/**
 * `hard-kill-without-grace`: SIGKILL as the first and only attempt to stop a process. The
 * process gets no chance to flush output, remove temporary files, release locks or stop
 * its own children, which then linger. The accepted shape is terminate → wait with a
 * timeout → kill; a kill after a SIGTERM, a timed wait, or inside `except TimeoutExpired`
 * is that shape and is not reported. Anchored on the text `kill`, so most files cost one
 * regex test.
 */
import type { Node } from 'web-tree-sitter';
import type { Analyzer, AnalysisContext } from '../analyzer-api.js';
import type { NameResolver } from '../names.js';
import {
  callArguments,
  containsAny,
  callOfArgument,
  calleeKey,
  enclosingFunction,
  excerpt,
  functionName,
  matchIndices,
  nodeAt,
  parentSkippingParens,
  stringValue,
  unwrap,
  walkScope,
} from './syntax.js';

const SIGKILL_ANCHOR = /\bSIGKILL\b/g;
const SIGKILL_ALIAS = /\bSIGKILL\s+as\s+([A-Za-z_]\w*)/g;
/** `.kill(`, `os.kill(`, `killpg(`: a zero-argument kill() or a kill with the number 9. */
const KILL_CALL_ANCHOR = /\bkill(?:pg)?(?=\s*\()/g;
/** A `kill -9` / `pkill -KILL` command, as a list element or a command string. */
const COMMAND_ANCHOR = /(["'])(?:\/(?:usr\/)?bin\/)?(?:kill|pkill|killall)(?:\1|\s+-(?:9|KILL|SIGKILL)\b)/g;
const NINE_FLAGS = new Set(['-9', '-KILL', '-SIGKILL', '--signal=KILL', '--signal=9', '--signal=SIGKILL']);
/** Functions of the signal module that name a signal without sending it. */
const SIGNAL_INSPECTORS = /^signal\.(?!pthread_kill$|pidfd_send_signal$)/;
/** Calls that take a signal but send nothing (tests, collections, formatting). */
const NOT_A_SEND =
  /^(?:assert\w*|append|add|extend|insert|remove|discard|index|count|get|setdefault|print|repr|str|int|format|isinstance|Signals|add_signal_handler|remove_signal_handler|getsignal|strsignal)$/;
/** Earlier in the same function, any of these is a graceful attempt (or a timed wait). */
const GRACE_BEFORE =
  /\bterminate\s*\(|\bSIG(?:TERM|INT|HUP|QUIT)\b|\bCTRL_(?:C|BREAK)_EVENT\b|["']-(?:TERM|15|INT|HUP)["']|\.wait\s*\(\s*[^)\s]|\bwait_for\s*\(|\.join\s*\(\s*(?:timeout\b|\d)|\bcommunicate\s*\([^)]*timeout|\bsend_signal\s*\(\s*(?!signal\.SIGKILL|SIGKILL)/;
/** A function that is itself the kill primitive: its callers choose when to call it. */
const KILL_PRIMITIVE = /^_*kill$/;
const ON_TIMEOUT = /timeout|timed_?out|expired|deadline/i;
/** `sig=9`, `signum = 9`: a parameter named for a signal whose default is the number 9. */
const NINE_DEFAULT_ANCHOR = /\b(\w*sig\w*)\s*(?::[^=,()]{1,40})?=\s*9\b/gi;
const SIGNAL_PARAMETER = /^(?:sig|signal|signum|sig_?num|signo|\w*_signal)$/i;
/** Expressions a signal passes through on its way into a command's text. */
const FORMATTING = new Set(['binary_operator', 'parenthesized_expression', 'interpolation', 'string', 'concatenated_string', 'tuple']);
const FORMATTERS = /^(?:str|int|repr|format)$/;
/** Formatting nests a few levels at most; deeper is not a command built from the signal. */
const MAX_FORMAT_DEPTH = 8;
const KILL_PROGRAM = /^(?:\/(?:usr\/)?bin\/)?(?:kill|pkill|killall)$/;
const KILL_COMMAND_TEXT = /^\W*(?:\/(?:usr\/)?bin\/)?(?:kill|pkill|killall)\s+-/;

const ADVICE = 'terminate, wait with a timeout, then kill: `p.terminate()`, `p.wait(timeout=10)`, and `p.kill()` only on `TimeoutExpired`';

export const hardKillWithoutGrace: Analyzer = {
  name: 'hard-kill-without-grace',
  prepare: () => ({ run }),
};

/** What the analyzer has reported in one file: sites, and functions reported as a whole. */
interface Reported {
  readonly sites: Set<number>;
  readonly functions: Set<number>;
}

type Consider = (site: Node, what: string) => void;

function run(ctx: AnalysisContext): void {
  if (!containsAny(ctx.source, ['kill', 'KILL'])) return;
  const reported: Reported = { sites: new Set(), functions: new Set() };
  const consider: Consider = (site, what) => {
    if (reported.sites.has(site.id)) return;
    reported.sites.add(site.id);
    // A function reported as a whole (a SIGKILL default it sends) is one concern, once.
    const fn = enclosingFunction(site);
    if (fn && reported.functions.has(fn.id)) return;
    if (hasGrace(site, ctx)) return;
    ctx.report(site, { message: `${what} without a graceful attempt first; the process cannot clean up. ${capitalize(ADVICE)}` });
  };

  // `from signal import SIGKILL as HARD` makes `HARD` an anchor too.
  const aliases = [...ctx.source.matchAll(SIGKILL_ALIAS)].map((m) => m[1]);
  const anchor = aliases.length ? new RegExp(`\\b(?:SIGKILL|${aliases.join('|')})\\b`, 'g') : SIGKILL_ANCHOR;
  for (const { index, match } of matchIndices(ctx.source, anchor)) {
    const id = nodeAt(ctx.root, index, index + match[0].length);
    if (id?.type !== 'identifier') continue;
    const value = signalExpression(id, ctx.names);
    if (value) sigkillUse(value, ctx, consider, reported);
  }
  for (const { index, match } of matchIndices(ctx.source, NINE_DEFAULT_ANCHOR)) {
    const name = nodeAt(ctx.root, index, index + (match[1]?.length ?? 0));
    const parameter = name?.parent;
    if (parameter?.type === 'default_parameter' || parameter?.type === 'typed_default_parameter') nineDefault(parameter, ctx, reported);
  }
  for (const { index, match } of matchIndices(ctx.source, KILL_CALL_ANCHOR)) {
    const id = nodeAt(ctx.root, index, index + match[0].length);
    if (id?.type !== 'identifier') continue;
    const fn = id.parent?.type === 'attribute' ? id.parent : id;
    const call = fn.parent;
    if (call?.type !== 'call' || call.childForFieldName('function')?.id !== fn.id) continue;
    killCall(call, fn, ctx, consider);
  }
  for (const { index } of matchIndices(ctx.source, COMMAND_ANCHOR)) {
    const node = ctx.root.descendantForIndex(index + 1, index + 2);
    const string = node?.type === 'string' ? node : node?.parent?.type === 'string' ? node.parent : null;
    if (!string) continue;
    const site = killCommand(string);
    if (site) consider(site, 'a `kill -9` command sends SIGKILL');
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `signal.SIGKILL`, `signal.Signals.SIGKILL` or an imported `SIGKILL`, as the whole expression. */
function signalExpression(id: Node, names: NameResolver): Node | null {
  let node: Node = id;
  const parent = id.parent;
  if (parent?.type === 'attribute') {
    if (parent.childForFieldName('attribute')?.id !== id.id) return null;
    node = parent;
  }
  const q = names.qualify(node);
  if (q === null) return null;
  if (q !== 'SIGKILL' && !(q.startsWith('signal.') && q.endsWith('.SIGKILL'))) return null;
  return node;
}

function sigkillUse(value: Node, ctx: AnalysisContext, consider: Consider, reported: Reported): void {
  const parent = parentSkippingParens(value);
  if (parent?.type === 'default_parameter' || parent?.type === 'typed_default_parameter') {
    const defaultValue = parent.childForFieldName('value');
    if (!defaultValue || unwrap(defaultValue).id !== value.id) return;
    sigkillDefault(parent, ctx, reported);
    return;
  }
  const call = callOfArgument(value);
  if (!call) return;
  const fn = call.childForFieldName('function');
  const q = fn ? ctx.names.qualify(fn) : null;
  const key = calleeKey(call);
  if (key === null || NOT_A_SEND.test(key) || (q !== null && SIGNAL_INSPECTORS.test(q))) return;
  if (KILL_PRIMITIVE.test(functionName(enclosingFunction(call)))) return;
  if (isCheck(call)) return;
  consider(call, `\`${q ?? key}\` sends SIGKILL`);
}

/** `sig=9`: a default of 9 counts as SIGKILL when the parameter is named for a signal. */
function nineDefault(parameter: Node, ctx: AnalysisContext, reported: Reported): void {
  const name = parameter.childForFieldName('name')?.text ?? '';
  const value = parameter.childForFieldName('value');
  if (!SIGNAL_PARAMETER.test(name) || !value || unwrap(value).type !== 'integer' || Number(unwrap(value).text) !== 9) return;
  // The number alone may not be a signal: only its use as one counts.
  sigkillDefault(parameter, ctx, reported, true);
}

/**
 * `def kill(self, sig=signal.SIGKILL)`: callers that do not pass a signal hard-kill. When the
 * function itself sends the parameter (`os.kill(pid, sig)`, `['kill', '-%d' % sig, pid]`,
 * `"kill -%d %s" % (sig, pid)`), the function is one concern, reported once from its `def` to
 * the send; a send after a graceful attempt is an escalation and is not reported. A default
 * not sent here is reported at the parameter, except in a kill primitive.
 */
function sigkillDefault(parameter: Node, ctx: AnalysisContext, reported: Reported, onlyWhenSent = false): void {
  const fn = parameter.parent?.parent;
  const param = parameter.childForFieldName('name')?.text ?? 'a parameter';
  const paramText = parameter.text.replace(/\s+/g, '');
  if (fn?.type !== 'function_definition') return;
  const send = sendOfParameter(fn, param, ctx);
  // Sent after a graceful attempt: the default is the last step of an escalation.
  if (send && hasGrace(send.site, ctx)) return;
  if (send) {
    if (reported.functions.has(fn.id)) return;
    reported.functions.add(fn.id);
    const name = fn.childForFieldName('name') ?? fn;
    ctx.report(name, {
      until: send.site,
      message:
        `\`${functionName(fn)}\` sends SIGKILL by default (\`${paramText}\`, ${send.how}) without a graceful attempt first; ` +
        `callers hard-kill unless they pass another signal. Default to SIGTERM and escalate: ${ADVICE}`,
    });
    return;
  }
  if (onlyWhenSent || KILL_PRIMITIVE.test(functionName(fn))) return;
  ctx.report(parameter, {
    message: `\`${param}\` defaults to SIGKILL, so callers hard-kill unless they say otherwise; default to SIGTERM and escalate: ${ADVICE}`,
  });
}

/**
 * Where a function sends its signal parameter: passed as is to a call that is not a check or
 * a collection (`os.kill(pid, sig)`, `self._send(sig)`), or formatted into a `kill` command
 * (`['kill', '-%d' % sig, pid]`, `f"kill -{sig} {pid}"`, `['kill', '-s', str(sig), pid]`).
 */
function sendOfParameter(fn: Node, param: string, ctx: AnalysisContext): { site: Node; how: string } | null {
  const body = fn.childForFieldName('body');
  if (!body) return null;
  let found: { site: Node; how: string } | null = null;
  walkScope(fn, (n) => {
    if (found) return false;
    if (n.type !== 'identifier' || n.text !== param) return;
    found = sendOfUse(n, ctx);
  });
  return found;
}

function sendOfUse(use: Node, ctx: AnalysisContext): { site: Node; how: string } | null {
  // Climb through formatting: `'-%d' % sig`, `str(sig)`, f-strings, `'-' + str(sig)`.
  let value: Node = use;
  let formatted = false;
  for (let i = 0; i < MAX_FORMAT_DEPTH; i++) {
    const p = value.parent;
    if (!p) break;
    if (p.type === 'argument_list' && p.parent?.type === 'call' && FORMATTERS.test(calleeKey(p.parent) ?? '')) {
      value = p.parent;
      formatted = true;
      continue;
    }
    if (!FORMATTING.has(p.type)) break;
    if (p.type === 'tuple' && p.parent?.type !== 'binary_operator') break;
    value = p;
    formatted ||= p.type !== 'parenthesized_expression';
  }
  const container = parentSkippingParens(value);
  if (container?.type === 'list' || container?.type === 'tuple') {
    // `['kill', '-%d' % sig, pid]`, also behind `sudo` or `ip netns exec ns`.
    const items = container.namedChildren;
    const at = items.findIndex((c) => c?.id === value.id);
    const program = items.slice(0, at).some((c) => c !== null && KILL_PROGRAM.test(stringValue(c) ?? ''));
    return program ? { site: callOfArgument(container) ?? container, how: `in \`${excerpt(container, 60)}\`` } : null;
  }
  if (formatted) {
    const text = value.text.replace(/^[a-zA-Z]*["']/, '');
    if (KILL_COMMAND_TEXT.test(text)) return { site: callOfArgument(value) ?? value, how: `in \`${excerpt(value, 60)}\`` };
    return null;
  }
  const call = callOfArgument(use);
  if (!call) return null;
  const key = calleeKey(call);
  const fn = call.childForFieldName('function');
  const q = fn ? ctx.names.qualify(fn) : null;
  if (key === null || NOT_A_SEND.test(key) || (q !== null && SIGNAL_INSPECTORS.test(q)) || isCheck(call)) return null;
  return { site: call, how: `sent by \`${excerpt(call, 60)}\`` };
}

function killCall(call: Node, fn: Node, ctx: AnalysisContext, consider: Consider): void {
  const args = callArguments(call);
  const q = ctx.names.qualify(fn);
  if (fn.type === 'attribute' && args.positional.length === 0 && args.keywords.size === 0 && !args.hasSplat) {
    // `proc.kill()`: SIGKILL on Popen, asyncio and multiprocessing processes.
    if (q === 'os.kill' || q === 'os.killpg') return;
    const enclosing = enclosingFunction(call);
    if (KILL_PRIMITIVE.test(functionName(enclosing))) return;
    const receiver = fn.childForFieldName('object');
    if (!receiver || (receiver.type === 'identifier' && receiver.text === 'self')) return;
    if (receiver.type === 'call' && receiver.childForFieldName('function')?.text === 'super') return;
    consider(call, `\`${fn.text.replace(/\s+/g, '')}()\` sends SIGKILL`);
    return;
  }
  if ((q === 'os.kill' || q === 'os.killpg') && args.positional.length === 2) {
    const sig = unwrap(args.positional[1]);
    if (sig.type === 'integer' && Number(sig.text) === 9) {
      if (KILL_PRIMITIVE.test(functionName(enclosingFunction(call)))) return;
      consider(call, `\`${q}\` sends signal 9 (SIGKILL)`);
    }
  }
}

/** A list command `["kill", "-9", pid]` or a string `"kill -9 ..."`: the call that runs it, or the literal. */
function killCommand(string: Node): Node | null {
  const value = stringValue(string);
  const list = parentSkippingParens(string);
  let literal: Node = string;
  if (value !== null && /^(?:\/(?:usr\/)?bin\/)?(?:kill|pkill|killall)$/.test(value)) {
    if (list?.type !== 'list' && list?.type !== 'tuple') return null;
    const items = list.namedChildren.map((c) => (c ? stringValue(c) : null));
    const nine = items.some((s, i) => (s !== null && NINE_FLAGS.has(s)) || (s === '-s' && /^(?:SIG)?KILL$|^9$/.test(items[i + 1] ?? '')));
    if (!nine) return null;
    literal = list;
  } else if (!/^\W*(?:\/(?:usr\/)?bin\/)?(?:kill|pkill|killall)\s+-(?:9|KILL|SIGKILL)\b/.test(string.text.replace(/^[a-zA-Z]*["']/, ''))) {
    return null;
  }
  // Report the call that runs it when the literal is its command; otherwise the literal.
  return callOfArgument(literal) ?? literal;
}

/** A call used as a truth value (`assert got_signal(p, SIGKILL)`, `if died_of(SIGKILL):`) checks, not sends. */
function isCheck(call: Node): boolean {
  let p = parentSkippingParens(call);
  while (p && (p.type === 'not_operator' || p.type === 'boolean_operator' || p.type === 'await')) p = parentSkippingParens(p);
  if (!p) return false;
  if (p.type === 'assert_statement' || p.type === 'comparison_operator') return true;
  // `self.assertTrue(died_of(p, SIGKILL))`
  const outer = callOfArgument(call);
  if (outer && /^assert/.test(calleeKey(outer) ?? '')) return true;
  if (p.type !== 'if_statement' && p.type !== 'elif_clause' && p.type !== 'while_statement') return false;
  const condition = p.childForFieldName('condition');
  return !!condition && condition.startIndex <= call.startIndex && call.endIndex <= condition.endIndex;
}

/**
 * A graceful attempt earlier in the same function, a kill inside `except ...Timeout...`, or
 * a kill in a function that runs on a timeout (`def handle_timeout(): proc.kill()`).
 */
function hasGrace(site: Node, ctx: AnalysisContext): boolean {
  const fn = enclosingFunction(site);
  if (ON_TIMEOUT.test(functionName(fn))) return true;
  for (let n: Node | null = site.parent; n && n.id !== fn?.id; n = n.parent) {
    if (n.type === 'except_clause') {
      const header = n.namedChildren.find((c) => c?.type !== 'block' && c?.type !== 'comment');
      if (header && /Timeout/.test(header.text)) return true;
    }
  }
  const before = ctx.source.slice(fn ? fn.startIndex : 0, site.startIndex);
  return GRACE_BEFORE.test(before);
}
