/**
 * Calls graded by what their value is for. First by facts (value-use.ts): a digest stored
 * as a password hash, compared with `hmac.compare_digest`, a token set in a cookie; these
 * may make a finding high. Then by names: the result lands in (or is built from) something
 * named like a secret (`token = "".join(random.choice(abc) ...)`, `def make_salt()`); a name
 * is a hint of purpose, so it chooses the advice and may make a finding medium, never high
 * on its own (SHA-1 in `def _tokenize` is not a token).
 */
import type { Language, Node } from 'web-tree-sitter';
import type { Analyzer, AnalysisContext, PreparedAnalyzer } from '../analyzer-api.js';
import { ArgumentView, callArguments } from '../arguments.js';
import { compileGlob } from '../../glob/compile-glob.js';
import { enclosingFunction } from '../names.js';
import type { NamedContextCallOptions } from './named-context-call-options.js';
import { MAX_CALLS_FOLLOWED_PER_FILE, useOfValue, type ValueUse } from './value-use.js';

export const NAMED_CONTEXT_CALL_ANALYZER = 'named-context-call';

export const namedContextCall: Analyzer = {
  name: NAMED_CONTEXT_CALL_ANALYZER,
  prepare(_language: Language, raw: Readonly<Record<string, unknown>>): PreparedAnalyzer {
    // Validated with the rule (named-context-call-options.ts); the defaults are applied here.
    const given = raw as NamedContextCallOptions;
    const options = { ...given, where: given.where ?? [], arguments: given.arguments ?? false, uses: given.uses ?? {} };
    const callees = options.callees.map((c) => compileGlob(c, 'name'));
    const lastSegments = new Set(options.callees.map((c) => c.slice(c.lastIndexOf('.') + 1)));
    const secret = options.names === undefined ? undefined : new RegExp(options.names, 'i');
    const byUse = Object.entries(options.uses).length > 0;
    const run = (ctx: AnalysisContext): void => {
      let followed = 0;
      for (const site of ctx.calls) {
        if (!lastSegments.has(site.key)) continue;
        const callee = site.names().find((n) => callees.some((re) => re.test(n)));
        if (callee === undefined) continue;
        if (options.where.length > 0) {
          const view = new ArgumentView(callArguments(site.node), ctx.names);
          if (!view.holdsAll(options.where)) continue;
        }
        const use: ValueUse | undefined = byUse
          ? useOfValue(site.node, options.arguments, ctx.source, ++followed <= MAX_CALLS_FOLLOWED_PER_FILE)
          : undefined;
        const factGrade = use !== undefined ? options.uses[use] : undefined;
        const name = secret && !factGrade ? contextNames(site.node, options.arguments).find((n) => secret.test(n)) : undefined;
        const g = factGrade ?? (name !== undefined ? (options.inContext ?? {}) : options.otherwise);
        if (!g) continue;
        const message = g.message?.replace('{name}', name ?? '');
        ctx.report(site.node, { callee, severity: g.severity, confidence: g.confidence, message, category: g.category });
      }
    };
    return { run, callKeys: [...lastSegments] };
  },
};

/**
 * Names the call's value flows into within its statement (assignment targets, keyword
 * names, dict keys), the enclosing function's name, and optionally names in its arguments.
 */
function contextNames(call: Node, withArguments: boolean): string[] {
  const out: string[] = [];
  let child: Node = call;
  for (let n = call.parent; n; child = n, n = n.parent) {
    const t = n.type;
    if (t === 'keyword_argument' && n.childForFieldName('value')?.id === child.id) {
      pushName(out, n.childForFieldName('name'));
    } else if (t === 'pair' && n.childForFieldName('value')?.id === child.id) {
      pushName(out, n.childForFieldName('key'));
    } else if (t === 'assignment' || t === 'augmented_assignment') {
      if (n.childForFieldName('right')?.id === child.id) pushName(out, n.childForFieldName('left'));
      break;
    } else if (t === 'lambda' || t === 'function_definition' || t === 'class_definition' || t === 'block' || t === 'module') {
      break;
    }
  }
  const fn = enclosingFunction(call);
  const fnName = fn?.childForFieldName('name')?.text;
  if (fnName) out.push(fnName);
  if (withArguments) {
    const args = call.childForFieldName('arguments');
    if (args) for (const id of args.descendantsOfType(['identifier', 'string_content'])) if (id) out.push(id.text);
  }
  return out;
}

/** The names a target stands for: `x`, `self.token`, `d["token"]`, `a, b`. */
function pushName(out: string[], first: Node | null): void {
  // An explicit stack: targets can nest (`d[a[b[...]]]`, `((a, b), c)`) as deep as written.
  const stack: Array<Node | null> = [first];
  while (stack.length > 0) {
    const target = stack.pop();
    if (target) pushOne(out, target, stack);
  }
}

function pushOne(out: string[], target: Node, stack: Array<Node | null>): void {
  switch (target.type) {
    case 'identifier':
      out.push(target.text);
      break;
    case 'attribute':
      stack.push(target.childForFieldName('attribute'));
      break;
    case 'subscript':
      stack.push(target.childForFieldName('subscript'));
      break;
    case 'string':
      for (const c of target.namedChildren) if (c?.type === 'string_content') out.push(c.text);
      break;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'tuple':
    case 'list_pattern':
      for (let i = target.namedChildCount - 1; i >= 0; i--) stack.push(target.namedChildren[i]);
      break;
    default:
      break;
  }
}
