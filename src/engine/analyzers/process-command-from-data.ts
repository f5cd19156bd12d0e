/**
 * `process-command-from-data`: a process started without a shell whose argument list holds
 * values that are not constants: attributes, parameters, environment or configuration. No
 * shell means no `;` injection, but such a value can still start with `-` and become an
 * option (`--kubeconfig`, `-o ProxyCommand=`), or name another program. Calls with
 * `shell=True` belong to `subprocess-shell-true`.
 *
 * Graded by position and origin, so the advised fix (`["ping", "--", host]`) is clean:
 * - the program itself comes from data (a parameter, an attribute, a loop variable, a
 *   function's result): medium, a concern to review;
 * - the program comes from the program's own configuration (settings, config objects, the
 *   environment, argv) or only arguments after it are data: low (summary);
 * - every non-constant argument follows a constant `--`: nothing (it cannot be an option).
 * Request data reaching the command is `tainted-command`'s (high), which supersedes this rule.
 */
import type { Node } from 'web-tree-sitter';
import type { Analyzer, AnalysisContext } from '../analyzer-api.js';
import { callArguments, callsNamed, containsAny, enclosingFunction, excerpt, matchIndices, nodeAt, unwrap } from './syntax.js';

const TARGET = /^(?:subprocess\.(?:Popen|run|call|check_call|check_output)|os\.(?:exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?))$/;
const CALLEE_KEYS = 'Popen|run|call|check_call|check_output|__init__|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?';
/** `... import x as y` (the alias) and `class Y(bases)`. */
const IMPORT_LINE = /^[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?import\b[^\n]*\bas\b[^\n]*/gm;
const AS_NAME = /\bas\s+([A-Za-z_]\w*)/g;
const CLASS_HEADER = /\bclass\s+([A-Za-z_]\w*)\s*\(([^)]*)\)/g;
const GATE = ['subprocess', 'Popen', 'execv', 'execl', 'spawnv', 'spawnl', 'posix_spawn'];
const MAX_PARTS_NAMED = 3;
const MAX_DEPTH = 8;
/** Steps followed from a command to its program (names to their assignment, `a + b` to `a`). */
const MAX_PROGRAM_STEPS = 8;
/** Values an operator configures: settings modules, config objects, the environment, argv. */
const CONFIGURED =
  /^(?:os\.(?:environ|environb|getenv|getenvb)\b|sys\.argv\b|(?:self\.|cls\.)?_?(?:settings|config|conf|cfg)\b|(?:self\.)?(?:options|opts|args|cli_args|parsed_args)\.)/i;
/** Stops the climb from a part to the list holding it. */
const STATEMENT_LEVEL = /(?:_statement|^assignment|^augmented_assignment|^block|^module|^lambda)$/;

/** Qualified names that are fixed for the life of the process, not data. */
const SAFE_NAMES = new Set([
  'sys.executable',
  'sys._base_executable',
  'os.devnull',
  'os.curdir',
  'os.pardir',
  'os.sep',
  'os.pathsep',
  'os.extsep',
  'os.name',
  'sys.prefix',
  'sys.exec_prefix',
  'sys.base_prefix',
  'sys.base_exec_prefix',
  'sys.platform',
  'sys.version_info',
  '__file__',
]);
/** Calls whose result is data only if their arguments are. */
const PASS_THROUGH = /^(?:str|bytes|repr|int|float|list|tuple|sorted|reversed|os\.fspath|os\.fsencode|os\.fsdecode|os\.path\.\w+|shutil\.which|shlex\.split|shlex\.quote|shlex\.join|pathlib\.Path|Path|format)$/;
/** Calls that read the environment. */
const ENVIRONMENT = /^os\.(?:environ\.get|getenv|environb\.get|getenvb)$/;
/** `x.UPPER_CASE` (one level): a class or module constant. */
const CONSTANT_ATTRIBUTE = /^[A-Za-z_][\w]*\.[A-Z][A-Z0-9_]*$/;
/** Objects whose upper-case attributes are settings someone configures. */
const CONFIGURATION = /(?:settings|config|conf|cfg|options|opts|env)\./i;
const BUILTINS = new Set(['str', 'bytes', 'int', 'float', 'repr', 'len', 'map', 'filter', 'list', 'tuple', 'sorted', 'True', 'False', 'None']);
const LITERAL_CONTAINERS = new Set(['list', 'tuple', 'dictionary', 'set']);
const MUTATORS = new Set(['append', 'extend', 'insert']);

