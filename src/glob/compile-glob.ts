/**
 * The one glob matcher of hunkwise, for two kinds of text:
 *
 * `name` (qualified Python names in rules: callees, sanitizers, `resolves`):
 *   `*` matches any run of characters, dots included (`os.exec*`, `*.send_signal`,
 *   `subprocess.*`); every other character stands for itself.
 *
 * `path` (repository paths in the configuration, always `/`-separated; gitignore-flavoured):
 *   `*`      any run of characters within one path segment (no `/`);
 *   `**`     as a whole segment (`**\/x`, `x/**`, `a/**\/b`): any number of segments, none
 *            included; elsewhere (`a**`): any run of characters, `/` included;
 *   `?`      one character other than `/`;
 *   `[...]`  one character (not `/`) from a set: `[abc]`, ranges `[a-z]`, negated `[!a]`
 *            or `[^a]`; a `]` right after the opening `[` (or `[!`) is a member;
 *   `{a,b}`  either alternative; alternatives may nest (`{a,{b,c}}`);
 *   A pattern without `/` (a trailing one aside) matches a name at any depth (`*.py`,
 *   `conftest.py`); a leading `/` anchors it at the root; a leading `./` is dropped. A match
 *   also covers everything below it (`tests` covers `tests/a.py`); with a trailing `/`
 *   (`vendor/`) only what is below matches.
 *   Characters are UTF-16 code units.
 *
 * Matching never backtracks: the pattern runs as a set of states over the text, so its time
 * is at most (text length × pattern length × alternatives), each bounded below.
 */

/** A glob is a line of a config file; past this it is a mistake or an attack. */
export const MAX_GLOB_LENGTH = 256;
/** `{a,b}{c,d}` multiplies: each alternative is matched on its own. */
export const MAX_GLOB_ALTERNATIVES = 64;

export type GlobKind = 'path' | 'name';

export interface Glob {
  readonly source: string;
  /** Does the whole text (a name, or a path as described above) match? */
  test(text: string): boolean;
}

/** Why a glob cannot be compiled (thrown by compileGlob). */
export class GlobError extends Error {}

const SLASH = 0x2f;

/** A step of a compiled alternative. */
type Step =
  /** One character for which `test` holds. */
  | { readonly kind: 'one'; readonly test: (c: number) => boolean }
  /** Any run of characters; within a segment unless `crossSep`. */
  | { readonly kind: 'star'; readonly crossSep: boolean }
  /** Zero or more whole segments: empty, or any run that ends with `/`. */
  | { readonly kind: 'dirs' };

/** A glob's items before brace expansion and star grouping. */
type Item =
  | { readonly kind: 'char'; readonly code: number }
  | { readonly kind: 'any' }
  | { readonly kind: 'class'; readonly test: (c: number) => boolean }
  | { readonly kind: 'star' }
  | { readonly kind: 'open' }
  | { readonly kind: 'comma' }
  | { readonly kind: 'close' };

