/**
 * Load-time checks for regular expressions a rule carries. A JavaScript regex
 * cannot be interrupted once it runs, so no time budget can stop a
 * catastrophic one: a rule from a repository with such a pattern is refused
 * before it runs. The analysis is deliberately conservative: it may call a
 * safe pattern unsafe (the rule's author can rewrite it), but it must not
 * pass the classic exponential shapes.
 *
 * Patterns are read as the engine compiles them: `new RegExp(source)`, no
 * flags (so no `u`: `\p{L}` is the letters `p{L}`, as JavaScript reads it).
 */
import type { Rule } from './rule-schema.js';

/** A longer pattern is not one a person maintains, and its hazards are hard to see. */
export const MAX_REGEX_SOURCE_LENGTH = 1000;
/** A repeat bounded above this many times costs like an unbounded one on long text. */
const LARGE_REPEAT = 100;
/** Without the `u` flag a pattern works on UTF-16 code units. */
const MAX_CODE_UNIT = 0xffff;

// ── character sets: sorted, disjoint, inclusive ranges of code units ─────────

type CharSet = readonly (readonly [number, number])[];

const NONE: CharSet = [];
const ALL: CharSet = [[0, MAX_CODE_UNIT]];
const DIGIT: CharSet = [[0x30, 0x39]];
const WORD: CharSet = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
const SPACE: CharSet = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];

function single(code: number): CharSet {
  return [[code, code]];
}

function union(...sets: readonly CharSet[]): CharSet {
  const all = sets.flat().slice().sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of all) {
    const last = out.at(-1);
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complement(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of union(set)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_UNIT) out.push([next, MAX_CODE_UNIT]);
  return out;
}

function intersects(a: CharSet, b: CharSet): boolean {
  return a.some(([alo, ahi]) => b.some(([blo, bhi]) => alo <= bhi && blo <= ahi));
}

// ── a small regex syntax tree ────────────────────────────────────────────────

type RegexNode =
  /** One character from a set: a literal, a class, `.`, `\d`… */
  | { readonly kind: 'chars'; readonly set: CharSet }
  /** Zero-width: `^`, `$`, `\b`, `\B`. */
  | { readonly kind: 'assert' }
  /** A lookahead or lookbehind; consumes nothing, its body is still checked. */
  | { readonly kind: 'look'; readonly body: RegexNode }
  | { readonly kind: 'backref' }
  | { readonly kind: 'group'; readonly body: RegexNode; readonly start: number; readonly end: number }
  | { readonly kind: 'alt'; readonly branches: readonly RegexNode[] }
  | { readonly kind: 'seq'; readonly items: readonly RegexNode[] }
  | {
      readonly kind: 'repeat';
      readonly body: RegexNode;
      readonly min: number;
      readonly max: number;
      readonly start: number;
      readonly end: number;
    };

class RegexSyntaxError extends Error {}

/** A recursive-descent reader of JavaScript regex syntax (Annex B, no flags). */
class RegexReader {
  private pos = 0;

  constructor(private readonly src: string) {}

