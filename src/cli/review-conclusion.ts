/** The check-run conclusion the GitHub App would give (its own decideConclusion), with a reason. */
import type { FailOn } from '../config/config-schema.js';
import { severityRank, type Finding } from '../engine/types.js';
import { decideConclusion, type Conclusion } from '../review/conclusion.js';

export interface ConclusionResult {
  readonly conclusion: Conclusion;
  readonly reason: string;
}

export function reviewConclusion(onAddedLines: readonly Finding[], incompleteFiles: number, failOn: FailOn): ConclusionResult {
  const conclusion = decideConclusion({ onAddedLines, failOn, incomplete: incompleteFiles > 0 });
  const blocking = failOn === 'none' ? 0 : onAddedLines.filter((f) => severityRank(f.severity) >= severityRank(failOn)).length;
  const reasons: string[] = [];
  if (blocking > 0) reasons.push(`${plural(blocking, 'finding')} at or above ${failOn} on added lines`);
  const lower = onAddedLines.length - blocking;
  if (lower > 0) {
    reasons.push(failOn === 'none' ? `${plural(lower, 'finding')} on added lines (fail_on: none)` : `${plural(lower, 'finding')} below ${failOn} on added lines`);
  }
  if (incompleteFiles > 0) reasons.push(`${plural(incompleteFiles, 'file')} not fully analysed`);
  return { conclusion, reason: reasons.length > 0 ? reasons.join('; ') : 'no findings on added lines' };
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
