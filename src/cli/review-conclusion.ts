/** The check-run conclusion the GitHub App would give, decided from the same inputs. */
import { severityRank, type Finding, type Severity } from '../engine/types.js';

export type Conclusion = 'success' | 'neutral' | 'failure';

export interface ConclusionResult {
  readonly conclusion: Conclusion;
  readonly reason: string;
}

/**
 * failure: a finding on added lines at or above failOn; neutral: only lower findings there,
 * or some files could not be analysed; success otherwise.
 */
export function reviewConclusion(
  onAddedLines: readonly Finding[],
  notAnalysedFiles: number,
  failOn: Severity,
): ConclusionResult {
  const blocking = onAddedLines.filter((f) => severityRank(f.severity) >= severityRank(failOn)).length;
  if (blocking > 0) {
    return { conclusion: 'failure', reason: `${plural(blocking, 'finding')} at or above ${failOn} on added lines` };
  }
  const reasons: string[] = [];
  if (onAddedLines.length > 0) reasons.push(`${plural(onAddedLines.length, 'finding')} below ${failOn} on added lines`);
  if (notAnalysedFiles > 0) reasons.push(`${plural(notAnalysedFiles, 'file')} not analysed`);
  if (reasons.length > 0) return { conclusion: 'neutral', reason: reasons.join('; ') };
  return { conclusion: 'success', reason: 'no findings on added lines' };
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
