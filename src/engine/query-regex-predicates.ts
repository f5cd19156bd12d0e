/**
 * `#match?`-style predicates of a repository's tree-sitter query, evaluated on RE2.
 * web-tree-sitter evaluates them with V8's RegExp, which no budget can interrupt; so in an
 * untrusted query they are renamed (`#match?` → `#hunkwise-re2-match?`) before tree-sitter
 * compiles it. Tree-sitter then hands them back as predicates it does not know and leaves
 * them alone, and the engine applies them to each match with a linear-time pattern.
 */
import type { Query, QueryMatch } from 'web-tree-sitter';
import type { PatternCompiler } from './pattern.js';

/** Tree-sitter's predicates whose second argument is a regular expression. */
const REGEX_PREDICATES: ReadonlySet<string> = new Set(['match?', 'not-match?', 'any-match?', 'any-not-match?']);
const RENAMED = 'hunkwise-re2-';

export interface QueryRegex {
  /** The predicate and capture, e.g. `#match? @name`. */
  readonly predicate: string;
  readonly source: string;
}

export interface RewrittenQuery {
  /** The query with every regex predicate renamed. */
  readonly text: string;
  /** How many were renamed. */
  readonly renamed: number;
  /** Their regexes, unescaped as tree-sitter reads them (for validation and messages). */
  readonly regexes: readonly QueryRegex[];
}

/** Characters of a tree-sitter identifier after its first (query.c: alnum, `_ - . ? !`). */
const IDENT = /[\p{L}\p{N}_\-.?!]/u;

/**
 * Renames the regex predicates of a query, reading it as tree-sitter's lexer does: `;`
 * comments to the end of the line, `"…"` strings with backslash escapes, and a predicate
 * name as `#` followed by an identifier.
 */
export function rewriteRegexPredicates(query: string): RewrittenQuery {
  let text = '';
  let copied = 0;
  let renamed = 0;
  const regexes: QueryRegex[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    if (c === ';') {
      while (i < query.length && query[i] !== '\n') i++;
    } else if (c === '"') {
      i = readString(query, i).end;
    } else if (c === '#') {
      let j = i + 1;
      while (j < query.length && IDENT.test(query[j])) j++;
      const name = query.slice(i + 1, j);
      if (REGEX_PREDICATES.has(name)) {
        text += `${query.slice(copied, i)}#${RENAMED}${name}`;
        copied = j;
        renamed++;
        const args = readArguments(query, j);
        if (args) regexes.push({ predicate: `#${name} @${args.capture}`, source: args.source });
      }
      i = j;
    } else {
      i++;
    }
  }
  return { text: text + query.slice(copied), renamed, regexes };
}

/** A string literal from its opening quote: its value and the index after its closing quote. */
function readString(query: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
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
  return { value, end: i + 1 };
}

/** `@capture "regex"` after a predicate name, when it has that shape. */
function readArguments(query: string, from: number): { capture: string; source: string } | undefined {
  let i = from;
  while (i < query.length && /\s/.test(query[i])) i++;
  if (query[i] !== '@') return undefined;
  let j = i + 1;
  while (j < query.length && IDENT.test(query[j])) j++;
  const capture = query.slice(i + 1, j);
  while (j < query.length && /\s/.test(query[j])) j++;
  if (query[j] !== '"') return undefined;
  return { capture, source: readString(query, j).value };
}

/** One check per pattern of the query: does a match pass its regex predicates? */
export type MatchCheck = (m: QueryMatch) => boolean;

/**
 * The renamed predicates of a compiled query, as checks per pattern index (undefined for a
 * pattern without any), with patterns from `compile`. Throws when a predicate does not have
 * tree-sitter's shape (`@capture "regex"`), when `compile` refuses a regex, or when the
 * compiled query holds a different number of them than `expected` (the lexers disagree).
 */
export function regexPredicateChecks(query: Query, compile: PatternCompiler, expected: number): (MatchCheck | undefined)[] {
  const checks: (MatchCheck | undefined)[] = [];
  let found = 0;
  for (let p = 0; p < query.patternCount(); p++) {
    const tests: MatchCheck[] = [];
    for (const { operator, operands } of query.predicatesForPattern(p)) {
      if (!operator.startsWith(RENAMED)) continue;
      found++;
      const name = operator.slice(RENAMED.length);
      const [capture, regex] = operands;
      if (operands.length !== 2 || capture.type !== 'capture' || regex.type !== 'string') {
        throw new Error(`#${name} takes a capture and a string`);
      }
      const pattern = compile(regex.value);
      const positive = name === 'match?' || name === 'any-match?';
      const every = !name.startsWith('any-');
      // As web-tree-sitter: a capture with no node passes only the negative forms.
      tests.push((m) => {
        const texts = m.captures.filter((c) => c.name === capture.name).map((c) => c.node.text);
        if (texts.length === 0) return !positive;
        return every ? texts.every((t) => pattern.test(t) === positive) : texts.some((t) => pattern.test(t) === positive);
      });
    }
    checks.push(tests.length === 0 ? undefined : (m) => tests.every((t) => t(m)));
  }
  if (found !== expected) throw new Error(`the query's regex predicates could not all be read (${found} of ${expected})`);
  return checks;
}
