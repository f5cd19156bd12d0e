/**
 * The one review pipeline, from changed files to a planned review: select the
 * Python files, read and scan them whole at the head (engine runner), classify
 * each finding against the diff, set aside findings the base already had
 * (moved or reformatted code), decide the conclusion and plan the comments.
 *
 * The GitHub App's job and `hunkwise review` both call it; each is only a
 * "change source" that reads files its own way (GitHub's API, git). This module
 * does no I/O of its own: it calls the source's readers and the runner it is given.
 */
import { classifyPath, isTestPath } from '../config/classify-path.js';
import type { FailOn } from '../config/config-schema.js';
import type { ResolvedConfiguration } from '../config/resolve-configuration.js';
import { anchorFor, classifyFindings, parsePatch, type Hunk, type ReviewAnchor } from '../diff/index.js';
import { asFileResult, type EngineRunner, type FileOutcome, type RunOptions, type SourceFile } from '../engine-pool/engine-runner.js';
import type { Finding, ScanError } from '../engine/types.js';
import { decideConclusion, type Conclusion } from './conclusion.js';
import { fingerprintFindings } from './fingerprint.js';
import { planReview, type Candidate, type PostedThread, type ReviewPlan } from './plan-review.js';
import { splitPreExisting } from './pre-existing.js';

export type ChangeStatus = 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';

export interface ChangedFileInput {
  readonly path: string;
  readonly status: ChangeStatus;
  /** The path in the base for a renamed or copied file. */
  readonly previousPath?: string;
  /** The diff as parsed hunks (git) … */
  readonly hunks?: readonly Hunk[];
  /** … or as GitHub's patch text. Neither: the diff is unknown (too large, binary). */
  readonly patch?: string;
}

/** One file as a change source read it. */
export type ReadFile =
  | { readonly kind: 'content'; readonly content: string | Uint8Array }
  | { readonly kind: 'binary' }
  | { readonly kind: 'too-large'; readonly byteSize: number }
  | { readonly kind: 'error'; readonly message: string };

export interface ChangeSource<F extends ChangedFileInput = ChangedFileInput> {
  /** Every file the change touches, Python or not (the paths decide which are reviewed). */
  readonly files: readonly F[];
  /** Set when the list stopped at a ceiling (GitHub lists 3000 files): the sentence for the summary. */
  readonly truncated?: string;
  /** The sentence for a changed file with findings whose diff is unknown (GitHub: too large; git: binary). */
  noDiffNote(path: string): string;
  /** Files read per call: only one batch of contents is held at a time. */
  readonly batchSize: number;
  /** Head contents, one result per file, same order. */
  readHead(files: readonly F[]): Promise<readonly ReadFile[]>;
  /**
   * Base contents (the version the change started from), one result per path, same order.
   * Called only when some finding lands on an added line, for the move-aware filter.
   */
  readBase(paths: readonly string[]): Promise<readonly ReadFile[]>;
  /** Threads earlier runs posted, read right before planning (the App); none for the command line. */
  postedThreads(): Promise<readonly PostedThread[]>;
}

export interface ReviewChangeInput<F extends ChangedFileInput = ChangedFileInput> {
  readonly source: ChangeSource<F>;
  readonly configuration: ResolvedConfiguration;
  /** Runs the engine (its threads hold each file's deadline); the repository's rules go with each call. */
  readonly runner: Pick<EngineRunner, 'scanFiles'>;
  /** When the engine time of the whole review runs out, on `clock`. */
  readonly deadline: number;
  readonly clock?: () => number;
  /** Replaces the configuration's `fail_on` (the command line's --fail-on). */
  readonly failOn?: FailOn;
}

/** A file not (fully) analysed, and whether its absence makes the analysis incomplete. */
export interface SkippedReport {
  readonly path: string;
  readonly reason: string;
  readonly incomplete: boolean;
}

