import { createLineClassifier, type LineClassifier } from './line-classifier.js';
import type { Hunk } from './types.js';

/** Findings of one file, split by where they stand relative to its diff. */
export interface ClassifiedFindings<F> {
  /** Some line of the finding's range was added: the change touches it. */
  readonly onAddedLines: F[];
  /** No added line, but the finding's first line is shown in the diff as context. */
  readonly inContext: F[];
  /** Not shown in the diff, or the file has no patch: only the summary can carry these. */
  readonly elsewhere: F[];
}

/** Where a review comment can sit (RIGHT side); startLine only for a multi-line comment. */
export interface ReviewAnchor {
  readonly line: number;
  readonly startLine?: number;
}

/** The part of a finding classification needs; Finding fits it. */
export interface LineSpan {
  readonly line: number;
  readonly endLine: number;
}

// Both functions run for every finding of a file against the same hunks;
// building the classifier once per hunks array keeps that linear.
const classifiers = new WeakMap<readonly Hunk[], LineClassifier>();

function classifierFor(hunks: readonly Hunk[]): LineClassifier {
  let c = classifiers.get(hunks);
  if (c === undefined) {
    c = createLineClassifier(hunks);
    classifiers.set(hunks, c);
  }
  return c;
}

/** [line, endLine] in order, so a reversed range still means its lines. */
function span(line: number, endLine: number): readonly [number, number] {
  return line <= endLine ? [line, endLine] : [endLine, line];
}

/**
 * The diff filter shared by the GitHub App and the CLI. `hunks === null`
 * means GitHub sent no patch (diff too large): nothing can be placed, so all
 * findings are `elsewhere`. Order is kept within each bucket.
 */
export function classifyFindings<F extends LineSpan>(
  findings: readonly F[],
  hunks: readonly Hunk[] | null,
): ClassifiedFindings<F> {
  const result: ClassifiedFindings<F> = { onAddedLines: [], inContext: [], elsewhere: [] };
  if (hunks === null) {
    result.elsewhere.push(...findings);
    return result;
  }
  const c = classifierFor(hunks);
  for (const f of findings) {
    const [first, last] = span(f.line, f.endLine);
    if (c.firstAddedIn(first, last) !== undefined) result.onAddedLines.push(f);
    else if (c.hunkIndexOf(first) !== -1) result.inContext.push(f);
    else result.elsewhere.push(f);
  }
  return result;
}

/**
 * Where to anchor a review comment for a finding over [line, endLine].
 * GitHub accepts only lines shown in the diff, and start_line and line of a
 * multi-line comment must lie in the same hunk (else HTTP 422). So: take the
 * hunk holding the range's first added line (or, with none added, the first
 * hunk the range meets) and clip the range to it. Null when no line of the
 * range is in any hunk, or when there is no patch.
 */
export function anchorFor(
  hunks: readonly Hunk[] | null,
  line: number,
  endLine: number,
): ReviewAnchor | null {
  if (hunks === null) return null;
  const c = classifierFor(hunks);
  const [first, last] = span(line, endLine);
  const firstAdded = c.firstAddedIn(first, last);
  const index = firstAdded !== undefined ? c.hunkIndexOf(firstAdded) : c.firstHunkIn(first, last);
  if (index === -1) return null;
  const h = hunks[index];
  const start = Math.max(first, h.newStart);
  const end = Math.min(last, h.newStart + h.newLines - 1);
  return start === end ? { line: end } : { line: end, startLine: start };
}
