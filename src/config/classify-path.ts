import { DEFAULT_TEST_PATHS, type HunkwiseConfig } from './config-schema.js';
import { matchesAnyGlob } from './glob.js';

const PYTHON_EXTENSIONS = /\.pyi?$/i;

/**
 * `review`: Python by extension or by the configured `include` globs.
 * `excluded`: Python, but matched by `exclude` (listed as skipped so nobody wonders why).
 * `other`: not ours to look at.
 */
export function classifyPath(
  path: string,
  config: Pick<HunkwiseConfig, 'include' | 'exclude'>,
): 'review' | 'excluded' | 'other' {
  const python = PYTHON_EXTENSIONS.test(path) || matchesAnyGlob(path, config.include);
  if (!python) return 'other';
  return matchesAnyGlob(path, config.exclude) ? 'excluded' : 'review';
}

/**
 * Is this test code (see `test_paths`)? Rules judge it by their `inTests`: a credential
 * or a weak hash in a test is hygiene, a shell injection is not.
 */
export function isTestPath(path: string, config: Pick<HunkwiseConfig, 'test_paths'>): boolean {
  return matchesAnyGlob(path, config.test_paths ?? DEFAULT_TEST_PATHS);
}
