/**
 * `hunkwise review`: the local equivalent of the App's pull request review. Settings and
 * repository rules come from the base, files are scanned whole at the head commit, then
 * filtered by the diff with the App's own filter, so only findings on added lines count.
 */
import { classifyPath } from '../config/classify-path.js';
import { classifyFindings, parseUnifiedDiff } from '../diff/index.js';
import type { Engine } from '../engine/engine-api.js';
import { asFileResult, DEFAULT_FILE_DEADLINE_MS, type FileOutcome, type SourceFile } from '../engine-pool/engine-runner.js';
import { severityRank, type Finding, type ScanError, type Severity } from '../engine/types.js';
import type { CliIo } from './cli-io.js';
import { emitReport, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from './emit-report.js';
import { Git, GitError } from './git.js';
import { loadReviewConfiguration } from './load-review-configuration.js';
import { UsageError, type OutputFormat } from './parse-command-line.js';
import { plural, reviewConclusion } from './review-conclusion.js';
import { createCliRunner, reportCutOff, type CliRunnerFactory } from './run-scan.js';

export interface ReviewCommand {
  readonly base: string | undefined;
  readonly head: string;
  readonly format: OutputFormat;
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

export async function runReview(
  command: ReviewCommand,
  io: CliIo,
  builtin: Engine,
  version: string,
  runnerFor: CliRunnerFactory = createCliRunner,
): Promise<number> {
  const git = new Git(io.cwd, io.env);
  const range = await resolveRange(git, command);
  const { config, engine, policy, warnings } = await loadReviewConfiguration(git, range.configSha, builtin);
  const failOn = command.failOn ?? config.fail_on;

  // Three dots: the change since the merge base, as a pull request shows it.
  const patches = parseUnifiedDiff(await git.diff(range.mergeBase, range.headSha)).flatMap((p) =>
    p.newPath !== null && p.status !== 'removed' && classifyPath(p.newPath, config) !== 'other' ? [{ ...p, newPath: p.newPath }] : [],
  );
  const excluded = patches.filter((p) => classifyPath(p.newPath, config) === 'excluded').length;
  const reviewed = patches.filter((p) => classifyPath(p.newPath, config) === 'review');
  const contents = await git.readFiles(range.headSha, reviewed.map((p) => p.newPath));

  // The engine runs in its threads, each file under the deadline; the repository's rules go with it.
  const extraRules = engine.rules.filter((r) => !builtin.rules.includes(r));
  const sourceFiles: SourceFile[] = reviewed.flatMap((p) => {
    const content = contents.get(p.newPath);
    return content === undefined ? [] : [{ path: p.newPath, content }];
  });
  const runner = runnerFor(builtin.rules, command.timeoutMs ?? DEFAULT_FILE_DEADLINE_MS, io);
  let outcomes: FileOutcome[];
  try {
    outcomes = await runner.scanFiles(sourceFiles, { extraRules, maxBytes: config.max_file_bytes });
  } finally {
    await runner.close();
  }
  const outcomeOf = new Map(outcomes.map((o) => [o.path, o]));
  const cutOff = outcomes.filter((o) => o.kind === 'not-analysed').map((o) => o.path);

  const onAddedLines: Finding[] = [];
  let notOnAddedLines = 0;
  const errors: ScanError[] = [];
  const notAnalysed: string[] = [];
  let incomplete = 0;
  const sources = new Map<string, string>();
  const decoder = new TextDecoder('utf-8');
  for (const patch of reviewed) {
    const path = patch.newPath;
    const content = contents.get(path);
    const outcome = outcomeOf.get(path);
    if (content === undefined || outcome === undefined) {
      errors.push({ path, kind: 'io', message: `not a regular file at ${short(range.headSha)}` });
      notAnalysed.push(path);
      incomplete += 1;
      continue;
    }
    const result = asFileResult(outcome);
    errors.push(...result.errors);
    // As in the App: a binary file is skipped on purpose; any other gap makes the review incomplete.
    const problem = result.errors.find((e) => e.kind !== 'rule');
    if (!result.analysed) notAnalysed.push(path);
    // A cut-off file, or a rule that threw on it, leaves a gap too.
    const gap = outcome.kind === 'not-analysed' || result.errors.some((e) => e.kind === 'rule');
    if (gap || (problem !== undefined && !(problem.kind === 'binary' && !result.analysed))) incomplete += 1;
    const findings = result.findings.map((f) => policy.apply(f)).filter((f): f is Finding => f !== null);
    // As in the App: findings in a changed file whose diff is unknown cannot be placed, so nobody can vouch for it.
    if (patch.binary && patch.status !== 'added' && findings.length > 0 && problem === undefined) incomplete += 1;
    // A new file without a textual patch is still all added lines.
    const classified =
      patch.binary && patch.status === 'added'
        ? { onAddedLines: findings, inContext: [], elsewhere: [] }
        : classifyFindings(findings, patch.binary ? null : patch.hunks);
    onAddedLines.push(...classified.onAddedLines);
    notOnAddedLines += classified.inContext.length + classified.elsewhere.length;
    if (classified.onAddedLines.length > 0 && command.format === 'text') sources.set(path, decoder.decode(content));
  }

  const notes = [...warnings];
  if (excluded > 0) notes.push(`${plural(excluded, 'changed Python file')} excluded by \`exclude\` in .github/hunkwise.yml.`);
  if (notOnAddedLines > 0) {
    notes.push(
      `${plural(notOnAddedLines, 'other finding')} in the changed files ${notOnAddedLines === 1 ? 'is' : 'are'} not on added lines ` +
        '(the App lists those in the check summary, not as review comments).',
    );
  }
  const conclusion = reviewConclusion(onAddedLines, incomplete, failOn);
  emitReport(
    {
      heading:
        `hunkwise review of ${short(range.mergeBase)}...${short(range.headSha)} (${range.label}): ` +
        plural(reviewed.length, 'changed Python file'),
      findings: onAddedLines,
      errors,
      notAnalysed,
      filesScanned: reviewed.length,
      sources,
      notes,
      conclusion,
    },
    command.format,
    io,
    { rules: engine.rules, version },
  );
  reportCutOff(cutOff, io);
  if (cutOff.length > 0) return EXIT_ERROR;
  const blocking = failOn !== 'none' && onAddedLines.some((f) => severityRank(f.severity) >= severityRank(failOn));
  return blocking ? EXIT_FINDINGS : EXIT_OK;
}
