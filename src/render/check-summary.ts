/** The check run's title and markdown summary. Pure. */
import type { FailOn } from '../config/config-schema.js';
import type { Finding, Severity } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';
import type { Conclusion } from '../review/conclusion.js';
import { MAX_CHECK_SUMMARY_CHARS, truncateWithNote } from './github-limits.js';
import { codeSpan, link, textWithCode } from './markdown-text.js';
import { SEVERITY_ICON } from './review-comment.js';

/** The summary lists findings; past these counts the annotations carry the rest. */
export const MAX_LISTED_ADDED = 50;
export const MAX_LISTED_OUTSIDE = 30;
export const MAX_LISTED_FILES = 50;
export const MAX_LISTED_MESSAGES = 30;

export interface LinkedFinding {
  readonly finding: Finding;
  /** The line on GitHub, at the reviewed commit. */
  readonly url: string;
  /** Why it is not an inline comment of this run, if it is not. */
  readonly notInline?: string;
}

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
  /** False when its absence loses nothing (removed, excluded, binary); counted as not analysed otherwise. */
  readonly incomplete?: boolean;
}

export interface CheckSummaryInput {
  readonly headSha: string;
  readonly conclusion: Conclusion;
  readonly failOn: FailOn;
  /**
   * Some changed Python file was not fully analysed (budget, heap, decoding, a
   * rule that threw, truncated file list): the title and summary say the review
   * is incomplete and never read like a pass.
   */
  readonly incomplete?: boolean;
  readonly filesAnalysed: number;
  readonly onAddedLines: readonly LinkedFinding[];
  readonly outsideDiff: readonly LinkedFinding[];
  /** On added lines, but the same rule on the same code stood in the base (moved, reformatted): not inline, not failing. */
  readonly preExisting?: readonly LinkedFinding[];
  readonly skippedFiles: readonly SkippedFile[];
  /** Things the reader should know about this run (no diff for a file, truncated file list, …). */
  readonly notes: readonly string[];
  readonly configWarnings: readonly string[];
  readonly ruleErrors: readonly string[];
  readonly posted: number;
  readonly alreadyPosted: number;
  readonly resolved: number;
}

export interface CheckOutput {
  readonly title: string;
  readonly summary: string;
}

const RECHECK_HINT = 'Comment `/recheck` on the pull request to run hunkwise again.';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function countBy(findings: readonly LinkedFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { low: 0, medium: 0, high: 0 };
  for (const f of findings) counts[f.finding.severity]++;
  return counts;
}

const bySeverityDesc = [...SEVERITIES].reverse();

/** Skipped files whose absence makes the review incomplete. */
function cutFiles(skippedFiles: readonly SkippedFile[]): number {
  return skippedFiles.filter((f) => f.incomplete !== false).length;
}

/** Plain text (GitHub shows a check title as is); only counts, nothing from the pull request. */
export function checkTitle(input: Pick<CheckSummaryInput, 'onAddedLines' | 'skippedFiles' | 'incomplete'>): string {
  const counts = countBy(input.onAddedLines);
  const parts = bySeverityDesc.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  const found = parts.length === 0 ? undefined : `${parts.join(', ')} on added lines`;
  if (input.incomplete === true) {
    const cut = cutFiles(input.skippedFiles);
    const what = cut > 0 ? `${plural(cut, 'file')} not analysed` : 'not every file was fully analysed';
    return `Review incomplete: ${what}${found === undefined ? '' : ` · ${found}`}`;
  }
  let title = found ?? 'No findings on added lines';
  if (input.skippedFiles.length > 0) title += ` · ${plural(input.skippedFiles.length, 'file')} not analysed`;
  return title;
}

function location(f: LinkedFinding): string {
  const { path, line, endLine } = f.finding;
  const lines = endLine > line ? `${line}-${endLine}` : `${line}`;
  return link(codeSpan(`${path}:${lines}`), f.url);
}

function findingItem(f: LinkedFinding): string {
  const note = f.notInline === undefined ? '' : ` _(not inline: ${textWithCode(f.notInline)})_`;
  return (
    `- ${SEVERITY_ICON[f.finding.severity]} **${textWithCode(f.finding.title)}** ${location(f)} · ${codeSpan(f.finding.ruleId)}${note}\n` +
    `  ${textWithCode(f.finding.message)}`
  );
}

function capped<T>(items: readonly T[], max: number, render: (t: T) => string, rest: (n: number) => string): string[] {
  const lines = items.slice(0, max).map(render);
  if (items.length > max) lines.push(rest(items.length - max));
  return lines;
}

