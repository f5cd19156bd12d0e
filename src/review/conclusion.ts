import type { Severity } from '../engine/types.js';
import { severityRank } from '../engine/types.js';
import type { FailOn } from '../config/config-schema.js';

export type Conclusion = 'success' | 'neutral' | 'failure';

export interface ConclusionInput {
  /** Severities of the findings on lines the change adds. */
  readonly onAddedLines: readonly { readonly severity: Severity }[];
  readonly failOn: FailOn;
  /** Some file could not be (fully) analysed: we cannot vouch for the change. */
  readonly incomplete: boolean;
}

/**
 * failure: a finding on an added line at or above `fail_on`;
 * neutral: only lower findings on added lines, or an incomplete analysis;
 * success: otherwise. Findings outside the diff do not decide: most of them
 * were there before the change, and they are listed in the summary.
 */
export function decideConclusion(input: ConclusionInput): Conclusion {
  const threshold = input.failOn === 'none' ? Infinity : severityRank(input.failOn);
  if (input.onAddedLines.some((f) => severityRank(f.severity) >= threshold)) return 'failure';
  if (input.onAddedLines.length > 0 || input.incomplete) return 'neutral';
  return 'success';
}