  read(): RegexNode {
    const node = this.alternation();
    if (this.pos < this.src.length) throw new RegexSyntaxError(`unexpected \`${this.src[this.pos]}\``);
    return node;
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  private alternation(): RegexNode {
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0] : { kind: 'alt', branches };
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const start = this.pos;
      const atom = this.atom();
      items.push(this.quantified(atom, start));
    }
    return items.length === 1 ? items[0] : { kind: 'seq', items };
  }

  private quantified(atom: RegexNode, start: number): RegexNode {
    const c = this.peek();
    let bounds: readonly [number, number] | undefined;
    if (c === '*') bounds = [0, Infinity];
    else if (c === '+') bounds = [1, Infinity];
    else if (c === '?') bounds = [0, 1];
    if (bounds !== undefined) this.pos++;
    else if (c === '{') bounds = this.braces();
    if (bounds === undefined) return atom;
    if (this.peek() === '?') this.pos++; // lazy: the same worst case
    if (atom.kind === 'assert') return atom;
    return { kind: 'repeat', body: atom, min: bounds[0], max: bounds[1], start, end: this.pos };
  }

  /** `{n}`, `{n,}`, `{n,m}`; anything else is a literal `{` (Annex B). */
  private braces(): readonly [number, number] | undefined {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
    if (m === null) return undefined;
    this.pos += m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    return [min, max];
  }

  private atom(): RegexNode {
    const c = this.src[this.pos];
    switch (c) {
      case '^':
      case '$':
        this.pos++;
        return { kind: 'assert' };
      case '.':
        this.pos++;
        return { kind: 'chars', set: ALL };
      case '(':
        return this.group();
      case '[':
        return { kind: 'chars', set: this.characterClass() };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw new RegexSyntaxError(`nothing to repeat before \`${c}\``);
      default:
        this.pos++;
        return { kind: 'chars', set: single(c.charCodeAt(0)) };
    }
  }

  private group(): RegexNode {
    const start = this.pos;
    this.pos++; // (
    let look = false;
    if (this.peek() === '?') {
      const rest = this.src.slice(this.pos + 1);
      if (rest.startsWith(':')) this.pos += 2;
      else if (rest.startsWith('=') || rest.startsWith('!')) {
        this.pos += 2;
        look = true;
      } else if (rest.startsWith('<=') || rest.startsWith('<!')) {
        this.pos += 3;
        look = true;
      } else {
        const named = /^<[A-Za-z_$][\w$]*>/.exec(rest);
        if (named === null) throw new RegexSyntaxError('an unknown group kind');
        this.pos += 1 + named[0].length;
      }
    }
    const body = this.alternation();
    if (this.peek() !== ')') throw new RegexSyntaxError('an unclosed group');
    this.pos++;
    return look ? { kind: 'look', body } : { kind: 'group', body, start, end: this.pos };
  }

  private escape(): RegexNode {
    this.pos++; // backslash
    const c = this.peek();
    if (c === undefined) throw new RegexSyntaxError('a trailing backslash');
    if (c === 'b' || c === 'B') {
      this.pos++;
      return { kind: 'assert' };
    }
    if (/[1-9]/.test(c)) {
      this.pos++;
      return { kind: 'backref' };
    }
    if (c === 'k' && this.peek(1) === '<') {
      this.pos++;
      return { kind: 'backref' };
    }
    return { kind: 'chars', set: this.escapedChars() };
  }

  /** The set an escape stands for, the backslash already read (shared with classes). */
  private escapedChars(): CharSet {
    const c = this.src[this.pos];
    this.pos++;
    switch (c) {
      case 'd':
        return DIGIT;
      case 'D':
        return complement(DIGIT);
      case 'w':
        return WORD;
      case 'W':
        return complement(WORD);
      case 's':
        return SPACE;
      case 'S':
        return complement(SPACE);
      case 'n':
        return single(0x0a);
      case 'r':
        return single(0x0d);
      case 't':
        return single(0x09);
      case 'v':
        return single(0x0b);
      case 'f':
        return single(0x0c);
      case 'x':
      case 'u': {
        const width = c === 'x' ? 2 : 4;
        const hex = this.src.slice(this.pos, this.pos + width);
        if (hex.length === width && /^[0-9a-fA-F]+$/.test(hex)) {
          this.pos += width;
          return single(parseInt(hex, 16));
        }
        return single(c.charCodeAt(0));
      }
      case 'c': {
        const letter = this.peek();
        if (letter !== undefined && /[A-Za-z]/.test(letter)) {
          this.pos++;
          return single(letter.charCodeAt(0) % 32);
        }
        return ALL; // a literal backslash and c: rare, and ALL is the safe guess
      }
      case '0':
        // \0 is NUL; followed by digits it is a legacy octal escape: any guess is safe as ALL.
        return /[0-9]/.test(this.peek() ?? '') ? ALL : single(0);
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
        return ALL; // in a class, a legacy octal escape or a digit: ALL is the safe guess
      default:
        return single(c.charCodeAt(0));
    }
  }

  private characterClass(): CharSet {
    this.pos++; // [
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const parts: CharSet[] = [];
    while (this.peek() !== ']') {
      if (this.pos >= this.src.length) throw new RegexSyntaxError('an unclosed character class');
      const from = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++;
        const to = this.classAtom();
        // A range between single characters; with a class escape at either end the `-` is literal.
        if (from.length === 1 && from[0][0] === from[0][1] && to.length === 1 && to[0][0] === to[0][1]) {
          if (from[0][0] > to[0][0]) throw new RegexSyntaxError('a range out of order in a character class');
          parts.push([[from[0][0], to[0][0]]]);
        } else {
          parts.push(from, single(0x2d), to);
        }
      } else {
        parts.push(from);
      }
    }
    this.pos++; // ]
    const set = union(...parts);
    return negated ? complement(set) : set;
  }

  private classAtom(): CharSet {
    const c = this.src[this.pos];
    if (c !== '\\') {
      this.pos++;
      return single(c.charCodeAt(0));
    }
    this.pos++;
    if (this.pos >= this.src.length) throw new RegexSyntaxError('a trailing backslash');
    if (this.peek() === 'b') {
      this.pos++;
      return single(0x08); // backspace inside a class
    }
    return this.escapedChars();
  }
}

