export {
  extractFingerprints,
  fingerprintFindings,
  fingerprintMarker,
  MAX_FINGERPRINTS_PER_MARKER,
  normalizeSnippet,
  type Fingerprinted,
} from './fingerprint.js';
export {
  compareByImportance,
  planReview,
  type Candidate,
  type Concern,
  type PlanInput,
  type PostedThread,
  type ReviewPlan,
} from './plan-review.js';
export { decideConclusion, type Conclusion, type ConclusionInput } from './conclusion.js';
export { describeLines, groupConcerns, type LineRange } from './group-concerns.js';
export {
  reviewChange,
  type ChangedFileInput,
  type ChangeSource,
  type ReadFile,
  type ReviewChangeInput,
  type ReviewedChange,
  type SkippedReport,
} from './review-change.js';
export { movedCodeKey, splitPreExisting } from './pre-existing.js';