export function renderCheckSummary(input: CheckSummaryInput): CheckOutput {
  const added = countBy(input.onAddedLines);
  const outside = countBy(input.outsideDiff);
  const out: string[] = [];

  const comments: string[] = [];
  if (input.posted > 0) comments.push(`${input.posted} posted as review comments`);
  if (input.alreadyPosted > 0) comments.push(`${input.alreadyPosted} commented before`);
  if (input.resolved > 0) comments.push(`${plural(input.resolved, 'earlier thread')} resolved as fixed`);
  out.push(
    `hunkwise reviewed ${plural(input.filesAnalysed, 'Python file')} at ${codeSpan(input.headSha.slice(0, 7))}: ` +
      `${plural(input.onAddedLines.length, 'finding')} on added lines` +
      (comments.length > 0 ? ` (${comments.join(', ')})` : '') +
      `, ${input.outsideDiff.length} in changed files outside the diff. ` +
      (input.failOn === 'none' ? 'This check is configured never to fail.' : `Fails on ${input.failOn} severity and above.`),
  );
  if (input.incomplete === true) {
    out.push(
      '**This review is incomplete:** some changed Python code was not fully analysed (see below), so this check does not pass ' +
        'and no earlier thread on those files is resolved as fixed.',
    );
  }

  out.push(
    [
      '| Severity | On added lines | In changed files, outside the diff |',
      '|---|---:|---:|',
      ...bySeverityDesc.map((s) => `| ${SEVERITY_ICON[s]} ${s} | ${added[s]} | ${outside[s]} |`),
    ].join('\n'),
  );

  if (input.onAddedLines.length > 0) {
    out.push(
      '### Findings on added lines',
      capped(input.onAddedLines, MAX_LISTED_ADDED, findingItem, (n) => `- …and ${n} more: see the annotations.`).join('\n'),
    );
  }
  if (input.outsideDiff.length > 0) {
    out.push(
      '### In changed files, outside the diff',
      'On lines this change does not add. The change may cause them (a new value reaching an old call) or they may predate it; GitHub accepts no review comment there.',
      capped(input.outsideDiff, MAX_LISTED_OUTSIDE, findingItem, (n) => `- …and ${n} more: see the annotations.`).join('\n'),
    );
  }
  const preExisting = input.preExisting ?? [];
  if (preExisting.length > 0) {
    out.push(
      '### Pre-existing, not introduced by this change',
      'The same rule fired on the same code (ignoring formatting) in the base version of a file this change touches: moved or reformatted code. Not commented on; it does not decide this check.',
      capped(preExisting, MAX_LISTED_OUTSIDE, findingItem, (n) => `- …and ${n} more: see the annotations.`).join('\n'),
    );
  }
  if (input.skippedFiles.length > 0) {
    // A list, not a table: a pipe or backslash in a path would split a table cell differently in each parser.
    out.push(
      '### Files not analysed',
      capped(
        input.skippedFiles,
        MAX_LISTED_FILES,
        (f) => `- ${codeSpan(f.path)}: ${textWithCode(f.reason)}`,
        (n) => `- …and ${n} more.`,
      ).join('\n'),
    );
  }
  const messages = (title: string, items: readonly string[]): void => {
    if (items.length === 0) return;
    out.push(
      title,
      capped(items, MAX_LISTED_MESSAGES, (m) => `- ${textWithCode(m)}`, (n) => `- …and ${n} more.`).join('\n'),
    );
  };
  messages('### Notes', input.notes);
  messages('### Configuration warnings', input.configWarnings);
  messages('### Rule errors', input.ruleErrors);
  out.push(`---\n${RECHECK_HINT}`);

  return {
    title: checkTitle(input),
    summary: truncateWithNote(
      out.join('\n\n'),
      MAX_CHECK_SUMMARY_CHARS,
      `_Summary shortened to GitHub’s limit of ${MAX_CHECK_SUMMARY_CHARS} characters; every finding is in the annotations._\n\n${RECHECK_HINT}`,
    ),
  };
}

export function renderInProgressOutput(): CheckOutput {
  return { title: 'Reviewing the Python files of this change…', summary: 'hunkwise is analysing the changed Python files.' };
}

export function renderSupersededOutput(reviewedSha: string): CheckOutput {
  return {
    title: 'superseded',
    summary: `The pull request has moved on from ${codeSpan(reviewedSha.slice(0, 7))}; hunkwise reviews the newest commit instead.`,
  };
}

export function renderDraftSkippedOutput(): CheckOutput {
  return {
    title: 'Draft pull request: not reviewed',
    summary:
      'This repository sets `review_drafts: false`. hunkwise will review the pull request when it is marked ready for review.\n\n' +
      RECHECK_HINT.replace('run hunkwise again', 'review it now'),
  };
}

export function renderCrashOutput(reason: string): CheckOutput {
  return {
    title: 'hunkwise could not finish this review',
    summary: truncateWithNote(
      `hunkwise stopped before finishing: ${textWithCode(reason)}\n\nNothing is wrong with your change because of this. ${RECHECK_HINT}`,
      MAX_CHECK_SUMMARY_CHARS,
      RECHECK_HINT,
    ),
  };
}

/** While the review waits for GitHub (an outage): fixed text, nothing from the pull request. */
export function renderWaitingForGitHubOutput(): CheckOutput {
  return {
    title: 'Waiting for GitHub, will retry',
    summary:
      'GitHub did not answer (an outage or a rate limit), so the review was put back in the queue and will run again shortly. ' +
      'Nothing needs doing on your side.',
  };
}

/** When the stranded-run sweeper closes a run no worker finished. */
export function renderStrandedOutput(): CheckOutput {
  return {
    title: 'hunkwise could not finish: comment /recheck to retry',
    summary:
      'This review did not finish in time (a worker stopped, or GitHub stayed unavailable through every retry), ' +
      'so hunkwise could not finish it. Comment `/recheck` on the pull request to retry.',
  };
}