export const processCommandFromData: Analyzer = {
  name: 'process-command-from-data',
  prepare: () => ({ run }),
};

function run(ctx: AnalysisContext): void {
  if (!containsAny(ctx.source, GATE)) return;
  const finder = new PartFinder(ctx);
  const keys = [CALLEE_KEYS, ...localCallees(ctx)].join('|');
  for (const call of callsNamed(ctx.root, ctx.source, keys)) {
    const callee = targetName(call, ctx);
    if (callee === undefined) continue;
    const args = callArguments(call);
    const shell = args.keywords.get('shell');
    if (shell && !isFalseLiteral(shell)) continue;
    const command = commandArguments(callee, args);
    if (/^(?:subprocess\.|os\.(?:exec|spawn)v|os\.posix_spawn)/.test(callee) && finder.isPassThrough(command, call)) continue;
    const parts = finder.partsOf(command, call);
    if (parts.length === 0) continue;
    const programParts = finder.partsOf(finder.programOf(callee, command, call), call);
    const fromData = programParts.filter((p) => !isConfigured(p));
    const open = parts.filter((p) => !afterEndOfOptions(p));
    if (fromData.length > 0) {
      ctx.report(call, {
        severity: 'medium',
        message:
          `${callee}: the program it runs comes from ${nameList(fromData)}, which is not a constant or the program's own configuration; ` +
          'check where that value comes from, and keep the program a constant (or a path resolved once) with data only in later arguments',
      });
      continue;
    }
    if (open.length === 0) continue;
    const configured = programParts.filter(isConfigured);
    if (configured.length > 0 && open.every((p) => configured.includes(p))) {
      ctx.report(call, {
        message:
          `${callee}: runs the command configured in ${nameList(configured)}; ` +
          'fine while only whoever deploys the program sets it, never a value a request can reach',
      });
      continue;
    }
    ctx.report(call, {
      message:
        `${callee}: the command includes ${nameList(open)} (${open.length > 1 ? 'values that are' : 'a value that is'} not constant); ` +
        'validate it (an allow-list or a strict pattern, never a leading "-") and pass it after "--" where the program accepts that',
    });
  }
}

function nameList(parts: readonly Node[]): string {
  const named = [...new Set(parts.map((p) => `\`${excerpt(p)}\``))];
  return named.slice(0, MAX_PARTS_NAMED).join(', ') + (named.length > MAX_PARTS_NAMED ? ` and ${named.length - MAX_PARTS_NAMED} more` : '');
}

/** Settings, config objects, the environment, argv: what whoever runs the program chose. */
function isConfigured(part: Node): boolean {
  return CONFIGURED.test(part.text);
}

/**
 * A part inside a list literal after a constant `"--"` (`["git", "log", "--", path]`), or on
 * the right of `+` whose left holds one (`["tar", "czf", "o.tgz", "--"] + names`): no value
 * there can be read as an option.
 */
function afterEndOfOptions(part: Node): boolean {
  for (let n: Node = part, p = part.parent; p && !STATEMENT_LEVEL.test(p.type); n = p, p = p.parent) {
    if (p.type === 'list' || p.type === 'tuple') {
      for (const c of p.namedChildren) {
        if (!c || c.id === n.id) break;
        if (isDoubleDash(c)) return true;
      }
    }
    if (p.type === 'binary_operator' && p.childForFieldName('right')?.id === n.id) {
      const left = p.childForFieldName('left');
      if (left && holdsDoubleDash(left)) return true;
    }
  }
  return false;
}

