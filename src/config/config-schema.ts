/**
 * The repository configuration `.github/hunkwise.yml`. Every key is optional;
 * each is validated on its own so one bad key falls back to its default
 * without discarding the rest (see parseConfig).
 */
import { z } from 'zod';
import { globProblem } from '../glob/compile-glob.js';

const severity = z.enum(['low', 'medium', 'high']);

/** A rule id (`subprocess-shell-true`), a Bandit code (`B602`) or a Ruff code (`S602`). */
const ruleSelector = z.string().trim().min(1);
/**
 * A path glob, checked here so a bad one (an unclosed `{`, too long, too many alternatives)
 * makes its key fall back to the default with a warning instead of failing reviews.
 */
const glob = z
  .string()
  .trim()
  .min(1)
  .superRefine((g, ctx) => {
    const problem = globProblem(g, 'path');
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `glob \`${g.slice(0, 60)}\` is refused: ${problem}` });
  });
/** Each path is matched against every glob of a list; a config needs a handful. */
export const MAX_GLOBS_PER_LIST = 100;
const globs = z.array(glob).max(MAX_GLOBS_PER_LIST);

/** GitHub renders at most a few dozen inline comments usefully; the rest belong in the summary. */
export const DEFAULT_MAX_COMMENTS = 30;
/** Past this many comments in one review GitHub's UI and API both struggle. */
export const MAX_MAX_COMMENTS = 100;
/** 1 MiB: larger Python files are almost always generated or vendored. */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
/** The git blobs API serves up to 100 MB; parsing beyond 10 MB would stall a worker. */
export const MAX_MAX_FILE_BYTES = 10 * 1024 * 1024;

export const configFieldSchemas = {
  /** The lowest severity, on a line the change adds, that fails the check. `none` never fails. */
  fail_on: z.enum(['low', 'medium', 'high', 'none']),
  /** Review draft pull requests too. */
  review_drafts: z.boolean(),
  max_comments: z.number().int().min(0).max(MAX_MAX_COMMENTS),
  max_file_bytes: z.number().int().positive().max(MAX_MAX_FILE_BYTES),
  /** Extra globs of files to treat as Python, besides *.py and *.pyi. */
  include: globs,
  /** Globs of files never to review. */
  exclude: globs,
  /**
   * Globs of test code (replacing DEFAULT_TEST_PATHS when given): each rule's `inTests`
   * says how its findings there are judged (e.g. a password in a test fixture is hygiene).
   */
  test_paths: globs,
  rules: z
    .object({
      /** Wins over `disable` (also one inherited through `_extends`). */
      enable: z.array(ruleSelector).default([]),
      disable: z.array(ruleSelector).default([]),
      /** Re-grade: selector → severity. */
      severity: z.record(ruleSelector, severity).default({}),
    })
    .strict(),
  /**
   * Which suppression comments `unused-suppression` reports: `hunkwise` (default) only
   * `# hunkwise: ignore[...]`; `all` also `# nosec` / `# noqa: S...`, which a repository's
   * Bandit or Ruff job may still need.
   */
  report_unused_suppressions: z.enum(['hunkwise', 'all']),
  /** Per-path rule settings, e.g. no `assert` findings under tests/. */
  overrides: z.array(
    z
      .object({
        paths: globs.min(1),
        disable: z.array(ruleSelector).default([]),
        severity: z.record(ruleSelector, severity).default({}),
      })
      .strict(),
  ),
} as const;

export type FailOn = z.infer<(typeof configFieldSchemas)['fail_on']>;

export interface RuleSettings {
  readonly enable: readonly string[];
  readonly disable: readonly string[];
  readonly severity: Readonly<Record<string, z.infer<typeof severity>>>;
}

export interface PathOverride {
  readonly paths: readonly string[];
  readonly disable: readonly string[];
  readonly severity: Readonly<Record<string, z.infer<typeof severity>>>;
}

export interface HunkwiseConfig {
  readonly fail_on: FailOn;
  readonly review_drafts: boolean;
  readonly max_comments: number;
  readonly max_file_bytes: number;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** Optional so configurations built in code need not name it; absent reads as DEFAULT_TEST_PATHS. */
  readonly test_paths?: readonly string[];
  readonly rules: RuleSettings;
  readonly overrides: readonly PathOverride[];
  /** Optional so configurations built in code need not name it; absent reads as `hunkwise`. */
  readonly report_unused_suppressions?: 'hunkwise' | 'all';
}

/**
 * Where Python projects keep test code: test directories at any depth, pytest's file
 * names and conftest, fixture directories.
 */
export const DEFAULT_TEST_PATHS: readonly string[] = [
  'tests/',
  'test/',
  'testing/',
  'fixtures/',
  'test_*.py',
  '*_test.py',
  'conftest.py',
];

export const DEFAULT_CONFIG: HunkwiseConfig = {
  fail_on: 'high',
  review_drafts: true,
  max_comments: DEFAULT_MAX_COMMENTS,
  max_file_bytes: DEFAULT_MAX_FILE_BYTES,
  include: [],
  exclude: [],
  test_paths: DEFAULT_TEST_PATHS,
  rules: { enable: [], disable: [], severity: {} },
  overrides: [],
  report_unused_suppressions: 'hunkwise',
};

export const CONFIG_PATH = '.github/hunkwise.yml';
export const CUSTOM_RULES_DIR = '.github/hunkwise/rules';
