/**
 * `archive-member-path` (zip slip by hand): a loop over an archive's members
 * (`zf.namelist()`, `zf.infolist()`, `tar.getmembers()`) that joins a member's name into a
 * path and writes there, with no check in the loop that the path stays inside the target
 * (realpath/abspath/commonpath/is_relative_to/resolve, basename, a `..` test). A name such
 * as `../../home/app/.ssh/authorized_keys` or `/etc/cron.d/x` then writes outside it.
 * Anchored on the text of the three methods, so most files cost one regex test.
 */
import type { Node } from 'web-tree-sitter';
import type { Analyzer, AnalysisContext } from '../analyzer-api.js';
import { enclosingFunction } from '../names.js';
import { stringValue, unwrap, walkScope } from './syntax.js';

const ANCHOR = /\b(?:namelist|infolist|getmembers)\s*\(|\b(?:tarfile|TarFile)\b/;
/** Where a TarFile is opened, to find loops over the object itself (`for m in tar:`). */
const TAR_OPEN = /\b(?:tarfile|TarFile)\b[\w.]*\s*\(/g;
const TAR_OPENERS = new Set(['tarfile.open', 'tarfile.TarFile', 'tarfile.TarFile.open']);
const MEMBER_LISTS = 'namelist|infolist|getmembers';
/** Attributes of a ZipInfo / TarInfo that hold the member's name. */
const NAME_ATTRIBUTES = new Set(['filename', 'name', 'path', 'orig_filename']);
const JOINS = new Set(['os.path.join', 'posixpath.join', 'ntpath.join', 'pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'Path', 'PurePath']);
const OPENERS = new Set(['open', 'io.open', 'builtins.open', 'codecs.open']);
/** Methods of a path object that write at it. */
const PATH_WRITES = new Set(['write_bytes', 'write_text', 'open', 'touch', 'symlink_to', 'hardlink_to']);
const COPIES = new Set(['shutil.copyfile', 'shutil.copy', 'shutil.copy2', 'shutil.move', 'os.rename', 'os.replace']);
/**
 * A check in the loop that the path stays inside the target, or a name reduced to its last
 * part, read from the loop's text: the path functions such checks use, or a call to a helper
 * named like one (`is_within_directory(dest, target)`, `_safe_path(...)`).
 */
const CONTAINMENT_CHECK =
  /\b(?:realpath|abspath|commonpath|commonprefix|is_relative_to|relative_to|resolve|basename|secure_filename|isabs|is_absolute)\b|\.startswith\s*\(|["']\.\.["']|\bos\.pardir\b|\b\w*(?:within|inside|contain|safe|sanitiz|travers|escap)\w*\s*\(/i;
/** Member-list calls and loops looked at per file; a generated file with thousands is not worth more. */
const MAX_LOOPS_PER_FILE = 200;
/** Text hits of the three method names looked at per file, loops or not. */
const MAX_ANCHOR_HITS = 1000;

export const ARCHIVE_MEMBER_PATH_ANALYZER = 'archive-member-path';

export const archiveMemberPath: Analyzer = {
  name: ARCHIVE_MEMBER_PATH_ANALYZER,
  prepare: () => ({ run }),
};

function run(ctx: AnalysisContext): void {
  if (!ANCHOR.test(ctx.source)) return;
  let loops = 0;
  for (const loop of memberLoops(ctx)) {
    if (++loops > MAX_LOOPS_PER_FILE) return;
    const body = loop.statement.childForFieldName('body');
    if (!body || CONTAINMENT_CHECK.test(body.text)) continue;
    const sink = firstUnsafeWrite(loop, body, ctx);
    if (sink) {
      ctx.report(sink, {
        message: `a path built from the name of each archive member (\`${loop.label}\`) is written to without checking that it stays inside the target: a member named \`../../x\` or \`/etc/x\` writes outside it (zip slip)`,
      });
    }
  }
}

interface MemberLoop {
  readonly statement: Node;
  readonly variable: string;
  readonly method: string;
  /** How the loop gets its members, for the message: `namelist()`, `for m in tar`. */
  readonly label: string;
  /** namelist() yields names; infolist()/getmembers() yield objects whose `.filename`/`.name` is the name. */
  readonly yieldsNames: boolean;
}

/** `for m in zf.namelist():`, and `names = zf.namelist()` followed by `for m in names:`. */
function memberLoops(ctx: AnalysisContext): MemberLoop[] {
  const out: MemberLoop[] = [];
  const re = new RegExp(`\\b(${MEMBER_LISTS})\\s*\\(`, 'g');
  let hits = 0;
  for (const m of ctx.source.matchAll(re)) {
    if (out.length >= MAX_LOOPS_PER_FILE || ++hits > MAX_ANCHOR_HITS) break;
    const id = ctx.root.descendantForIndex(m.index, m.index + m[1].length);
    const attr = id?.parent;
    const call = attr?.parent;
    if (id?.type !== 'identifier' || attr?.type !== 'attribute' || call?.type !== 'call') continue;
    const method = m[1];
    const yieldsNames = method === 'namelist';
    const holder = outerOfCall(call);
    if (holder.parent?.type === 'for_statement' && holder.parent.childForFieldName('right')?.id === holder.id) {
      const variable = loopVariable(holder.parent);
      if (variable) out.push({ statement: holder.parent, variable, method, label: `${method}()`, yieldsNames });
      continue;
    }
    const assignment = holder.parent;
    const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    if (target?.type !== 'identifier' || assignment?.childForFieldName('right')?.id !== holder.id) continue;
    const scope = enclosingFunction(assignment) ?? ctx.root;
    walkScope(scope, (node) => {
      if (node.type !== 'for_statement' || node.startIndex < assignment.endIndex) return;
      const right = node.childForFieldName('right');
      if (right?.type === 'identifier' && right.text === target.text) {
        const variable = loopVariable(node);
        if (variable) out.push({ statement: node, variable, method, label: `${method}()`, yieldsNames });
      }
    });
  }
  if (out.length < MAX_LOOPS_PER_FILE) out.push(...tarIterationLoops(ctx, MAX_LOOPS_PER_FILE - out.length));
  return out;
}

/**
 * `with tarfile.open(p) as tar: for m in tar:` and `tar = tarfile.open(p)` ... `for m in tar:`:
 * iterating a TarFile yields its members, as getmembers() does.
 */
function tarIterationLoops(ctx: AnalysisContext, limit: number): MemberLoop[] {
  const out: MemberLoop[] = [];
  let hits = 0;
  for (const m of ctx.source.matchAll(TAR_OPEN)) {
    if (out.length >= limit || ++hits > MAX_ANCHOR_HITS) break;
    const open = m[0].replace(/\s*\($/, '');
    const head = ctx.root.descendantForIndex(m.index, m.index + open.length);
    let call: Node | null = head;
    while (call && call.type !== 'call' && call.endIndex <= m.index + m[0].length) call = call.parent;
    if (call?.type !== 'call' || call.startIndex !== m.index) continue;
    if (!ctx.names.calleeNames(call).some((n) => TAR_OPENERS.has(n))) continue;
    const bound = call.parent;
    let target: Node | null | undefined = null;
    if (bound?.type === 'as_pattern') target = bound.childForFieldName('alias')?.namedChildren[0];
    else if (bound?.type === 'assignment' && bound.childForFieldName('right')?.id === call.id) target = bound.childForFieldName('left');
    if (target?.type !== 'identifier') continue;
    const name = target.text;
    walkScope(enclosingFunction(call) ?? ctx.root, (node) => {
      if (node.type !== 'for_statement' || node.startIndex < call.endIndex) return;
      const right = node.childForFieldName('right');
      const variable = right?.type === 'identifier' && right.text === name ? loopVariable(node) : null;
      if (variable) out.push({ statement: node, variable, method: 'getmembers', label: `for ${variable} in ${name}`, yieldsNames: false });
    });
  }
  return out;
}

/** `sorted(zf.namelist())`, `enumerate(...)`-free wrappers that keep the items as they are. */
function outerOfCall(call: Node): Node {
  let n = call;
  for (;;) {
    const p = n.parent;
    if (p?.type === 'parenthesized_expression') {
      n = p;
      continue;
    }
    const list = p?.type === 'argument_list' ? p : null;
    const outer = list?.parent;
    const fn = outer?.type === 'call' ? outer.childForFieldName('function') : null;
    if (fn?.type === 'identifier' && (fn.text === 'sorted' || fn.text === 'list' || fn.text === 'reversed') && outer) {
      n = outer;
      continue;
    }
    return n;
  }
}

function loopVariable(loop: Node): string | null {
  const left = loop.childForFieldName('left');
  return left?.type === 'identifier' ? left.text : null;
}

/**
 * The first write, in document order, at a path built from the member's name. Names assigned
 * from such a path in the loop (`target = os.path.join(dest, name)`) carry it on.
 */
function firstUnsafeWrite(loop: MemberLoop, body: Node, ctx: AnalysisContext): Node | null {
  const names = new Set<string>();
  if (loop.yieldsNames) names.add(loop.variable);
  const isMemberName = (node: Node): boolean => {
    const n = unwrap(node);
    if (n.type === 'identifier') return names.has(n.text);
    if (n.type === 'attribute') {
      const object = n.childForFieldName('object');
      const attr = n.childForFieldName('attribute')?.text ?? '';
      return object?.type === 'identifier' && object.text === loop.variable && NAME_ATTRIBUTES.has(attr);
    }
    return false;
  };
  const isPathFromMember = (node: Node): boolean => pathFromMember(node, isMemberName, ctx);
  let found: Node | null = null;
  walkScope(body, (node) => {
    if (found) return false;
    if (node.type === 'assignment') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'identifier' && right && isPathFromMember(right)) names.add(left.text);
      return true;
    }
    if (node.type === 'call' && (writesAt(node, isPathFromMember, ctx) || extractsUnfiltered(node, loop))) {
      found = node;
      return false;
    }
    return true;
  });
  return found;
}

/** A join, a `/` or `+`, or an f-string with the member's name in it (an explicit stack, no recursion). */
function pathFromMember(start: Node, isMemberName: (n: Node) => boolean, ctx: AnalysisContext): boolean {
  const stack: Node[] = [start];
  while (stack.length > 0) {
    const n = unwrap(stack.pop() as Node);
    if (isMemberName(n)) return true;
    if (n.type === 'binary_operator') {
      const op = n.childForFieldName('operator')?.text;
      if (op === '/' || op === '+') {
        for (const side of [n.childForFieldName('left'), n.childForFieldName('right')]) if (side) stack.push(side);
      }
    } else if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      const q = fn ? ctx.names.qualify(fn) : null;
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      if ((q !== null && JOINS.has(q)) || method === 'joinpath') {
        for (const a of n.childForFieldName('arguments')?.namedChildren ?? []) if (a) stack.push(a);
        if (method === 'joinpath') {
          const object = fn?.childForFieldName('object');
          if (object) stack.push(object);
        }
      }
    } else if (n.type === 'string') {
      for (const c of n.namedChildren) {
        if (c?.type !== 'interpolation') continue;
        const e = c.namedChildren.find((x) => x && x.type !== 'format_specifier' && x.type !== 'type_conversion');
        if (e) stack.push(e);
      }
    }
  }
  return false;
}

/** `open(p, "wb")`, `p.write_bytes(...)`, `Path(p).open("w")`, `shutil.copyfile(src, p)`. */
function writesAt(call: Node, isPathFromMember: (n: Node) => boolean, ctx: AnalysisContext): boolean {
  const fn = call.childForFieldName('function');
  if (!fn) return false;
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null);
  const positional = args.filter((a) => a.type !== 'keyword_argument');
  const keyword = (name: string): Node | undefined =>
    args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name)?.childForFieldName('value') ?? undefined;
  const q = ctx.names.qualify(fn);
  if (q !== null && OPENERS.has(q)) {
    const path = positional[0] ?? keyword('file');
    return path !== undefined && isPathFromMember(path) && writeMode(positional[1] ?? keyword('mode'));
  }
  if (q !== null && COPIES.has(q)) {
    const dest = positional[1] ?? keyword('dst');
    return dest !== undefined && isPathFromMember(dest);
  }
  if (fn.type === 'attribute') {
    const method = fn.childForFieldName('attribute')?.text ?? '';
    const object = fn.childForFieldName('object');
    if (!object || !PATH_WRITES.has(method) || !isPathFromMember(object)) return false;
    return method !== 'open' || writeMode(positional[0] ?? keyword('mode'));
  }
  return false;
}

function writeMode(mode: Node | undefined): boolean {
  if (mode === undefined) return false;
  const value = stringValue(mode);
  return value === null || /[wax+]/.test(value);
}

/**
 * `tar.extract(member, dest)` in a loop over `getmembers()` without `filter=`: tarfile writes
 * the member at its own name, `..` and absolute paths included, and follows its links
 * (zipfile's `extract` cleans names and is not counted).
 */
function extractsUnfiltered(call: Node, loop: MemberLoop): boolean {
  if (loop.method !== 'getmembers') return false;
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'extract') return false;
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null);
  if (args.some((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'filter')) return false;
  const first = args[0];
  const member = first?.type === 'keyword_argument' ? first.childForFieldName('value') : first;
  return member?.type === 'identifier' && member.text === loop.variable;
}
