/**
 * Review planning, pure: which findings get a new inline comment, which were
 * posted by an earlier run, which overflow to the summary, and which earlier
 * threads are now fixed.
 */
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

/** A review thread an earlier run of hunkwise opened. */
export interface PostedThread {
  readonly threadId: string;
  readonly path: string;
  /** Markers found in the bot's comments of the thread. */
  readonly fingerprints: readonly string[];
  readonly isResolved: boolean;
  /** Someone other than a bot wrote in the thread: it is theirs to close. */
  readonly hasHumanReply: boolean;
}

export interface PlanInput {
  readonly onAddedLines: readonly Candidate[];
  /** Fingerprints of every current finding in the analysed files, wherever it stands. */
  readonly currentFingerprints: ReadonlySet<string>;
  readonly postedThreads: readonly PostedThread[];
  /** Paths analysed in this run: a missing finding there is really gone. */
  readonly analysedPaths: ReadonlySet<string>;
  /** Paths the pull request changes now; a thread on a path it no longer changes is settled too. */
  readonly changedPaths: ReadonlySet<string>;
  readonly maxComments: number;
}

export interface ReviewPlan {
  /** New, anchored, within the cap: the inline comments of this run's review. */
  readonly toPost: readonly Candidate[];
  readonly alreadyPosted: readonly Candidate[];
  /** New and anchored, but past the comment cap: summary only. */
  readonly overCap: readonly Candidate[];
  /** New, but the diff cannot carry them: summary only. */
  readonly unanchored: readonly Candidate[];
  /**
   * New low-severity hygiene findings (`assert`, `import subprocess`): summary and
   * annotations only, so the review reads like a security engineer's, not a linter dump.
   */
  readonly hygiene: readonly Candidate[];
  /** Earlier threads whose findings are gone: resolve them with a note. */
  readonly fixed: readonly PostedThread[];
}

const CONFIDENCE_RANK = { low: 0, medium: 1, high: 2 } as const;

/** Most severe first, then most certain, then by place: the cap keeps what matters most. */
export function compareByImportance(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence] ||
    a.path.localeCompare(b.path) ||
    a.line - b.line ||
    a.column - b.column
  );
}

export function planReview(input: PlanInput): ReviewPlan {
  const posted = new Set<string>();
  for (const t of input.postedThreads) for (const fp of t.fingerprints) posted.add(fp);

  const alreadyPosted: Candidate[] = [];
  const unanchored: Candidate[] = [];
  const anchored: Candidate[] = [];
  const hygiene: Candidate[] = [];
  for (const c of input.onAddedLines) {
    if (posted.has(c.fingerprint)) alreadyPosted.push(c);
    else if (isHygiene(c.finding)) hygiene.push(c);
    else if (c.anchor === null) unanchored.push(c);
    else anchored.push(c);
  }
  anchored.sort((a, b) => compareByImportance(a.finding, b.finding));
  const cap = Math.max(0, input.maxComments);

  const fixed = input.postedThreads.filter(
    (t) =>
      !t.isResolved &&
      !t.hasHumanReply &&
      t.fingerprints.length > 0 &&
      t.fingerprints.every((fp) => !input.currentFingerprints.has(fp)) &&
      (input.analysedPaths.has(t.path) || !input.changedPaths.has(t.path)),
  );

  return {
    toPost: anchored.slice(0, cap),
    overCap: anchored.slice(cap),
    alreadyPosted,
    unanchored,
    hygiene,
    fixed,
  };
}

function isHygiene(f: Finding): boolean {
  return f.category === 'practice' && f.severity === 'low';
}
