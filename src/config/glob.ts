/**
 * Path globs of the configuration (`include`, `exclude`, `overrides[].paths`). The matcher is
 * the code base's one glob helper, src/glob/compile-glob.ts, where the syntax is described.
 */
export { globProblem, matchesAnyGlob, matchesGlob, MAX_GLOB_ALTERNATIVES, MAX_GLOB_LENGTH } from '../glob/compile-glob.js';
