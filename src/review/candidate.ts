/** A finding on an added line as review planning sees it, and the order of importance. Pure. */
import type { ReviewAnchor } from '../diff/index.js';
import type { Finding } from '../engine/types.js';
import { severityRank } from '../engine/types.js';

/** A finding on an added line, with where GitHub would accept its comment. */
export interface Candidate {
  readonly finding: Finding;
  readonly fingerprint: string;
  /** Null when the diff cannot carry a comment (no patch, anchor outside every hunk). */
  readonly anchor: ReviewAnchor | null;
  /** The anchor spans exactly the finding's fix, so the comment may carry a ```suggestion. */
  readonly suggestion: boolean;
}

const CONFIDENCE_RANK = { low: 0, medium: 1, high: 2 } as const;

/** Most severe first, then most certain, then by place: the cap keeps what matters most. */
export function compareByImportance(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence] ||
    a.path.localeCompare(b.path) ||
    a.line - b.line ||
    a.column - b.column ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
