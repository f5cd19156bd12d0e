/**
 * Review planning, pure: which findings get a new inline comment (grouped into
 * concerns, one comment each), which were posted by an earlier run, which
 * overflow to the summary, and which earlier threads are now fixed.
 */
import type { Finding } from '../engine/types.js';
import type { Candidate } from './candidate.js';
import { compareByImportance } from './candidate.js';
import { groupConcerns, type Concern } from './group-concerns.js';

export { compareByImportance, type Candidate } from './candidate.js';
export type { Concern } from './group-concerns.js';

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
  /**
   * New, anchored, within the cap: the inline comments of this run's review,
   * one per concern, most important first. The cap counts concerns.
   */
  readonly toPost: readonly Concern[];
  /** Posted by an earlier run (its fingerprint is in one of our threads): never posted again. */
  readonly alreadyPosted: readonly Candidate[];
  /** New and anchored, but their concerns are past the comment cap: summary only. */
  readonly overCap: readonly Candidate[];
  /** New, but the diff cannot carry them: summary only. */
  readonly unanchored: readonly Candidate[];
  /**
   * New low-severity hygiene findings (`assert`, `import subprocess`): summary and
   * annotations only, so the review reads like a security engineer's, not a linter dump.
   */
  readonly hygiene: readonly Candidate[];
  /** Earlier threads none of whose findings is current any more: resolve them with a note. */
  readonly fixed: readonly PostedThread[];
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
  // Dedupe is per finding: what an earlier comment covered is left out before grouping, so a
  // concern whose findings were all posted is not posted again, and one that gained a finding
  // (a third timeout added next to two commented ones) comments on the new finding only.
  const concerns = groupConcerns(anchored).sort((a, b) => compareByImportance(a.candidates[0].finding, b.candidates[0].finding));
  const cap = Math.max(0, input.maxComments);

  // A merged comment is fixed only when none of its findings is current: one left keeps it open.
  const fixed = input.postedThreads.filter(
    (t) =>
      !t.isResolved &&
      !t.hasHumanReply &&
      t.fingerprints.length > 0 &&
      t.fingerprints.every((fp) => !input.currentFingerprints.has(fp)) &&
      (input.analysedPaths.has(t.path) || !input.changedPaths.has(t.path)),
  );

  return {
    toPost: concerns.slice(0, cap),
    overCap: concerns.slice(cap).flatMap((c) => c.candidates),
    alreadyPosted,
    unanchored,
    hygiene,
    fixed,
  };
}

function isHygiene(f: Finding): boolean {
  return f.category === 'practice' && f.severity === 'low';
}
