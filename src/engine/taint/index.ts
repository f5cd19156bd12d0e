/**
 * Dataflow inside one function from sources to sinks. Sinks are found first among the
 * file's calls (most functions have none); only a function holding one is walked, once for
 * all taint rules (see file-taint.ts). A finding names where the data came from.
 */
import type { Language, Node } from 'web-tree-sitter';
import type { AnalysisContext, PreparedAnalyzer } from '../analyzer-api.js';
import { ArgumentView, argumentNode, callArguments } from '../arguments.js';
import { compileGlob, type Glob } from '../../glob/compile-glob.js';
import type { PatternCompiler, Pattern } from '../pattern.js';
import type { ArgCondition, RuleMatch } from '../rule-schema.js';
import type { Confidence, Severity } from '../types.js';
import { fileTaint } from './file-taint.js';
import { returnedHtml } from './returned-html.js';
import { compileSourceSet } from './source-set.js';
import type { Flow, Taint } from './taint-value.js';

export type TaintMatch = Extract<RuleMatch, { kind: 'taint' }>;

const DEFAULT_MESSAGE = "{source} (line {line}) reaches {callee}'s {argument}";
const SEVERITY_ORDER: readonly Severity[] = ['low', 'medium', 'high'];

interface Sink {
  /** Exact qualified names, and globs for the rest. */
  readonly exact: ReadonlySet<string>;
  readonly callees: readonly Glob[];
  readonly position?: number;
  readonly keyword?: string;
  readonly where: readonly ArgCondition[];
  readonly receiver: boolean;
  readonly argument: string;
  readonly message: string;
  readonly safePrefix?: Pattern;
  readonly endOfOptions: boolean;
}

interface Grade {
  readonly sources: ReadonlySet<string>;
  readonly severity?: Severity;
  readonly confidence?: Confidence;
}

interface Hit {
  readonly call: Node;
  readonly flow: Flow;
  readonly sink: Sink;
  readonly callee: string;
  readonly grade?: Grade;
}

/** `compilePattern`: how `safePrefix` is compiled (RE2 for a repository's rule, see compileRules). */
export function prepareTaint(match: TaintMatch, _language: Language, compilePattern: PatternCompiler): PreparedAnalyzer {
  const sources = compileSourceSet(match.sources, match.sourceGroups ?? []);
  const sinks: Sink[] = match.sinks.map((s) => ({
    exact: new Set(s.callees.filter((c) => !c.includes('*'))),
    callees: s.callees.filter((c) => c.includes('*')).map(nameGlob),
    position: s.position,
    keyword: s.keyword,
    where: s.where,
    receiver: s.receiver ?? false,
    argument: s.argument ?? 'argument',
    message: s.message ?? match.message ?? DEFAULT_MESSAGE,
    safePrefix: s.safePrefix === undefined ? undefined : compilePattern(s.safePrefix),
    endOfOptions: s.endOfOptions ?? false,
  }));
  const returnSinks = sinks.filter((_, i) => match.sinks[i].returnedHtml === true);
  const sanitizers = match.sanitizers.map(nameGlob);
  const grades: Grade[] = (match.bySource ?? []).map((g) => ({ sources: new Set(g.sources), severity: g.severity, confidence: g.confidence }));
  const exactKeys = new Set<string>();
  const prefixKeys = new Set<string>();
  for (const s of match.sinks) {
    for (const callee of s.callees) {
      const last = callee.slice(callee.lastIndexOf('.') + 1);
      const star = last.indexOf('*');
      if (star < 0) exactKeys.add(last);
      else prefixKeys.add(last.slice(0, star));
    }
  }

  // `requests.Session().get`: `s.get(...)` is worth resolving through s's binding only in a
  // file that names one of those classes.
  const receiverClasses = [
    ...new Set(
      match.sinks.flatMap((s) => s.callees.filter((c) => c.includes('().')).map((c) => lastSegment(c.slice(0, c.indexOf('().'))))),
    ),
  ];
  const isSanitized = (flow: Flow): boolean => flow.through.some((name) => sanitizers.some((re) => re.test(name)));
  const gradeOf = (flow: Flow): Grade | undefined => grades.find((g) => g.sources.has(flow.origin.group));
  const rank = (flow: Flow): number => {
    const s = gradeOf(flow)?.severity;
    return s === undefined ? SEVERITY_ORDER.length : SEVERITY_ORDER.indexOf(s);
  };

  const run = (ctx: AnalysisContext): void => {
    const file = fileTaint(ctx);
    if (!file.mayHaveSources(sources)) return;
    const receiverForms = receiverClasses.some((c) => ctx.source.includes(c));
    const hits: Hit[] = [];
    const seen = new Set<number>();
    const candidates = [...[...exactKeys].flatMap((k) => file.callsNamed(k)), ...[...prefixKeys].flatMap((p) => file.callsStartingWith(p))];
    for (const site of candidates) {
      if (seen.has(site.node.id)) continue;
      seen.add(site.node.id);
      const names = file.calleeNamesOf(site, receiverForms);
      let view: ArgumentView | undefined;
      // The first sink entry that matches the call and finds a tainted argument decides.
      for (const sink of sinks) {
        const callee = names.find((n) => sink.exact.has(n) || sink.callees.some((re) => re.test(n)));
        if (callee === undefined) continue;
        // `open` in a module that defines its own `open` is not the builtin.
        if (!callee.includes('.') && file.definesAtTopLevel(callee)) continue;
        view ??= new ArgumentView(callArguments(site.node), ctx.names);
        if (!view.holdsAll(sink.where)) continue;
        const args = sinkArguments(view, sink, site.node);
        const flow = firstFlow(sink.endOfOptions ? args.flatMap(beforeEndOfOptions) : args, (arg) => file.taintOf(arg, sources), sink, isSanitized, rank);
        if (!flow) continue;
        hits.push({ call: site.node, flow, sink, callee, grade: gradeOf(flow) });
        break;
      }
    }
    for (const sink of returnSinks) {
      for (const r of returnedHtml(ctx.root, ctx.source, sources)) {
        const flow = firstFlow([r.value], (arg) => file.taintOf(arg, sources), sink, isSanitized, rank);
        if (flow) hits.push({ call: r.statement, flow, sink, callee: 'return', grade: gradeOf(flow) });
      }
    }
    for (const hit of outermostRemoved(hits)) {
      ctx.report(hit.call, {
        message: fill(hit.sink.message, hit),
        ...(hit.grade?.severity ? { severity: hit.grade.severity } : {}),
        ...(hit.grade?.confidence ? { confidence: hit.grade.confidence } : {}),
      });
    }
  };
  return { run, callKeys: [...exactKeys, ...[...prefixKeys].map((p) => `${p}*`)] };
}

