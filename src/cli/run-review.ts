/**
 * `hunkwise review`: the App's pull request review, run on git. Settings and repository
 * rules come from the base; the change goes through the App's own pipeline (reviewChange):
 * files scanned whole at the head commit, filtered by the diff, findings the base already
 * had set aside, so only findings the change introduces on added lines count. This file is
 * only the git "change source" and the printing.
 */
import { parseUnifiedDiff, type FilePatch } from '../diff/index.js';
import type { Engine } from '../engine/engine-api.js';
import { DEFAULT_FILE_DEADLINE_MS, DEFAULT_JOB_TIME_BUDGET_MS } from '../engine-pool/engine-runner.js';
import { severityRank, type Severity } from '../engine/types.js';
import { githubPayload, renderPayloadMarkdown } from '../render/github-payload.js';
import type { LinkBase } from '../render/github-review.js';
import type { ResolvedConfiguration } from '../config/resolve-configuration.js';
import { reviewChange, type ChangedFileInput, type ChangeSource, type ReadFile, type ReviewedChange } from '../review/review-change.js';
import type { CliIo } from './cli-io.js';
import { emitReport, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from './emit-report.js';
import { Git, GitError, type BlobContents } from './git.js';
import { githubRepositoryOf } from './github-remote.js';
import { loadReviewConfiguration } from './load-review-configuration.js';
import { UsageError, type ReviewFormat } from './parse-command-line.js';
import { plural, reviewConclusion } from './review-conclusion.js';
import { createCliRunner, reportCutOff, type CliRunnerFactory } from './run-scan.js';

export interface ReviewCommand {
  readonly base: string | undefined;
  readonly head: string;
  readonly format: ReviewFormat;
  /** Undefined: the repository's `fail_on`. */
  readonly failOn: Severity | undefined;
  /** Per-file deadline; default as in the App. */
  readonly timeoutMs?: number | undefined;
}

const short = (sha: string): string => sha.slice(0, 7);

interface Range {
  /** Where the settings are read: the base ref itself (the target branch's tip). */
  readonly configSha: string;
  readonly mergeBase: string;
  readonly headSha: string;
  readonly label: string;
}

async function resolveRange(git: Git, command: ReviewCommand): Promise<Range> {
  try {
    await git.repoRoot();
  } catch (error) {
    throw error instanceof GitError ? new UsageError(`review: ${error.message}`) : error;
  }
  const headSha = await git.resolveCommit(command.head);
  if (headSha === undefined) throw new UsageError(`review: --head ${command.head} does not name a commit`);
  let baseRef = command.base;
  let label = command.base ?? '';
  if (baseRef === undefined) {
    const branch = await git.defaultBranch();
    if (branch === undefined) {
      throw new UsageError('review: no --base given, and there is no origin/HEAD, main or master to compare with');
    }
    baseRef = branch;
    label = `merge base with ${branch}`;
  }
  const configSha = await git.resolveCommit(baseRef);
  if (configSha === undefined) throw new UsageError(`review: --base ${baseRef} does not name a commit`);
  const mergeBase = await git.mergeBase(configSha, headSha);
  if (mergeBase === undefined) throw new UsageError(`review: ${baseRef} and ${command.head} have no common ancestor`);
  return { configSha, mergeBase, headSha, label };
}

/** Files read from git per batch: one `git cat-file --batch` each, and a bound on what is held at once. */
const FILES_PER_READ = 50;

/** A stand-in for links when `origin` is not on GitHub: the output stays the App's shape. */
const PLACEHOLDER_REPOSITORY = { owner: 'OWNER', repo: 'REPO' };

function readsOf(contents: BlobContents, paths: readonly string[], missing: string): ReadFile[] {
  return paths.map((p) => {
    const content = contents.get(p);
    return content === undefined ? { kind: 'error', message: missing } : { kind: 'content', content };
  });
}

function changedFileOf(p: FilePatch): ChangedFileInput {
  const path = p.newPath ?? p.oldPath ?? '';
  return {
    path,
    status: p.status,
    ...(p.status === 'renamed' && p.oldPath !== null ? { previousPath: p.oldPath } : {}),
    // A binary patch has no hunks: its diff is unknown.
    ...(p.binary ? {} : { hunks: p.hunks }),
  };
}

/** The branch as a change source: git reads the head and the merge base. */
function gitChangeSource(git: Git, range: Range, patches: readonly FilePatch[]): ChangeSource {
  return {
    files: patches.map(changedFileOf),
    batchSize: FILES_PER_READ,
    noDiffNote: (path) => `git shows no textual diff for \`${path}\` (binary); its findings are not counted as added.`,
    readHead: async (files) => {
      const paths = files.map((f) => f.path);
      return readsOf(await git.readFiles(range.headSha, paths), paths, `not a regular file at ${short(range.headSha)}`);
    },
    readBase: async (paths) => readsOf(await git.readFiles(range.mergeBase, paths), paths, `not a regular file at ${short(range.mergeBase)}`),
    postedThreads: () => Promise.resolve([]),
  };
}

export async function runReview(
  command: ReviewCommand,
  io: CliIo,
  builtin: Pick<Engine, 'rules'>,
  version: string,
  runnerFor: CliRunnerFactory = createCliRunner,
): Promise<number> {
  const git = new Git(io.cwd, io.env);
  const range = await resolveRange(git, command);
  const { configuration, warnings } = await loadReviewConfiguration(git, range.configSha, builtin);

  // Three dots: the change since the merge base, as a pull request shows it.
  const patches = parseUnifiedDiff(await git.diff(range.mergeBase, range.headSha));
  const runner = runnerFor(builtin.rules, command.timeoutMs ?? DEFAULT_FILE_DEADLINE_MS, io);
  let reviewed: ReviewedChange;
  try {
    reviewed = await reviewChange({
      source: gitChangeSource(git, range, patches),
      configuration,
      runner,
      // The per-file deadline bounds each file; the App's review budget bounds the whole.
      deadline: Date.now() + DEFAULT_JOB_TIME_BUDGET_MS,
      ...(command.failOn === undefined ? {} : { failOn: command.failOn }),
    });
  } finally {
    await runner.close();
  }

  if (command.format === 'github' || command.format === 'markdown') {
    const payload = githubPayload({
      reviewed,
      context: {
        rulesById: new Map(configuration.rules.map((r) => [r.id, r])),
        builtinIds: configuration.builtinIds,
        docsBaseUrl: DOCS_BASE_URL,
        failOn: reviewed.failOn,
      },
      ...(await linksFor(git, range)),
      maxComments: configuration.config.max_comments,
      configWarnings: warnings,
      configRuleErrors: [],
    });
    io.stdout.write(command.format === 'github' ? `${JSON.stringify(payload, null, 2)}\n` : renderPayloadMarkdown(payload));
  } else {
    await emitFindings(command, io, git, range, reviewed, configuration, warnings, version);
  }
  reportCutOff(reviewed.cutOff, io);
  if (reviewed.cutOff.length > 0) return EXIT_ERROR;
  const failOn = reviewed.failOn;
  const blocking = failOn !== 'none' && reviewed.onAddedLines.some((c) => severityRank(c.finding.severity) >= severityRank(failOn));
  return blocking ? EXIT_FINDINGS : EXIT_OK;
}

/** The rule docs, as the App links them by default. */
const DOCS_BASE_URL = 'https://github.com/hunkwise/hunkwise/blob/main/docs/rules/';

/** Links to the repository on GitHub when `origin` is there; else a placeholder of the same shape. */
async function linksFor(git: Git, range: Range): Promise<{ links: LinkBase; checkUrl: string }> {
  const url = await git.originUrl();
  const repository = (url === undefined ? undefined : githubRepositoryOf(url)) ?? PLACEHOLDER_REPOSITORY;
  const links: LinkBase = { webBaseUrl: 'https://github.com', ...repository, headSha: range.headSha };
  // The App links its check run; here there is none yet: the commit's checks page.
  return { links, checkUrl: `${links.webBaseUrl}/${links.owner}/${links.repo}/commit/${range.headSha}/checks` };
}

/** text, json and sarif: the findings the change introduces on added lines. */
async function emitFindings(
  command: ReviewCommand,
  io: CliIo,
  git: Git,
  range: Range,
  reviewed: ReviewedChange,
  configuration: ResolvedConfiguration,
  warnings: readonly string[],
  version: string,
): Promise<void> {
  const format = command.format === 'github' || command.format === 'markdown' ? 'text' : command.format;
  const findings = reviewed.onAddedLines.map((c) => c.finding);
  const notes = [...warnings, ...reviewed.notes];
  if (reviewed.excluded > 0) notes.push(`${plural(reviewed.excluded, 'changed Python file')} excluded by \`exclude\` in .github/hunkwise.yml.`);
  const elsewhere = reviewed.outsideDiff.length;
  if (elsewhere > 0) {
    notes.push(
      `${plural(elsewhere, 'other finding')} in the changed files ${elsewhere === 1 ? 'is' : 'are'} not on added lines ` +
        '(the App lists those in the check summary, not as review comments).',
    );
  }
  const moved = reviewed.preExisting.length;
  if (moved > 0) {
    notes.push(
      `${plural(moved, 'finding')} on added lines ${moved === 1 ? 'was' : 'were'} already in the base (moved or reformatted code): ` +
        'pre-existing, not introduced by this change, and not counted.',
    );
  }
  // The source lines under each finding, for text: read again, only for the files that have findings.
  const sources = new Map<string, string>();
  if (format === 'text' && findings.length > 0) {
    const paths = [...new Set(findings.map((f) => f.path))];
    const contents = await git.readFiles(range.headSha, paths);
    const decoder = new TextDecoder('utf-8');
    for (const [path, bytes] of contents) if (bytes !== undefined) sources.set(path, decoder.decode(bytes));
  }
  emitReport(
    {
      heading:
        `hunkwise review of ${short(range.mergeBase)}...${short(range.headSha)} (${range.label}): ` +
        plural(reviewed.reviewedPaths.length, 'changed Python file'),
      findings,
      errors: reviewed.scanErrors,
      notAnalysed: reviewed.notAnalysed,
      filesScanned: reviewed.reviewedPaths.length,
      sources,
      notes,
      conclusion: reviewConclusion(findings, reviewed.incompleteFiles, reviewed.failOn),
    },
    format,
    io,
    { rules: configuration.rules, version },
  );
}