// ── facts about nodes ────────────────────────────────────────────────────────

function nullable(n: RegexNode): boolean {
  switch (n.kind) {
    case 'chars':
      return false;
    case 'assert':
    case 'look':
    case 'backref':
      return true;
    case 'group':
      return nullable(n.body);
    case 'alt':
      return n.branches.some(nullable);
    case 'seq':
      return n.items.every(nullable);
    case 'repeat':
      return n.min === 0 || nullable(n.body);
  }
}

/** Characters a match of `n` can start with (an over-approximation). */
function firstChars(n: RegexNode): CharSet {
  switch (n.kind) {
    case 'chars':
      return n.set;
    case 'assert':
    case 'look':
      return NONE;
    case 'backref':
      return ALL;
    case 'group':
    case 'repeat':
      return firstChars(n.body);
    case 'alt':
      return union(...n.branches.map(firstChars));
    case 'seq': {
      const sets: CharSet[] = [];
      for (const item of n.items) {
        sets.push(firstChars(item));
        if (!nullable(item)) break;
      }
      return union(...sets);
    }
  }
}

/** Every character a match of `n` can consume. */
function allChars(n: RegexNode): CharSet {
  switch (n.kind) {
    case 'chars':
      return n.set;
    case 'assert':
    case 'look':
      return NONE;
    case 'backref':
      return ALL;
    case 'group':
    case 'repeat':
      return allChars(n.body);
    case 'alt':
      return union(...n.branches.map(allChars));
    case 'seq':
      return union(...n.items.map(allChars));
  }
}

function contains(n: RegexNode, kind: 'repeat' | 'alt'): boolean {
  if (n.kind === kind) return true;
  switch (n.kind) {
    case 'group':
    case 'repeat':
      return contains(n.body, kind);
    case 'alt':
      return n.branches.some((b) => contains(b, kind));
    case 'seq':
      return n.items.some((i) => contains(i, kind));
    default:
      return false; // a lookaround's body is checked on its own; it is atomic here
  }
}

/** The set when `n` matches exactly one character of it (`a`, `[a-z]`, `(?:a|b)`). */
function oneCharSet(n: RegexNode): CharSet | undefined {
  switch (n.kind) {
    case 'chars':
      return n.set;
    case 'group':
      return oneCharSet(n.body);
    case 'alt': {
      const sets = n.branches.map(oneCharSet);
      return sets.every((s) => s !== undefined) ? union(...(sets as CharSet[])) : undefined;
    }
    case 'seq':
      return n.items.length === 1 ? oneCharSet(n.items[0]) : undefined;
    default:
      return undefined;
  }
}

/**
 * Whether a repeated body can match a string in only one way, so the repeat
 * cannot try exponentially many splits. Accepted shapes:
 * - fixed text (no repeat, no alternation);
 * - alternatives that start with different characters, none empty, each accepted;
 * - a sequence with exactly one repeat of a single character class next to
 *   fixed characters, one of which the repeat cannot match (`_[A-Z0-9]+`,
 *   `\.\d+`, `\([^()]*\)`): that character marks where each pass begins.
 */
function unambiguous(n: RegexNode): boolean {
  switch (n.kind) {
    case 'chars':
    case 'assert':
    case 'look':
    case 'backref':
      return true;
    case 'group':
      return unambiguous(n.body);
    case 'alt': {
      if (n.branches.some(nullable)) return false;
      const firsts = n.branches.map(firstChars);
      for (let i = 0; i < firsts.length; i++) {
        for (let j = i + 1; j < firsts.length; j++) if (intersects(firsts[i], firsts[j])) return false;
      }
      return n.branches.every(unambiguous);
    }
    case 'repeat':
      return false; // a repeat directly inside a repeat: `(a+)+`
    case 'seq': {
      const repeats = n.items.filter((i) => i.kind === 'repeat');
      const others = n.items.filter((i) => i.kind !== 'repeat');
      if (others.some((i) => contains(i, 'repeat') || !unambiguous(i))) return false;
      if (repeats.length === 0) return true;
      if (repeats.length > 1) return false;
      const repeat = repeats[0];
      const inner = repeat.kind === 'repeat' ? oneCharSet(repeat.body) : undefined;
      if (inner === undefined) return false;
      return others.some((i) => {
        const set = oneCharSet(i);
        return set !== undefined && !intersects(set, inner);
      });
    }
  }
}

type RepeatNode = Extract<RegexNode, { kind: 'repeat' }>;