function sinkArguments(view: ArgumentView, sink: Sink, call: Node): Node[] {
  if (sink.receiver) {
    const fn = call.childForFieldName('function');
    const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
    return object ? [object] : [];
  }
  const args = view.args;
  if (sink.position !== undefined || sink.keyword !== undefined) {
    const node = argumentNode(args, sink);
    return node ? [node] : [];
  }
  // Without a position or keyword, every argument given by name or place (`*args` splats are not followed).
  return args.positional.concat([...args.keywords.values()]);
}

/**
 * Programs that run an operand as a command or script (`sh -c -- x`, `ssh -- host cmd`,
 * `sudo -- cmd`): for them `--` ends nothing that matters.
 */
const RUNS_OPERANDS = /^(?:.*\/)?(?:sh|bash|zsh|dash|ksh|csh|fish|ssh|su|sudo|doas|env|xargs|nohup|nice|timeout|watch|time|exec|eval|python[\d.]*|perl|ruby|node|php|lua|awk|gawk|cmd(?:\.exe)?|powershell(?:\.exe)?|pwsh)$/;
/** Options that make the next operand code: `python -c`, `perl -e`. */
const CODE_OPTIONS = new Set(['-c', '-e', '-E', '/c', '/C', '-Command', '-command']);

/**
 * `["convert", "--", name, "out.png"]`: with a constant program that does not run its
 * operands, what follows `--` cannot be an option or a command: only the items before it
 * can carry a command injection. Anything else is followed whole.
 */
function beforeEndOfOptions(arg: Node): Node[] {
  let n = arg;
  while (n.type === 'parenthesized_expression' && n.namedChildren[0]) n = n.namedChildren[0];
  if (n.type !== 'list' && n.type !== 'tuple') return [arg];
  const items = n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  const end = items.findIndex((c) => constantText(c) === '--');
  if (end <= 0) return [arg];
  const program = constantText(items[0]);
  if (program === undefined || RUNS_OPERANDS.test(program)) return [arg];
  if (items.slice(1, end).some((c) => CODE_OPTIONS.has(constantText(c) ?? ''))) return [arg];
  return items.slice(0, end);
}

/** The text of a plain string literal (no interpolation), else undefined. */
function constantText(node: Node): string | undefined {
  if (node.type !== 'string' || node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  const m = /^[rRuUbB]{0,2}(['"]{1,3})([\s\S]*)\1$/.exec(node.text);
  return m ? m[2] : undefined;
}

/** The flow to report: the most severe unsanitised one, the earliest source on a tie. */
function firstFlow(
  args: readonly Node[],
  taintOf: (n: Node) => Taint | undefined,
  sink: Sink,
  isSanitized: (f: Flow) => boolean,
  rank: (f: Flow) => number,
): Flow | undefined {
  let best: Flow | undefined;
  for (const arg of args) {
    const t = taintOf(arg);
    if (!t) continue;
    if (sink.safePrefix && t.prefix !== undefined && sink.safePrefix.test(t.prefix)) continue;
    for (const f of t.flows) {
      if (isSanitized(f)) continue;
      if (!best || rank(f) > rank(best) || (rank(f) === rank(best) && f.origin.line < best.origin.line)) best = f;
    }
  }
  return best;
}

/** `open(Path(x))`: report the inner sink, where the data first arrives, not both. */
function outermostRemoved(hits: readonly Hit[]): Hit[] {
  return hits.filter(
    (h) => !hits.some((o) => o !== h && o.call.startIndex >= h.call.startIndex && o.call.endIndex <= h.call.endIndex && o.call.id !== h.call.id),
  );
}

function fill(template: string, hit: Hit): string {
  return template.replace(/\{(source|line|callee|argument)\}/g, (_, name: string) => {
    switch (name) {
      case 'source':
        return hit.flow.origin.text;
      case 'line':
        return String(hit.flow.origin.line);
      case 'callee':
        return hit.callee;
      default:
        return hit.sink.argument;
    }
  });
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

function nameGlob(glob: string): Glob {
  return compileGlob(glob, 'name');
}
