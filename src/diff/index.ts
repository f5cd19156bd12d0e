export type {
  DiffLine,
  DiffLineKind,
  FilePatch,
  FileStatus,
  Hunk,
  LineClass,
} from './types.js';
export { PatchParseError } from './patch-parse-error.js';
export { parsePatch } from './parse-patch.js';
export { parseUnifiedDiff } from './parse-unified-diff.js';
export { unquoteGitPath } from './unquote-git-path.js';
export { createLineClassifier, type LineClassifier } from './line-classifier.js';
export {
  anchorFor,
  classifyFindings,
  type ClassifiedFindings,
  type LineSpan,
  type ReviewAnchor,
} from './classify-findings.js';
