import type { Hunk, LineClass } from './types.js';

/** Answers where lines of the head file stand relative to a file's hunks (RIGHT side). */
export interface LineClassifier {
  /** 'added' for a + line, 'context' for another line inside a hunk, else 'outside'. */
  classify(newLine: number): LineClass;
  /** Index (into the hunks given) of the hunk whose new-side range holds the line, or -1. */
  hunkIndexOf(newLine: number): number;
  /** The new-side numbers of all added lines. */
  addedLines(): ReadonlySet<number>;
  /** The smallest added line in [start, end], or undefined when there is none. */
  firstAddedIn(start: number, end: number): number | undefined;
  /** Index of the first hunk (by position) whose new-side range meets [start, end], or -1. */
  firstHunkIn(start: number, end: number): number;
}

interface Range {
  readonly start: number;
  readonly end: number;
  readonly index: number;
}

/**
 * Precomputes the hunks' new-side ranges and added lines; each question
 * after that is a set lookup or a binary search.
 */
export function createLineClassifier(hunks: readonly Hunk[]): LineClassifier {
  const ranges: Range[] = [];
  const added = new Set<number>();
  hunks.forEach((h, index) => {
    // A hunk that only deletes (newLines 0) has no line on the RIGHT side.
    if (h.newLines > 0) ranges.push({ start: h.newStart, end: h.newStart + h.newLines - 1, index });
    for (const l of h.lines) if (l.kind === 'added' && l.newLine !== undefined) added.add(l.newLine);
  });
  ranges.sort((a, b) => a.start - b.start);
  const sortedAdded = [...added].sort((a, b) => a - b);

  // Position of the last range starting at or before `line`, or -1.
  const lastRangeStartingBy = (line: number): number => {
    let lo = 0;
    let hi = ranges.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid].start <= line) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  };

  const hunkIndexOf = (newLine: number): number => {
    const pos = lastRangeStartingBy(newLine);
    if (pos === -1 || newLine > ranges[pos].end) return -1;
    return ranges[pos].index;
  };

  return {
    classify(newLine) {
      if (added.has(newLine)) return 'added';
      return hunkIndexOf(newLine) === -1 ? 'outside' : 'context';
    },
    hunkIndexOf,
    addedLines: () => added,
    firstAddedIn(start, end) {
      let lo = 0;
      let hi = sortedAdded.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sortedAdded[mid] < start) lo = mid + 1;
        else hi = mid;
      }
      return lo < sortedAdded.length && sortedAdded[lo] <= end ? sortedAdded[lo] : undefined;
    },
    firstHunkIn(start, end) {
      const pos = lastRangeStartingBy(start);
      if (pos !== -1 && ranges[pos].end >= start) return ranges[pos].index;
      const next = ranges[pos + 1];
      return next !== undefined && next.start <= end ? next.index : -1;
    },
  };
}