function isDoubleDash(node: Node): boolean {
  return node.type === 'string' && /^[rbuRBU]?(['"])--\1$/.test(node.text);
}

/** `[..., "--"]`, or a sum of lists one of which ends the options. */
function holdsDoubleDash(node: Node): boolean {
  const pending: Node[] = [node];
  for (let steps = 0; pending.length > 0 && steps < MAX_PROGRAM_STEPS; steps++) {
    const n = unwrap(pending.pop() as Node);
    if ((n.type === 'list' || n.type === 'tuple') && n.namedChildren.some((c) => c !== null && isDoubleDash(c))) return true;
    if (n.type === 'binary_operator') {
      for (const side of [n.childForFieldName('left'), n.childForFieldName('right')]) if (side) pending.push(side);
    }
  }
  return false;
}

/**
 * Local names that also start processes: aliases (`from subprocess import run as sh`) and
 * classes deriving from Popen, directly or through another such class.
 */
function localCallees(ctx: AnalysisContext): Set<string> {
  const out = new Set<string>();
  for (const line of ctx.source.matchAll(IMPORT_LINE)) {
    for (const m of line[0].matchAll(AS_NAME)) {
      const target = ctx.names.importedAs(m[1]);
      if (target && /^(?:subprocess|os)\./.test(target)) out.add(m[1]);
    }
  }
  const classes = [...ctx.source.matchAll(CLASS_HEADER)].map((m) => ({ name: m[1], bases: m[2] }));
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of classes) {
      if (out.has(c.name) || !ctx.names.isClass(c.name)) continue;
      if (/\bPopen\b/.test(c.bases) || [...out].some((n) => new RegExp(`\\b${n}\\b`).test(c.bases))) {
        out.add(c.name);
        grew = true;
      }
    }
  }
  return out;
}

/** The matched callee; plain qualification unless subclasses or `super()` may be involved. */
function targetName(call: Node, ctx: AnalysisContext): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text !== '__init__') {
    const q = ctx.names.qualify(fn);
    return q !== null && TARGET.test(q) ? q : undefined;
  }
  return ctx.names.calleeNames(call).find((n) => TARGET.test(n));
}

function isFalseLiteral(node: Node): boolean {
  const n = unwrap(node);
  return n.type === 'false' || n.type === 'none' || (n.type === 'integer' && Number(n.text) === 0);
}

/** The arguments that make up the program and its argv, by the callee's signature. */
function commandArguments(callee: string, args: ReturnType<typeof callArguments>): Node[] {
  if (callee.startsWith('subprocess.')) {
    const first = args.keywords.get('args') ?? args.positional[0];
    return first ? [first] : [];
  }
  const name = callee.slice(3);
  let list = [...args.positional];
  if (name.startsWith('posix_spawn')) return list.slice(0, 2);
  if (name.startsWith('spawn')) list = list.slice(1);
  if (name.endsWith('e')) list = list.slice(0, -1);
  return list;
}

/** Finds the non-constant parts of a command, looking through local names and their mutations. */
class PartFinder {
  private readonly mutations = new Map<string, Node[]>();

  constructor(private readonly ctx: AnalysisContext) {}