export function compileGlob(glob: string, kind: GlobKind): Glob {
  if (glob.length > MAX_GLOB_LENGTH) throw new GlobError(`it is ${glob.length} characters long, over the limit of ${MAX_GLOB_LENGTH}`);
  if (kind === 'name') {
    // A name without `*` is compared as it is.
    if (!glob.includes('*')) return { source: glob, test: (text) => text === glob };
    const steps: Step[] = [];
    for (let i = 0; i < glob.length; i++) steps.push(glob[i] === '*' ? { kind: 'star', crossSep: true } : literal(glob.charCodeAt(i)));
    return { source: glob, test: (text) => runSteps(steps, text, 'none') };
  }

  let pattern = glob.trim().replace(/^\.\//, '');
  let anchored = true;
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  else if (!pattern.replace(/\/$/, '').includes('/')) anchored = false;
  let below: Below = 'optional';
  if (pattern.endsWith('/')) {
    pattern = pattern.slice(0, -1);
    below = 'required';
  }
  if (pattern.length === 0) throw new GlobError('it names no file');
  const alternatives = expandBraces(readItems(pattern)).map((items) => {
    const steps = toSteps(items);
    return anchored ? steps : [{ kind: 'dirs' } as const, ...steps];
  });
  return { source: glob, test: (text) => alternatives.some((steps) => runSteps(steps, text, below)) };
}

/** Why `compileGlob` refuses a glob, or undefined when it accepts it. */
export function globProblem(glob: string, kind: GlobKind): string | undefined {
  try {
    compileGlob(glob, kind);
    return undefined;
  } catch (err) {
    if (err instanceof GlobError) return err.message;
    throw err;
  }
}

/** Compiled path globs, by source; cleared when full (configs are small, tenants many). */
const pathGlobs = new Map<string, Glob | null>();
/** Enough for every glob of a few busy repositories' configs at once. */
const MAX_CACHED_GLOBS = 1000;

function cachedPathGlob(glob: string): Glob | null {
  let compiled = pathGlobs.get(glob);
  if (compiled === undefined) {
    try {
      compiled = compileGlob(glob, 'path');
    } catch (err) {
      if (!(err instanceof GlobError)) throw err;
      // Configs are validated when parsed; one that was not matches nothing rather than failing a review.
      compiled = null;
    }
    if (pathGlobs.size >= MAX_CACHED_GLOBS) pathGlobs.clear();
    pathGlobs.set(glob, compiled);
  }
  return compiled;
}

/** Does a repository path match a path glob? An invalid glob matches nothing. */
export function matchesGlob(path: string, glob: string): boolean {
  return cachedPathGlob(glob)?.test(path) ?? false;
}

export function matchesAnyGlob(path: string, globs: readonly string[]): boolean {
  return globs.some((g) => matchesGlob(path, g));
}

// ── reading ──────────────────────────────────────────────────────────────────

function literal(code: number): Step {
  return { kind: 'one', test: (c) => c === code };
}

function readItems(pattern: string): Item[] {
  const items: Item[] = [];
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') items.push({ kind: 'star' });
    else if (ch === '?') items.push({ kind: 'any' });
    else if (ch === '[') {
      let start = i + 1;
      const negate = pattern[start] === '!' || pattern[start] === '^';
      if (negate) start++;
      const close = pattern.indexOf(']', start + 1);
      if (close < 0) throw new GlobError(`the \`[\` at character ${i + 1} is never closed`);
      items.push({ kind: 'class', test: classTest(pattern.slice(start, close), negate) });
      i = close;
    } else if (ch === '{') {
      depth++;
      items.push({ kind: 'open' });
    } else if (ch === '}') {
      if (depth === 0) throw new GlobError(`the \`}\` at character ${i + 1} closes no \`{\``);
      depth--;
      items.push({ kind: 'close' });
    } else if (ch === ',' && depth > 0) items.push({ kind: 'comma' });
    else items.push({ kind: 'char', code: pattern.charCodeAt(i) });
  }
  if (depth > 0) throw new GlobError(`a \`{\` is never closed`);
  return items;
}

function classTest(body: string, negate: boolean): (c: number) => boolean {
  const ranges: (readonly [number, number])[] = [];
  for (let i = 0; i < body.length; i++) {
    const lo = body.charCodeAt(i);
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const hi = body.charCodeAt(i + 2);
      if (hi < lo) throw new GlobError(`the range \`${body.slice(i, i + 3)}\` runs backwards`);
      ranges.push([lo, hi]);
      i += 2;
    } else ranges.push([lo, lo]);
  }
  return (c) => c !== SLASH && ranges.some(([lo, hi]) => c >= lo && c <= hi) !== negate;
}

/**
 * Every alternative of `{…}` groups, innermost group first, with a work list (no recursion).
 * Refuses past MAX_GLOB_ALTERNATIVES.
 */
