import { PatchParseError } from './patch-parse-error.js';
import { splitLines } from './split-lines.js';
import type { DiffLine, Hunk } from './types.js';

// Counts are optional and default to 1 (`@@ -1 +1 @@`); anything after the
// second `@@` is the section heading git prints, which we do not need.
const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Parses the hunks of one file's patch, as GitHub gives it in the `patch`
 * field of a pull request file (hunks only, no file headers).
 * An empty patch (rename without changes, binary file) yields no hunks.
 * Throws PatchParseError on text that is not a hunk or whose body does not
 * match its header's counts.
 */
export function parsePatch(patch: string): Hunk[] {
  return parseHunkLines(splitLines(patch), 1);
}

/**
 * Parses hunks from already split lines (no line endings). `firstLineNo` is
 * the input line number of lines[0], for error messages. Shared with
 * parseUnifiedDiff; not part of the public API.
 */
export function parseHunkLines(lines: readonly string[], firstLineNo: number): Hunk[] {
  const hunks: Hunk[] = [];
  let i = 0;
  while (i < lines.length) {
    const header = lines[i];
    // Stray blank lines between or after hunks carry no information.
    if (header === '') {
      i++;
      continue;
    }
    const m = HUNK_HEADER.exec(header);
    if (m === null) {
      throw new PatchParseError('expected a hunk header "@@ -a,b +c,d @@"', firstLineNo + i);
    }
    const oldStart = Number(m[1]);
    const oldLines = m[2] === undefined ? 1 : Number(m[2]);
    const newStart = Number(m[3]);
    const newLines = m[4] === undefined ? 1 : Number(m[4]);
    // Only the numbers go into errors: the heading is file content.
    const where = `@@ -${oldStart},${oldLines} +${newStart},${newLines} @@`;
    const headerLineNo = firstLineNo + i;
    i++;

    // The body is read by its counts, not by its look: a removed line "-- x"
    // prints as "--- x" and must not be mistaken for anything else.
    const body: DiffLine[] = [];
    let oldNo = oldStart;
    let newNo = newStart;
    let oldLeft = oldLines;
    let newLeft = newLines;
    while (oldLeft > 0 || newLeft > 0) {
      if (i >= lines.length) {
        throw new PatchParseError(
          `hunk "${where}" ends early: ${oldLeft} old and ${newLeft} new lines missing`,
          headerLineNo,
        );
      }
      const raw = lines[i];
      const lineNo = firstLineNo + i;
      i++;
      // A context line whose single space was stripped (by an editor or mail
      // client) arrives as an empty line; git never prints one otherwise.
      const tag = raw === '' ? ' ' : raw[0];
      const text = raw.slice(1);
      if (tag === ' ') {
        if (oldLeft === 0 || newLeft === 0) throw tooMany('context', where, lineNo);
        body.push({ kind: 'context', oldLine: oldNo++, newLine: newNo++, text });
        oldLeft--;
        newLeft--;
      } else if (tag === '+') {
        if (newLeft === 0) throw tooMany('added', where, lineNo);
        body.push({ kind: 'added', newLine: newNo++, text });
        newLeft--;
      } else if (tag === '-') {
        if (oldLeft === 0) throw tooMany('removed', where, lineNo);
        body.push({ kind: 'removed', oldLine: oldNo++, text });
        oldLeft--;
      } else if (tag === '\\') {
        // "\ No newline at end of file": about the line before it; may sit
        // mid-hunk (old side's last line) or at the end (new side's).
      } else {
        throw new PatchParseError(`unexpected line in hunk "${where}"`, lineNo);
      }
    }
    // The marker for the last body line comes after the counts are used up.
    while (i < lines.length && lines[i].startsWith('\\')) i++;

    hunks.push({ oldStart, oldLines, newStart, newLines, lines: body });
  }
  return hunks;
}

function tooMany(kind: string, where: string, line: number): PatchParseError {
  return new PatchParseError(`more ${kind} lines than hunk "${where}" announces`, line);
}
