/**
 * The job summary (GITHUB_STEP_SUMMARY): a verdict line, then the findings on added
 * lines and the files not analysed. Paths, messages and rule ids come from the pull
 * request (or its repository's rules), so each goes through render/markdown-text.
 * Pure.
 */
import type { FailOn } from '../config/config-schema.js';
import { severityRank } from '../engine/types.js';
import type { JsonFinding } from '../render/json.js';
import { truncateWithNote } from '../render/github-limits.js';
import { codeSpan, encodePathSegments, inlineText, link, textWithCode } from '../render/markdown-text.js';
import type { Conclusion } from '../review/conclusion.js';

/**
 * GitHub takes at most 1 MiB of summary per step. A UTF-16 code unit is at most 3 bytes
 * of UTF-8, so this many characters always fit, with room for the note.
 */
export const MAX_SUMMARY_CHARS = 340_000;
/** Past this the list is noise; the SARIF upload and the annotations carry the rest. */
export const MAX_SUMMARY_FINDINGS = 500;
export const MAX_SUMMARY_ERRORS = 100;

export type ActionConclusion = Conclusion | 'error';

/** A file not (fully) analysed, as `--format json` lists it; `kind` is kept open so a new kind still shows. */
export interface SummaryError {
  readonly path: string;
  readonly kind: string;
  readonly message: string;
  readonly line?: number;
}

export interface SummaryInput {
  readonly pullNumber: number;
  readonly mergeRange: string;
  readonly failOn: FailOn;
  readonly conclusion: ActionConclusion;
  /** On added lines, already limited to `paths`. */
  readonly findings: readonly JsonFinding[];
  readonly errors: readonly SummaryError[];
  readonly paths: readonly string[];
  /** Why the review is incomplete or failed, in our words (may quote input). */
  readonly problem?: string;
  /** `https://github.com/owner/repo/blob/<head>`: findings link to their line when known. */
  readonly blobUrl?: string;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function blockingCount(findings: readonly JsonFinding[], failOn: FailOn): number {
  if (failOn === 'none') return 0;
  return findings.filter((f) => severityRank(f.severity) >= severityRank(failOn)).length;
}

function verdict(input: SummaryInput): string {
  const blocking = blockingCount(input.findings, input.failOn);
  switch (input.conclusion) {
    case 'failure':
      return `:x: **hunkwise: ${plural(blocking, 'finding')} at or above ${input.failOn} on added lines**`;
    case 'error':
      return ':warning: **hunkwise could not complete the review**';
    case 'neutral':
      return input.findings.length > 0
        ? `:warning: **hunkwise: ${plural(input.findings.length, 'finding')} on added lines, none at or above ${input.failOn}**`
        : ':warning: **hunkwise: no findings on added lines, but some files were not fully analysed**';
    case 'success':
      return ':white_check_mark: **hunkwise: no findings on added lines**';
  }
}

function findingLine(f: JsonFinding, blobUrl: string | undefined): string {
  const where = codeSpan(`${f.path}:${f.line}`);
  const place = blobUrl === undefined ? where : link(where, `${blobUrl}/${encodePathSegments(f.path)}#L${f.line}`);
  const cwe = f.cwe.length > 0 ? `, ${f.cwe.map((c) => (/^CWE-/.test(c) ? c : `CWE-${c}`)).join(', ')}` : '';
  return `- **${f.severity}** ${place}: ${textWithCode(f.message)} (${codeSpan(f.ruleId)}${textWithCode(cwe)})`;
}

function bySeverityThenPlace(a: JsonFinding, b: JsonFinding): number {
  return severityRank(b.severity) - severityRank(a.severity) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line;
}

export function renderJobSummary(input: SummaryInput): string {
  const out: string[] = [verdict(input), ''];
  out.push(
    `Pull request #${input.pullNumber}, changes ${codeSpan(input.mergeRange)}; fail-on: ${codeSpan(input.failOn)}.` +
      (input.paths.length > 0 ? ` Only files matching ${input.paths.map(codeSpan).join(', ')} are reported.` : ''),
  );
  if (input.problem !== undefined) out.push('', textWithCode(input.problem));

  if (input.findings.length > 0) {
    out.push('', `#### Findings on added lines (${input.findings.length})`, '');
    const sorted = [...input.findings].sort(bySeverityThenPlace);
    for (const f of sorted.slice(0, MAX_SUMMARY_FINDINGS)) out.push(findingLine(f, input.blobUrl));
    if (sorted.length > MAX_SUMMARY_FINDINGS) {
      out.push('', `${plural(sorted.length - MAX_SUMMARY_FINDINGS, 'more finding')} not listed here; see the SARIF results.`);
    }
  }
  if (input.errors.length > 0) {
    out.push('', `#### Not fully analysed (${input.errors.length})`, '');
    for (const e of input.errors.slice(0, MAX_SUMMARY_ERRORS)) {
      out.push(`- ${codeSpan(e.line === undefined ? e.path : `${e.path}:${e.line}`)} (${inlineText(e.kind)}): ${textWithCode(e.message)}`);
    }
    if (input.errors.length > MAX_SUMMARY_ERRORS) out.push('', `${plural(input.errors.length - MAX_SUMMARY_ERRORS, 'more')} not listed.`);
  }
  return truncateWithNote(`${out.join('\n')}\n`, MAX_SUMMARY_CHARS, '*The summary was cut here to fit GitHub\'s limit.*\n');
}

/** When there was no review at all: the reason, which says what to change. */
export function renderErrorSummary(message: string): string {
  return `:warning: **hunkwise could not review this pull request**\n\n${textWithCode(message)}\n`;
}