function expandBraces(items: readonly Item[]): (readonly Item[])[] {
  const done: (readonly Item[])[] = [];
  const work: (readonly Item[])[] = [items];
  while (work.length > 0) {
    const current = work.pop() as readonly Item[];
    // The first `}` closes the innermost group; its `{` is the last one before it.
    const close = current.findIndex((it) => it.kind === 'close');
    if (close < 0) {
      done.push(current);
      if (done.length > MAX_GLOB_ALTERNATIVES) throw new GlobError(`its \`{…}\` make more than ${MAX_GLOB_ALTERNATIVES} alternatives`);
      continue;
    }
    let open = close - 1;
    while (current[open].kind !== 'open') open--;
    const before = current.slice(0, open);
    const after = current.slice(close + 1);
    let start = open + 1;
    const options: (readonly Item[])[] = [];
    for (let i = open + 1; i <= close; i++) {
      if (i === close || current[i].kind === 'comma') {
        options.push(current.slice(start, i));
        start = i + 1;
      }
    }
    if (work.length + done.length + options.length > MAX_GLOB_ALTERNATIVES) {
      throw new GlobError(`its \`{…}\` make more than ${MAX_GLOB_ALTERNATIVES} alternatives`);
    }
    for (const option of options) work.push([...before, ...option, ...after]);
  }
  return done.reverse();
}

function toSteps(items: readonly Item[]): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it.kind === 'star') {
      if (items[i + 1]?.kind !== 'star') {
        steps.push({ kind: 'star', crossSep: false });
        continue;
      }
      // `**` (and any longer run of stars).
      let j = i;
      while (items[j + 1]?.kind === 'star') j++;
      const prev = items[i - 1];
      const next = items[j + 1];
      const atSegmentStart = prev === undefined || (prev.kind === 'char' && prev.code === SLASH);
      if (atSegmentStart && next?.kind === 'char' && next.code === SLASH) {
        steps.push({ kind: 'dirs' });
        j++;
      } else {
        steps.push({ kind: 'star', crossSep: true });
      }
      i = j;
    } else if (it.kind === 'char') steps.push(literal(it.code));
    else if (it.kind === 'any') steps.push({ kind: 'one', test: (c) => c !== SLASH });
    else if (it.kind === 'class') steps.push({ kind: 'one', test: it.test });
    // open/comma/close are gone after expansion.
  }
  return steps;
}

// ── matching ─────────────────────────────────────────────────────────────────

/** Whether the glob may match a leading part of a path that continues with `/`. */
type Below = 'none' | 'optional' | 'required';

/**
 * Runs the steps over the text as a set of states (state i: the first i steps are matched;
 * `pending[i]`: inside a `dirs` step after a segment that has not ended yet). Each character
 * costs one pass over the states: no backtracking.
 */
function runSteps(steps: readonly Step[], text: string, below: Below): boolean {
  const n = steps.length;
  let at = new Uint8Array(n + 1);
  let pending = new Uint8Array(n);
  let nextAt = new Uint8Array(n + 1);
  let nextPending = new Uint8Array(n);
  at[0] = 1;
  closeOver(steps, at);
  for (let p = 0; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c === SLASH && below !== 'none' && at[n] === 1) return true;
    nextAt.fill(0);
    nextPending.fill(0);
    let alive = false;
    for (let i = 0; i < n; i++) {
      const step = steps[i];
      if (at[i] === 1) {
        if (step.kind === 'one') {
          if (step.test(c)) nextAt[i + 1] = 1;
        } else if (step.kind === 'star') {
          if (step.crossSep || c !== SLASH) nextAt[i] = 1;
        }
      }
      if (step.kind === 'dirs' && (at[i] === 1 || pending[i] === 1)) {
        nextPending[i] = 1;
        if (c === SLASH) nextAt[i + 1] = 1;
      }
    }
    closeOver(steps, nextAt);
    for (let i = 0; i <= n && !alive; i++) alive = nextAt[i] === 1 || (i < n && nextPending[i] === 1);
    if (!alive) return false;
    [at, nextAt] = [nextAt, at];
    [pending, nextPending] = [nextPending, pending];
  }
  return below !== 'required' && at[n] === 1;
}

/** Steps that can match nothing (`*`, `**`, `**\/`) let a state move on at once. */
function closeOver(steps: readonly Step[], at: Uint8Array): void {
  for (let i = 0; i < steps.length; i++) {
    if (at[i] === 1 && steps[i].kind !== 'one') at[i + 1] = 1;
  }
}