  /**
   * The nodes that choose the program: the first item of the argument list (through local
   * names, `+` and `*splat`), the whole command when it is a string or an opaque value, the
   * path argument of os.exec*, os.spawn* and os.posix_spawn.
   */
  programOf(callee: string, command: readonly Node[], at: Node): Node[] {
    if (!callee.startsWith('subprocess.')) return command.slice(0, 1);
    const scopes = enclosingScopes(at);
    let n: Node | undefined = command[0];
    for (let steps = 0; n && steps < MAX_PROGRAM_STEPS; steps++) {
      n = unwrap(n);
      if (n.type === 'list' || n.type === 'tuple') {
        const first: Node | undefined = n.namedChildren.find((c): c is Node => c !== null && c.type !== 'comment');
        if (!first) return [];
        if (first.type !== 'list_splat') return [first];
        n = first.namedChildren[0] ?? undefined;
        continue;
      }
      if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '+') {
        n = n.childForFieldName('left') ?? undefined;
        continue;
      }
      if (n.type === 'identifier') {
        const value = this.lastAssignment(n, scopes);
        if (!value) return [n];
        n = value;
        continue;
      }
      return [n];
    }
    return n ? [n] : [];
  }

  /** The value last assigned to a local name before this use, in the innermost scope that binds it. */
  private lastAssignment(node: Node, scopes: readonly Node[]): Node | undefined {
    for (const scope of scopes) {
      const isFunction = scope.type === 'function_definition';
      const assigned = (this.ctx.names.assignments(scope).get(node.text) ?? []).filter((v) => !isFunction || v.startIndex < node.startIndex);
      if (assigned.length > 0) return assigned[assigned.length - 1];
      if (isFunction && this.ctx.names.parameters(scope).has(node.text)) return undefined;
    }
    return undefined;
  }

  partsOf(nodes: readonly Node[], at: Node): Node[] {
    const scopes = enclosingScopes(at);
    const out: Node[] = [];
    for (const n of nodes) this.collect(n, scopes, new Set(), 0, out);
    return out;
  }

  private collect(node: Node, scopes: readonly Node[], seen: Set<number>, depth: number, out: Node[]): void {
    if (depth > MAX_DEPTH) {
      out.push(node);
      return;
    }
    const next = (n: Node | null | undefined): void => {
      if (n) this.collect(n, scopes, seen, depth + 1, out);
    };
    switch (node.type) {
      case 'comparison_operator':
      case 'not_operator':
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
      case 'ellipsis':
      case 'comment':
      case 'string_start':
      case 'string_content':
      case 'string_end':
      case 'escape_sequence':
        return;
      case 'string':
        for (const child of node.namedChildren) {
          if (child?.type === 'interpolation') next(child.namedChildren[0]);
        }
        return;
      case 'concatenated_string':
      case 'list':
      case 'tuple':
      case 'set':
      case 'parenthesized_expression':
      case 'expression_list':
      case 'list_splat':
      case 'boolean_operator':
        for (const child of node.namedChildren) next(child);
        return;
      case 'binary_operator':
        next(node.childForFieldName('left'));
        next(node.childForFieldName('right'));
        return;
      case 'conditional_expression': {
        // `a if cond else b`: the condition is not part of the command.
        const [a, , b] = node.namedChildren;
        next(a);
        next(b);
        return;
      }
      case 'identifier':
        this.identifier(node, scopes, seen, depth, out);
        return;
      case 'attribute': {
        // `Path(__file__).parent`: an attribute of a pass-through result is data only if that is.
        const object = node.childForFieldName('object');
        if (object?.type === 'call' && !this.isOpaqueCall(object)) {
          next(object);
          return;
        }
        const q = this.ctx.names.qualify(node);
        // `self.INSTALLER`, `helpers.TESTFN`: constants, unless the object is configuration.
        if (q !== null && (SAFE_NAMES.has(q) || (CONSTANT_ATTRIBUTE.test(q) && !CONFIGURATION.test(q)))) return;
        out.push(node);
        return;
      }
      case 'call':
        this.call(node, scopes, seen, depth, out);
        return;
      case 'list_comprehension':
      case 'generator_expression': {
        // Data drawn from a non-constant iterable makes the whole comprehension data.
        const inner: Node[] = [];
        for (const clause of node.namedChildren) {
          if (clause?.type === 'for_in_clause') {
            const right = clause.childForFieldName('right');
            if (right) this.collect(right, scopes, seen, depth + 1, inner);
          }
        }
        if (inner.length) out.push(node);
        return;
      }
      case 'subscript': {
        // `TOOLS[0]` of a literal list is constant; `config["kubectl"]` of a loaded mapping is data.
        const inner: Node[] = [];
        for (const child of node.namedChildren) if (child) this.collect(child, scopes, seen, depth + 1, inner);
        const value = node.childForFieldName('value');
        if (inner.length || (value && !this.isLiteralContainer(value, scopes))) out.push(node);
        return;
      }
      default:
        out.push(node);
    }
  }

  private call(node: Node, scopes: readonly Node[], seen: Set<number>, depth: number, out: Node[]): void {
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    const q = fn ? this.ctx.names.qualify(fn) : null;
    if (q !== null && ENVIRONMENT.test(q)) {
      out.push(node);
      return;
    }
    const collectArgs = (): void => {
      for (const a of args?.namedChildren ?? []) {
        if (!a) continue;
        const value = a.type === 'keyword_argument' ? a.childForFieldName('value') : a;
        if (value) this.collect(value, scopes, seen, depth + 1, out);
      }
    };
    const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
    const isModuleFunction = object?.type === 'identifier' && this.ctx.names.importedAs(object.text) !== undefined;
    if (fn?.type === 'identifier' || isModuleFunction || (q !== null && PASS_THROUGH.test(q))) {
      // `str(self)` reads better than `self`.
      if (args?.namedChildren.some((a) => a?.type === 'identifier' && (a.text === 'self' || a.text === 'cls'))) {
        out.push(node);
        return;
      }
      // A plain function of constants is treated as constant (e.g. `_find_tool("gcc")`).
      collectArgs();
      return;
    }
    if (object) {
      // A method of a value: `name.lower()` is data when `name` is; `" ".join(parts)` when `parts` is.
      const inner: Node[] = [];
      this.collect(object, scopes, seen, depth + 1, inner);
      if (inner.length) out.push(node);
      else collectArgs();
      return;
    }
    out.push(node);
  }

  private identifier(node: Node, scopes: readonly Node[], seen: Set<number>, depth: number, out: Node[]): void {
    const name = node.text;
    if (name === 'self' || name === 'cls') {
      out.push(node);
      return;
    }
    const q = this.ctx.names.qualify(node);
    if (q !== null && SAFE_NAMES.has(q)) return;
    for (const scope of scopes) {
      const isFunction = scope.type === 'function_definition';
      // Inside a function only what happened before this use counts (`cmd = cmd[0]` in a later except).
      const earlier = (v: Node): boolean => !isFunction || v.startIndex < node.startIndex;
      const assigned = (this.ctx.names.assignments(scope).get(name) ?? []).filter(earlier);
      const isParameter = isFunction && this.ctx.names.parameters(scope).has(name);
      const mutated = isFunction ? this.mutationsOf(scope, name).filter(earlier) : [];
      if (assigned.length === 0 && !isParameter && mutated.length === 0) continue;
      if (isParameter) out.push(node);
      let opaque = false;
      for (const value of [...assigned, ...mutated]) {
        if (seen.has(value.id)) continue;
        seen.add(value.id);
        if (this.isOpaqueCall(value)) {
          // `tool = find_tool(version)`: the reader sees `tool`, so name it rather than `version`.
          const inner: Node[] = [];
          this.collect(value, scopes, seen, depth + 1, inner);
          opaque ||= inner.length > 0;
        } else {
          this.collect(value, scopes, seen, depth + 1, out);
        }
      }
      if (opaque && !isParameter) out.push(node);
      return;
    }
    if (BUILTINS.has(name)) return;
    // Imported names are code or module constants; configuration shows up as attributes.
    if (this.ctx.names.importedAs(name) !== undefined) return;
    // Bound by a loop, `with`, `except`, or a global we cannot see: data.
    out.push(node);
  }

  /** A list, tuple, dict or set literal, directly or through names assigned only such literals. */
  private isLiteralContainer(node: Node, scopes: readonly Node[]): boolean {
    const n = unwrap(node);
    if (LITERAL_CONTAINERS.has(n.type)) return true;
    if (n.type !== 'identifier') return false;
    for (const scope of scopes) {
      const assigned = this.ctx.names.assignments(scope).get(n.text);
      if (assigned?.length) return assigned.every((v) => LITERAL_CONTAINERS.has(unwrap(v).type));
      if (scope.type === 'function_definition' && this.ctx.names.parameters(scope).has(n.text)) return false;
    }
    return false;
  }

  /** A call that is neither an environment read nor a pass-through like str() or os.path.join(). */
  private isOpaqueCall(value: Node): boolean {
    const n = unwrap(value);
    if (n.type !== 'call') return false;
    const fn = n.childForFieldName('function');
    const q = fn ? this.ctx.names.qualify(fn) : null;
    return q === null || !(ENVIRONMENT.test(q) || PASS_THROUGH.test(q));
  }

  /**
   * The whole command is a parameter passed straight through (`def run(cmd): subprocess.run(cmd)`):
   * a wrapper, whose callers are where data enters. Reassigning it as `list(cmd)` keeps it so.
   */
  isPassThrough(nodes: readonly Node[], at: Node): boolean {
    const fn = enclosingScopes(at)[0];
    if (nodes.length === 0 || fn.type !== 'function_definition') return false;
    const params = this.ctx.names.parameters(fn);
    return nodes.every((node) => {
      let n = unwrap(node);
      if (n.type === 'subscript') n = unwrap(n.childForFieldName('value') ?? n);
      if (n.type !== 'identifier' || !params.has(n.text)) return false;
      const name = n.text;
      const earlier = (v: Node): boolean => v.startIndex < at.startIndex;
      if (this.mutationsOf(fn, name).some(earlier)) return false;
      return (this.ctx.names.assignments(fn).get(name) ?? []).filter(earlier).every((value) => {
        const v = unwrap(value);
        const arg = v.type === 'call' ? v.childForFieldName('arguments')?.namedChildren : undefined;
        return !!arg && arg.length === 1 && arg[0]?.text === name && /^(?:list|tuple|os\.fspath)$/.test(v.childForFieldName('function')?.text ?? '');
      });
    });
  }

  /**
   * `cmd.append(x)`, `cmd.extend([...])`, `cmd.insert(i, x)`, `cmd += [...]` in a function
   * (not in functions nested in it). Found from the text, then checked on the tree.
   */
  private mutationsOf(fn: Node, name: string): Node[] {
    const key = `${fn.id}:${name}`;
    const cached = this.mutations.get(key);
    if (cached) return cached;
    const found: Node[] = [];
    const start = fn.startIndex;
    const text = this.ctx.source.slice(start, fn.endIndex);
    const re = new RegExp(`(?<![\\w.])${name}(?=\\s*(?:\\.\\s*(?:append|extend|insert)\\s*\\(|\\+=))`, 'g');
    for (const { index } of matchIndices(text, re)) {
      const id = nodeAt(this.ctx.root, start + index, start + index + name.length);
      if (id?.type !== 'identifier' || enclosingFunction(id)?.id !== fn.id) continue;
      const parent = id.parent;
      if (parent?.type === 'augmented_assignment' && parent.childForFieldName('left')?.id === id.id) {
        const right = parent.childForFieldName('right');
        if (right) found.push(right);
      } else if (parent?.type === 'attribute' && parent.parent?.type === 'call') {
        const method = parent.childForFieldName('attribute')?.text;
        const args = parent.parent.childForFieldName('arguments')?.namedChildren ?? [];
        const last = args[args.length - 1];
        if (method && MUTATORS.has(method) && last) found.push(last);
      }
    }
    this.mutations.set(key, found);
    return found;
  }
}

/** The functions around a node, innermost first, then the module. */
function enclosingScopes(node: Node): Node[] {
  const out: Node[] = [];
  let root = node;
  for (let n: Node | null = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition') out.push(n);
    root = n;
  }
  out.push(root);
  return out;
}