export interface ReviewedChange {
  /** Python files the change adds or modifies that are reviewed (not removed, not excluded). */
  readonly reviewedPaths: readonly string[];
  /** Changed Python files matched by `exclude`. */
  readonly excluded: number;
  /** Files the engine analysed (whole or in part). */
  readonly filesAnalysed: number;
  /** Findings on added lines that this change introduced. */
  readonly onAddedLines: readonly Candidate[];
  /** On added lines, but the same rule on the same code stood in the base (moved, reformatted). */
  readonly preExisting: readonly Finding[];
  /** In changed files, on lines the change did not add. */
  readonly outsideDiff: readonly Finding[];
  readonly skipped: readonly SkippedReport[];
  /** Paths not analysed at all (read failure, binary, too large, cut off). */
  readonly notAnalysed: readonly string[];
  /** Paths the runner cut off (time, memory, a crash): the command line exits 2 for them. */
  readonly cutOff: readonly string[];
  /** The engine's errors, and read failures as errors, for the command line's outputs. */
  readonly scanErrors: readonly ScanError[];
  /** Rules that threw, one sentence each. */
  readonly ruleErrors: readonly string[];
  readonly notes: readonly string[];
  /** Files whose analysis (or diff) is missing: the review cannot vouch for them. */
  readonly incompleteFiles: number;
  readonly incomplete: boolean;
  readonly failOn: FailOn;
  readonly conclusion: Conclusion;
  readonly plan: ReviewPlan;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

interface ScannedFile {
  readonly file: ChangedFileInput;
  readonly findings: readonly Finding[];
  /** Analysed whole, without error: only then may a thread on it be resolved as fixed. */
  readonly complete: boolean;
}

interface Collected {
  readonly scanned: ScannedFile[];
  readonly skipped: SkippedReport[];
  readonly notAnalysed: string[];
  readonly cutOff: string[];
  readonly scanErrors: ScanError[];
  readonly ruleErrors: string[];
}

function runOptions(input: ReviewChangeInput<ChangedFileInput>): RunOptions {
  const { config, repositoryRules } = input.configuration;
  const clock = input.clock ?? Date.now;
  return {
    extraRules: repositoryRules,
    maxBytes: config.max_file_bytes,
    timeBudgetMs: Math.max(0, input.deadline - clock()),
    reportUnusedSuppressions: config.report_unused_suppressions ?? 'hunkwise',
  };
}

function sourceFile(path: string, content: string | Uint8Array, input: ReviewChangeInput<ChangedFileInput>): SourceFile {
  return { path, content, isTest: isTestPath(path, input.configuration.config) };
}

function unreadReason(read: Exclude<ReadFile, { kind: 'content' }>, maxBytes: number): SkippedReport & { kind: ScanError['kind'] } {
  switch (read.kind) {
    case 'binary':
      return { path: '', reason: 'binary file', incomplete: false, kind: 'binary' };
    case 'too-large':
      return { path: '', reason: `${read.byteSize} bytes, over \`max_file_bytes\` (${maxBytes})`, incomplete: true, kind: 'too-large' };
    case 'error':
      return { path: '', reason: read.message, incomplete: true, kind: 'io' };
  }
}

/** Reads and scans one batch of head files, the App's and the command line's rules for a gap alike. */
async function scanBatch<F extends ChangedFileInput>(input: ReviewChangeInput<F>, files: readonly F[], into: Collected): Promise<void> {
  const { configuration } = input;
  const reads = await input.source.readHead(files);
  const toScan: { file: F; content: string | Uint8Array }[] = [];
  reads.forEach((read, i) => {
    const file = files[i];
    if (read.kind === 'content') {
      toScan.push({ file, content: read.content });
      return;
    }
    const { kind, reason, incomplete } = unreadReason(read, configuration.config.max_file_bytes);
    into.skipped.push({ path: file.path, reason, incomplete });
    into.notAnalysed.push(file.path);
    into.scanErrors.push({ path: file.path, kind, message: reason });
  });
  if (toScan.length === 0) return;
  const outcomes: FileOutcome[] = await input.runner.scanFiles(
    toScan.map(({ file, content }) => sourceFile(file.path, content, input)),
    runOptions(input),
  );
  outcomes.forEach((outcome, i) => {
    const { file } = toScan[i];
    if (outcome.kind === 'not-analysed') {
      into.skipped.push({ path: file.path, reason: outcome.message, incomplete: true });
      into.notAnalysed.push(file.path);
      into.cutOff.push(file.path);
      into.scanErrors.push(...asFileResult(outcome).errors);
      return;
    }
    const result = outcome.result;
    into.scanErrors.push(...result.errors);
    for (const e of result.errors) {
      if (e.kind === 'rule') {
        into.ruleErrors.push(`\`${e.ruleId ?? 'unknown rule'}\` failed on ${e.path}${e.line === undefined ? '' : `:${e.line}`}: ${e.message}`);
      }
    }
    const problem = result.errors.find((e) => e.kind !== 'rule');
    if (!result.analysed) {
      // A binary file is skipped on purpose; anything else unanalysed leaves a gap.
      into.skipped.push({ path: file.path, reason: problem?.message ?? 'could not be analysed', incomplete: problem?.kind !== 'binary' });
      into.notAnalysed.push(file.path);
      return;
    }
    if (problem !== undefined) {
      // Analysed in part (a syntax error, a timeout): findings may be missing.
      into.skipped.push({ path: file.path, reason: `partly analysed: ${problem.message}`, incomplete: true });
    } else if (result.errors.length > 0) {
      // A rule that threw saw nothing of this file: its findings may be missing.
      into.skipped.push({ path: file.path, reason: 'partly analysed: a rule failed on this file (see the rule errors)', incomplete: true });
    }
    const findings = result.findings
      .map((f) => configuration.policy.apply(f))
      .filter((f): f is Finding => f !== null);
    into.scanned.push({ file, findings, complete: result.errors.length === 0 });
  });
}

interface ClassifiedFile {
  readonly onAddedLines: readonly Candidate[];
  readonly outsideDiff: readonly Finding[];
  readonly fingerprints: readonly string[];
  /** Findings in a changed file whose diff is unknown: nobody can tell whether the change added them. */
  readonly diffUnknown: boolean;
}

function hunksOf(file: ChangedFileInput, notes: string[]): readonly Hunk[] | null {
  if (file.hunks !== undefined) return file.hunks;
  if (file.patch === undefined) return null;
  try {
    return parsePatch(file.patch);
  } catch (error) {
    notes.push(`Could not read the diff of \`${file.path}\` (${errorText(error)}); its findings are listed here only.`);
    return null;
  }
}

function sameRange(anchor: ReviewAnchor, line: number, endLine: number): boolean {
  return (anchor.startLine ?? anchor.line) === line && anchor.line === endLine;
}

function classifyAgainstDiff({ file, findings }: ScannedFile, notes: string[], noDiffNote: (path: string) => string): ClassifiedFile {
  const fingerprinted = fingerprintFindings(findings);
  const byFinding = new Map(fingerprinted.map((f) => [f.finding, f.fingerprint]));
  const hunks = hunksOf(file, notes);
  const diffUnknown = hunks === null && file.status !== 'added' && findings.length > 0;
  if (diffUnknown && file.patch === undefined && file.hunks === undefined) notes.push(noDiffNote(file.path));
  // A new file without a patch is still all added lines; it just cannot carry comments.
  const classified =
    hunks === null && file.status === 'added'
      ? { onAddedLines: [...findings], inContext: [], elsewhere: [] }
      : classifyFindings(findings, hunks);
  const onAddedLines = classified.onAddedLines.map((finding): Candidate => {
    const fingerprint = byFinding.get(finding) ?? '';
    const fix = finding.fix;
    if (fix !== undefined) {
      const fixAnchor = anchorFor(hunks, fix.line, fix.endLine);
      if (fixAnchor !== null && sameRange(fixAnchor, fix.line, fix.endLine)) {
        return { finding, fingerprint, anchor: fixAnchor, suggestion: true };
      }
    }
    return { finding, fingerprint, anchor: anchorFor(hunks, finding.line, finding.endLine), suggestion: false };
  });
  return {
    onAddedLines,
    outsideDiff: [...classified.inContext, ...classified.elsewhere],
    fingerprints: fingerprinted.map((f) => f.fingerprint),
    diffUnknown,
  };
}

/**
 * The findings of the base versions of the touched files (policy not applied: the
 * comparison is about code, not grading). Bounded as the head: the same file size
 * limit, batches, and the review's engine deadline; a base version that cannot be
 * read or analysed vouches for nothing, so its moved findings read as new.
 */
async function scanBase(input: ReviewChangeInput<ChangedFileInput>, paths: readonly string[], notes: string[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  let unread = 0;
  for (let i = 0; i < paths.length; i += input.source.batchSize) {
    const batch = paths.slice(i, i + input.source.batchSize);
    const reads = await input.source.readBase(batch);
    const toScan: SourceFile[] = [];
    reads.forEach((read, j) => {
      if (read.kind === 'content') toScan.push(sourceFile(batch[j], read.content, input));
      else if (read.kind !== 'binary') unread++;
    });
    if (toScan.length === 0) continue;
    const outcomes = await input.runner.scanFiles(toScan, runOptions(input));
    for (const outcome of outcomes) {
      if (outcome.kind === 'scanned' && outcome.result.analysed) findings.push(...outcome.result.findings);
      if (outcome.kind === 'not-analysed' || outcome.result.errors.some((e) => e.kind !== 'binary')) unread++;
    }
  }
  if (unread > 0) {
    notes.push(
      `${unread} base ${unread === 1 ? 'version' : 'versions'} of touched files could not be fully analysed; ` +
        'a finding moved from there may be listed as new.',
    );
  }
  return findings;
}

/** The paths, in the base, of the Python files the change modifies, renames, copies or removes. */
function basePathsOf(files: readonly ChangedFileInput[], input: ReviewChangeInput<ChangedFileInput>): string[] {
  const paths = new Set<string>();
  for (const f of files) {
    if (f.status === 'added') continue;
    const path = f.previousPath ?? f.path;
    if (classifyPath(path, input.configuration.config) !== 'other') paths.add(path);
  }
  return [...paths];
}

export async function reviewChange<F extends ChangedFileInput>(input: ReviewChangeInput<F>): Promise<ReviewedChange> {
  const { source, configuration } = input;
  const { config } = configuration;
  const failOn = input.failOn ?? config.fail_on;
  const notes: string[] = [];
  const collected: Collected = { scanned: [], skipped: [], notAnalysed: [], cutOff: [], scanErrors: [], ruleErrors: [] };

  // Which files: Python by path, not removed, not excluded.
  const toReview: F[] = [];
  let excluded = 0;
  for (const file of source.files) {
    const kind = classifyPath(file.path, config);
    if (kind === 'other') continue;
    if (file.status === 'removed') {
      collected.skipped.push({ path: file.path, reason: 'removed by this change', incomplete: false });
    } else if (kind === 'excluded') {
      excluded++;
      collected.skipped.push({ path: file.path, reason: 'excluded by `exclude`', incomplete: false });
    } else {
      toReview.push(file);
    }
  }

  // Read and scan the head a batch at a time: 3000 one-megabyte files never sit in memory at once.
  for (let i = 0; i < toReview.length; i += source.batchSize) {
    await scanBatch(input, toReview.slice(i, i + source.batchSize), collected);
  }

  const classified = collected.scanned.map((s) => classifyAgainstDiff(s, notes, (path) => source.noDiffNote(path)));
  const candidates = classified.flatMap((c) => c.onAddedLines);
  const outsideDiff = classified.flatMap((c) => c.outsideDiff);

  // Move-aware: only when something would be reported, the touched files' base versions are scanned too.
  let introduced = candidates;
  let preExisting: Candidate[] = [];
  const basePaths = candidates.length > 0 ? basePathsOf(source.files, input) : [];
  if (basePaths.length > 0) {
    const base = await scanBase(input, basePaths, notes);
    ({ introduced, preExisting } = splitPreExisting({ onAddedLines: candidates, findingOf: (c) => c.finding, untouched: outsideDiff, base }));
  }

  if (source.truncated !== undefined) notes.unshift(source.truncated);
  const incompleteFiles = collected.skipped.filter((s) => s.incomplete).length + classified.filter((c) => c.diffUnknown).length;
  const incomplete = source.truncated !== undefined || incompleteFiles > 0;
  const conclusion = decideConclusion({ onAddedLines: introduced.map((c) => c.finding), failOn, incomplete });

  // Read the markers right before planning: what an earlier (or racing) run posted is never posted again.
  const postedThreads = await source.postedThreads();
  const plan = planReview({
    onAddedLines: introduced,
    currentFingerprints: new Set(classified.flatMap((c) => c.fingerprints)),
    postedThreads,
    // Only a file analysed whole can show that a finding is gone: a thread on any other stays open.
    analysedPaths: new Set(collected.scanned.filter((s) => s.complete).map((s) => s.file.path)),
    changedPaths: new Set(source.files.map((f) => f.path)),
    maxComments: config.max_comments,
  });

  return {
    reviewedPaths: toReview.map((f) => f.path),
    excluded,
    filesAnalysed: collected.scanned.length,
    onAddedLines: introduced,
    preExisting: preExisting.map((c) => c.finding),
    outsideDiff,
    skipped: collected.skipped,
    notAnalysed: collected.notAnalysed,
    cutOff: collected.cutOff,
    scanErrors: collected.scanErrors,
    ruleErrors: collected.ruleErrors,
    notes,
    incompleteFiles,
    incomplete,
    failOn,
    conclusion,
    plan,
  };
}