/** A repeat of more than LARGE_REPEAT, possibly inside plain groups: `\s*`, `(\w+)`. */
function largeRepeat(n: RegexNode): RepeatNode | undefined {
  if (n.kind === 'group') return largeRepeat(n.body);
  return n.kind === 'repeat' && n.max > LARGE_REPEAT ? n : undefined;
}

/** The first hazard found in `n`, as a sentence fragment. */
function hazardIn(n: RegexNode, src: string): string | undefined {
  switch (n.kind) {
    case 'backref':
      return 'it uses a backreference, which can take exponential time';
    case 'chars':
    case 'assert':
      return undefined;
    case 'look':
    case 'group':
      return hazardIn(n.body, src);
    case 'alt':
      return firstDefined(n.branches, (b) => hazardIn(b, src));
    case 'repeat': {
      const text = quote(src.slice(n.start, n.end));
      if (n.max > 1 && !unambiguous(n.body)) {
        return contains(n.body, 'repeat')
          ? `${text} repeats a group that itself repeats, which can backtrack exponentially`
          : `${text} repeats alternatives that can match the same text, which can backtrack exponentially`;
      }
      return hazardIn(n.body, src);
    }
    case 'seq': {
      // Two long repeats in a row (only optional things between) over shared characters
      // split the same text in many ways: `\s*\s*`, `\d+\w*` — polynomial on long input.
      for (let i = 0; i < n.items.length; i++) {
        const a = largeRepeat(n.items[i]);
        if (a === undefined) continue;
        for (let j = i + 1; j < n.items.length; j++) {
          const b = largeRepeat(n.items[j]);
          if (b !== undefined && intersects(allChars(a), firstChars(b))) {
            const text = quote(src.slice(a.start, b.end));
            return `${text} has two long repeats in a row that can match the same characters, which backtracks heavily on long text`;
          }
          if (!nullable(n.items[j])) break;
        }
      }
      return firstDefined(n.items, (i) => hazardIn(i, src));
    }
  }
}

/** The offending part as a Markdown code span (it ends up in the check summary), shortened. */
function quote(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return short.includes('`') ? `\`\` ${short} \`\`` : `\`${short}\``;
}

