/**
 * A regular expression as the engine uses it, behind one small interface with two makers:
 * - `nativePattern`: V8's RegExp, for hunkwise's own rules (reviewed, shipped with it, fast);
 * - `linearPattern`: RE2 (re2js), for every pattern a repository supplies. RE2 runs in time
 *   linear in the text (no backtracking), which matters because a running JavaScript regex
 *   cannot be interrupted by any budget. It refuses what needs backtracking: lookaround and
 *   backreferences.
 *
 * Repository patterns are written in JavaScript syntax and translated to RE2's
 * (`\u00e9`, `(?<name>…)`, `[^]` are accepted); RE2 then reads them with its own meaning,
 * e.g. `\s` is ASCII whitespace and `.` one code point. Indices are UTF-16 code units, as
 * String indices are.
 */
import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';

/** re2js is loaded on the first repository pattern: most runs have none, and loading it is not free. */
let re2js: typeof import('re2js') | undefined;
const RE2 = (): typeof RE2JS => (re2js ??= createRequire(import.meta.url)('re2js') as typeof import('re2js')).RE2JS;

/** A longer pattern is not one a person maintains; RE2's compile time and size grow with it. */
export const MAX_PATTERN_LENGTH = 1000;
/**
 * RE2 instructions a repository pattern may compile to: matching costs up to one step per
 * instruction per character, so this bounds the factor of "linear" (`a{0,100}` ten times is
 * about 2,000; RE2 itself refuses repeat counts over 1,000).
 */
export const MAX_PATTERN_PROGRAM_SIZE = 3000;

export interface PatternMatch {
  /** Start and end of the match, in UTF-16 code units. */
  readonly index: number;
  readonly end: number;
}

export interface Pattern {
  readonly source: string;
  /** Does the pattern match anywhere in `text`? */
  test(text: string): boolean;
  /** Each match, left to right, not overlapping (an empty match advances by one). */
  matchAll(text: string): Iterable<PatternMatch>;
  /** `text` with its first match replaced; `$1`, `$&`, `$$` as in String.prototype.replace. */
  replaceFirst(text: string, replacement: string): string;
}

export type PatternCompiler = (source: string) => Pattern;

/** Why a pattern cannot be compiled (thrown by the makers). */
export class PatternError extends Error {}

/** V8's RegExp, no flags. For trusted (built-in) rules only. */
export function nativePattern(source: string): Pattern {
  let once: RegExp;
  try {
    once = new RegExp(source);
  } catch (err) {
    throw new PatternError(`it is not a valid regular expression (${(err as Error).message})`);
  }
  const all = new RegExp(source, 'g');
  return {
    source,
    test: (text) => once.test(text),
    *matchAll(text) {
      for (const m of text.matchAll(all)) yield { index: m.index, end: m.index + m[0].length };
    },
    replaceFirst: (text, replacement) => text.replace(once, replacement),
  };
}

/** RE2, linear in the text. Throws PatternError for a pattern RE2 refuses or one over the bounds. */
export function linearPattern(source: string): Pattern {
  if (source.length > MAX_PATTERN_LENGTH) {
    throw new PatternError(`it is ${source.length} characters long, over the limit of ${MAX_PATTERN_LENGTH}`);
  }
  // The translation reads `\k<name>` as the letters `k<name>`; in JavaScript it is a backreference.
  if (hasNamedBackreference(source)) {
    throw new PatternError('the linear-time engine (RE2) cannot run it: backreferences are not supported (`\\k<…>`)');
  }
  let re: RE2JS;
  try {
    re = RE2().compile(RE2().translateRegExp(source));
  } catch (err) {
    throw new PatternError(`the linear-time engine (RE2) cannot run it: ${re2Reason((err as Error).message)}`);
  }
  const size = re.programSize();
  if (size > MAX_PATTERN_PROGRAM_SIZE) {
    throw new PatternError(`it compiles to ${size} RE2 instructions, over the limit of ${MAX_PATTERN_PROGRAM_SIZE}`);
  }
  return {
    source,
    test: (text) => re.test(text),
    *matchAll(text) {
      // Most files hold no hit: the DFA's yes/no is about twice as fast as finding positions.
      if (!re.test(text)) return;
      const m = re.matcher(text);
      while (m.find()) yield { index: m.start(), end: m.end() };
    },
    replaceFirst: (text, replacement) => re.matcher(text).replaceFirst(replacement),
  };
}

/** Why `linearPattern` refuses a pattern, or undefined when it accepts it. */
export function linearPatternProblem(source: string): string | undefined {
  try {
    linearPattern(source);
    return undefined;
  } catch (err) {
    if (err instanceof PatternError) return err.message;
    throw err;
  }
}

function hasNamedBackreference(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    if (source[i] !== '\\') continue;
    if (source[i + 1] === 'k' && source[i + 2] === '<') return true;
    i++;
  }
  return false;
}

/** RE2's message, with the usual causes said in words. */
function re2Reason(message: string): string {
  const text = message.replace(/^error parsing regexp:\s*/, '');
  if (/\(\?[=!]|\(\?<[=!]/.test(text) || /invalid named capture: `\(\?<[=!]/.test(text)) {
    return `lookahead and lookbehind are not supported (${text})`;
  }
  if (/invalid escape sequence: `\\[1-9k]/.test(text)) return `backreferences are not supported (${text})`;
  return text;
}
