/**
 * Move-aware filtering, pure. A finding on an added line whose rule and
 * normalised code already stood in the base version of a file the change
 * touches (moved to another file, renamed, re-indented, reflowed) was not
 * introduced by the change: it is listed as pre-existing, not commented on,
 * and does not decide the check.
 *
 * What the normaliser makes equal (and so what this catches): any change of
 * whitespace between tokens, line breaks and backslash continuations inside the
 * flagged lines, a trailing comma before a closing bracket (black's "magic
 * comma"), and single against double quotes. What it does not: renamed
 * variables, a `%` format turned into an f-string, added or removed
 * parentheses, edited comments on the flagged lines, or a rule that flags only
 * part of a statement which a reformat splits differently. Those read as new.
 */
import type { Finding } from '../engine/types.js';
import { normalizeSnippet } from './fingerprint.js';

/** The code of a finding with formatting taken out, as the comparison sees it. */
export function movedCodeKey(finding: Pick<Finding, 'ruleId' | 'snippet'>): string {
  const code = normalizeSnippet(finding.snippet.replace(/\\\r?\n/g, ' '))
    .replace(/'/g, '"')
    // A space matters only between two word characters (`not x`, `import os`).
    .replace(/ (?!\w)|(?<!\w) /g, '')
    .replace(/,(?=[)\]}])/g, '');
  return `${finding.ruleId}\u0000${code}`;
}

export interface PreExistingSplit<C> {
  /** Introduced by this change: comments, conclusion. */
  readonly introduced: C[];
  /** The same rule on the same code stood in the base: summary only. */
  readonly preExisting: C[];
}

/**
 * Counts, not sets: the base's occurrences of a key are first taken by the
 * head's occurrences the change left alone (they are the same code, still in
 * place); only what remains can vouch for an added-line finding. So copying a
 * flagged line adds a new finding, while moving it does not.
 */
export function splitPreExisting<C>(input: {
  readonly onAddedLines: readonly C[];
  readonly findingOf: (c: C) => Finding;
  /** Head findings of the changed files that are not on added lines. */
  readonly untouched: readonly Finding[];
  /** Findings in the base versions of the touched files. */
  readonly base: readonly Finding[];
}): PreExistingSplit<C> {
  const left = new Map<string, number>();
  for (const f of input.base) {
    const key = movedCodeKey(f);
    left.set(key, (left.get(key) ?? 0) + 1);
  }
  for (const f of input.untouched) {
    const key = movedCodeKey(f);
    const n = left.get(key);
    if (n !== undefined) left.set(key, n - 1);
  }
  const introduced: C[] = [];
  const preExisting: C[] = [];
  for (const c of input.onAddedLines) {
    const key = movedCodeKey(input.findingOf(c));
    const n = left.get(key) ?? 0;
    if (n > 0) {
      left.set(key, n - 1);
      preExisting.push(c);
    } else {
      introduced.push(c);
    }
  }
  return { introduced, preExisting };
}
