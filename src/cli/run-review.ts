/**
 * `hunkwise review`: the local equivalent of the App's pull request review. The files are
 * scanned whole at the head commit, then filtered by the diff with the App's own filter,
 * so only findings on added lines are reported.
 */
import type { Engine } from '../engine/engine-api.js';
import { SCAN_OPTIONS } from './emit-report.js';
import type { Finding, ScanError, Severity } from '../engine/types.js';
import { classifyFindings, parseUnifiedDiff } from '../diff/index.js';
import type { CliIo } from './cli-io.js';
import { emitReport, exitCodeFor } from './emit-report.js';
import { Git, GitError } from './git.js';
import { UsageError, type OutputFormat } from './parse-command-line.js';
import { plural, reviewConclusion } from './review-conclusion.js';

export interface ReviewCommand {
  readonly base: string | undefined;
  readonly head: string;
  readonly format: OutputFormat;
  readonly failOn: Severity;
}

export function isReviewedPath(path: string): boolean {
  return path.endsWith('.py') || path.endsWith('.pyi');
}

const short = (sha: string): string => sha.slice(0, 7);

export async function runReview(
  command: ReviewCommand,
  io: CliIo,
  engine: Engine,
  version: string,
): Promise<number> {
  const git = new Git(io.cwd, io.env);
  try {
    await git.repoRoot();
  } catch (error) {
    throw error instanceof GitError ? new UsageError(`review: ${error.message}`) : error;
  }
  const headSha = await git.resolveCommit(command.head);
  if (headSha === undefined) throw new UsageError(`review: --head ${command.head} does not name a commit`);

  let baseLabel: string;
  let baseSha: string | undefined;
  if (command.base !== undefined) {
    baseLabel = command.base;
    baseSha = await git.resolveCommit(command.base);
    if (baseSha === undefined) throw new UsageError(`review: --base ${command.base} does not name a commit`);
  } else {
    const branch = await git.defaultBranch();
    if (branch === undefined) {
      throw new UsageError('review: no --base given, and there is no origin/HEAD, main or master to compare with');
    }
    baseLabel = `merge base with ${branch}`;
    baseSha = await git.mergeBase(branch, headSha);
    if (baseSha === undefined) throw new UsageError(`review: ${branch} and ${command.head} have no common ancestor`);
  }
  const mergeBase = await git.mergeBase(baseSha, headSha);
  if (mergeBase === undefined) throw new UsageError(`review: ${baseLabel} and ${command.head} have no common ancestor`);

  const patches = parseUnifiedDiff(await git.diff(baseSha, headSha)).flatMap((p) =>
    p.newPath !== null && p.status !== 'removed' && isReviewedPath(p.newPath) ? [{ ...p, newPath: p.newPath }] : [],
  );
  const paths = patches.map((p) => p.newPath);
  const contents = await git.readFiles(headSha, paths);

  const onAddedLines: Finding[] = [];
  let notOnAddedLines = 0;
  const errors: ScanError[] = [];
  const notAnalysed: string[] = [];
  const sources = new Map<string, string>();
  const decoder = new TextDecoder('utf-8');
  for (const patch of patches) {
    const path = patch.newPath;
    const content = contents.get(path);
    if (content === undefined) {
      errors.push({ path, kind: 'io', message: `not a regular file at ${short(headSha)}` });
      notAnalysed.push(path);
      continue;
    }
    const result = engine.scanFile(path, content, SCAN_OPTIONS);
    errors.push(...result.errors);
    if (!result.analysed) notAnalysed.push(path);
    // A file without a textual patch is still analysed; nothing in it is on an added line.
    const classified = classifyFindings(result.findings, patch.binary ? null : patch.hunks);
    onAddedLines.push(...classified.onAddedLines);
    notOnAddedLines += classified.inContext.length + classified.elsewhere.length;
    if (classified.onAddedLines.length > 0 && command.format === 'text') sources.set(path, decoder.decode(content));
  }

  const conclusion = reviewConclusion(onAddedLines, notAnalysed.length, command.failOn);
  const notes =
    notOnAddedLines > 0
      ? [
          `${plural(notOnAddedLines, 'other finding')} in the changed files ${notOnAddedLines === 1 ? 'is' : 'are'} not on added lines ` +
            '(the App lists those in the check summary, not as review comments).',
        ]
      : [];
  emitReport(
    {
      heading: `hunkwise review of ${short(mergeBase)}...${short(headSha)} (${baseLabel}): ${plural(paths.length, 'changed Python file')}`,
      findings: onAddedLines,
      errors,
      notAnalysed,
      filesScanned: paths.length,
      sources,
      notes,
      conclusion,
    },
    command.format,
    io,
    { rules: engine.rules, version },
  );
  return exitCodeFor(onAddedLines, command.failOn);
}