function firstDefined<T>(items: readonly T[], fn: (item: T) => string | undefined): string | undefined {
  for (const item of items) {
    const found = fn(item);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Why a regex could run for an unbounded time, or undefined when it looks
 * safe: nested repeats (`(a+)+`), repeated alternatives that overlap
 * (`(a|ab)*`), backreferences, adjacent overlapping long repeats (`\s*\s*`),
 * and overlong or unreadable sources.
 */
export function regexHazard(source: string): string | undefined {
  if (source.length > MAX_REGEX_SOURCE_LENGTH) {
    return `it is ${source.length} characters long, over the limit of ${MAX_REGEX_SOURCE_LENGTH}`;
  }
  try {
    new RegExp(source);
  } catch (err) {
    return `it is not a valid regular expression (${(err as Error).message})`;
  }
  let tree: RegexNode;
  try {
    tree = new RegexReader(source).read();
  } catch (err) {
    const why = err instanceof RegexSyntaxError ? err.message : 'unreadable syntax';
    return `hunkwise cannot check its syntax (${why})`;
  }
  return hazardIn(tree, source);
}

/**
 * Why a name glob could run for an unbounded time. The engine turns each `*`
 * into `.*`; two or more make the match quadratic (or worse) in the length of
 * the name, and names come from the scanned code.
 */
export function globHazard(glob: string): string | undefined {
  const stars = glob.split('*').length - 1;
  if (stars > 1) return `it has ${stars} \`*\`; a name pattern may use one, since each more multiplies the matching time on long names`;
  if (glob.length > MAX_REGEX_SOURCE_LENGTH) return `it is ${glob.length} characters long, over the limit of ${MAX_REGEX_SOURCE_LENGTH}`;
  return undefined;
}

// ── regexes inside a tree-sitter query ───────────────────────────────────────

/** Predicates whose second argument is a regex (web-tree-sitter compiles it with `new RegExp`). */
const REGEX_PREDICATES: ReadonlySet<string> = new Set(['#match?', '#not-match?', '#any-match?', '#any-not-match?']);

type QueryToken = { readonly kind: 'string'; readonly value: string } | { readonly kind: 'word'; readonly value: string };

/** Words, captures and string literals of a query, comments and parentheses dropped. */
function queryTokens(query: string): QueryToken[] {
  const tokens: QueryToken[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    if (c === ';') {
      while (i < query.length && query[i] !== '\n') i++;
    } else if (c === '"') {
      // Tree-sitter's string escapes: \n \r \t \0, and a backslash before anything else is that character.
      let value = '';
      i++;
      while (i < query.length && query[i] !== '"') {
        if (query[i] === '\\' && i + 1 < query.length) {
          const e = query[i + 1];
          value += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === '0' ? '\0' : e;
          i += 2;
        } else {
          value += query[i];
          i++;
        }
      }
      i++;
      tokens.push({ kind: 'string', value });
    } else if (/[\s()[\]]/.test(c)) {
      i++;
    } else {
      const start = i;
      while (i < query.length && !/[\s()[\]";]/.test(query[i])) i++;
      tokens.push({ kind: 'word', value: query.slice(start, i) });
    }
  }
  return tokens;
}

export interface QueryRegex {
  /** The predicate and capture, e.g. `#match? @name`. */
  readonly predicate: string;
  readonly source: string;
}

/** The regexes of `#match?`-style predicates in a tree-sitter query, unescaped as tree-sitter reads them. */
export function queryRegexes(query: string): QueryRegex[] {
  const tokens = queryTokens(query);
  const out: QueryRegex[] = [];
  tokens.forEach((t, i) => {
    const capture = tokens[i + 1];
    const pattern = tokens[i + 2];
    if (t.kind === 'word' && REGEX_PREDICATES.has(t.value) && capture?.kind === 'word' && pattern?.kind === 'string') {
      out.push({ predicate: `${t.value} ${capture.value}`, source: pattern.value });
    }
  });
  return out;
}

// ── a rule's patterns ────────────────────────────────────────────────────────

export interface RulePattern {
  /** Where in the rule, e.g. `match.where.0.matches` or `match.query (#match? @name)`. */
  readonly field: string;
  readonly source: string;
}

type Condition = { readonly matches?: string };

function conditionRegexes(conditions: readonly Condition[], prefix: string): RulePattern[] {
  return conditions.flatMap((c, i) => (c.matches === undefined ? [] : [{ field: `${prefix}.${i}.matches`, source: c.matches }]));
}

/** Every regular expression a rule carries, with the field it sits in. */
export function ruleRegexes(rule: Rule): RulePattern[] {
  const out: RulePattern[] = [];
  if (rule.autofix !== undefined) out.push({ field: 'autofix.find', source: rule.autofix.find });
  const m = rule.match;
  if (m.kind === 'call') {
    out.push(...conditionRegexes(m.where, 'match.where'));
    m.cases?.forEach((k, j) => out.push(...conditionRegexes(k.where, `match.cases.${j}.where`)));
  } else if (m.kind === 'query') {
    if (m.prefilter !== undefined) out.push({ field: 'match.prefilter', source: m.prefilter });
    for (const r of queryRegexes(m.query)) out.push({ field: `match.query (${r.predicate})`, source: r.source });
  } else if (m.kind === 'taint') {
    m.sinks.forEach((s, i) => {
      out.push(...conditionRegexes(s.where, `match.sinks.${i}.where`));
      if (s.safePrefix !== undefined) out.push({ field: `match.sinks.${i}.safePrefix`, source: s.safePrefix });
    });
  }
  return out;
}

/** Every name glob a rule carries (the engine compiles them to regexes). */
export function ruleGlobs(rule: Rule): RulePattern[] {
  const m = rule.match;
  const list = (globs: readonly string[], field: string): RulePattern[] => globs.map((g, i) => ({ field: `${field}.${i}`, source: g }));
  if (m.kind === 'call') return list(m.callees, 'match.callees');
  if (m.kind === 'query') {
    return [
      ...Object.entries(m.resolves ?? {}).flatMap(([cap, globs]) => list(globs, `match.resolves.${cap}`)),
      ...Object.entries(m.excludes ?? {}).flatMap(([cap, globs]) => list(globs, `match.excludes.${cap}`)),
    ];
  }
  if (m.kind === 'taint') {
    return [...m.sinks.flatMap((s, i) => list(s.callees, `match.sinks.${i}.callees`)), ...list(m.sanitizers, 'match.sanitizers')];
  }
  return [];
}

export interface PatternHazard {
  readonly field: string;
  readonly reason: string;
}

/** The first regex or glob in a rule that could run for an unbounded time. */
export function ruleRegexHazard(rule: Rule): PatternHazard | undefined {
  for (const { field, source } of ruleRegexes(rule)) {
    const reason = regexHazard(source);
    if (reason !== undefined) return { field, reason };
  }
  for (const { field, source } of ruleGlobs(rule)) {
    const reason = globHazard(source);
    if (reason !== undefined) return { field, reason };
  }
  return undefined;
}
