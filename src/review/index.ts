export {
  extractFingerprints,
  fingerprintFindings,
  fingerprintMarker,
  normalizeSnippet,
  type Fingerprinted,
} from './fingerprint.js';
export {
  compareByImportance,
  planReview,
  type Candidate,
  type PlanInput,
  type PostedThread,
  type ReviewPlan,
} from './plan-review.js';
export { decideConclusion, type Conclusion, type ConclusionInput } from './conclusion.js';
