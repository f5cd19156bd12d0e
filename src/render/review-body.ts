/**
 * The body of the review that carries the inline comments: the verdict, as a
 * careful reviewer writes it (see seed-review.md). Pure.
 *
 *   **No defect found, 4 concerns.**   or   **2 defects to fix, 3 concerns.**
 *   1. one item per inline concern: its title, file and line ranges, and a
 *      one-line mitigation (defects first, then in file order)
 *   Plus 4 low-severity notes in the check run.   (not inline: counted, not listed)
 *   [Full report in the check run](…)
 *
 * A defect is a finding at or above the repository's `fail_on` (what fails the
 * check), and any high finding even when `fail_on` is `none`; every other
 * finding is a concern. Titles, paths and rule text are pull-request text and
 * go through markdown-text.ts.
 */
import type { FailOn } from '../config/config-schema.js';
import type { Rule } from '../engine/rule-schema.js';
import { severityRank, type Severity } from '../engine/types.js';
import { describeLines, type Concern } from '../review/group-concerns.js';
import { MAX_COMMENT_BODY_CHARS, truncateWithNote } from './github-limits.js';
import { codeSpan, link, textWithCode } from './markdown-text.js';
import { SEVERITY_ICON } from './review-comment.js';
import { firstSentence } from './rule-prose.js';

/** A mitigation is one line of the list; longer text belongs in the comment's details. */
export const MAX_MITIGATION_CHARS = 200;

export interface ReviewBodyInput {
  /** The concerns this review comments on inline. */
  readonly concerns: readonly Concern[];
  /**
   * New findings on added lines that are not inline comments (hygiene, over the
   * comment cap, outside the diff GitHub shows, refused by GitHub): counted, not listed.
   */
  readonly notInline: readonly { readonly severity: Severity }[];
  readonly failOn: FailOn;
  readonly ruleFor: (ruleId: string) => Rule | undefined;
  readonly checkUrl: string;
}

/** At or above `fail_on`, or high: a defect to fix rather than a concern to weigh. */
export function isDefect(severity: Severity, failOn: FailOn): boolean {
  return severity === 'high' || (failOn !== 'none' && severityRank(severity) >= severityRank(failOn));
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function verdictLine(defects: number, concerns: number): string {
  const concernText = concerns === 0 ? 'no concerns' : plural(concerns, 'concern', 'concerns');
  const defectText = defects === 0 ? 'No defect found' : `${plural(defects, 'defect', 'defects')} to fix`;
  return `${defectText}, ${concernText}`;
}

/** The rule's own one-liner, else the first sentence of its fix. */
export function mitigationOf(rule: Rule | undefined): string | undefined {
  if (rule === undefined) return undefined;
  const text = rule.mitigation ?? firstSentence(rule.fix, MAX_MITIGATION_CHARS);
  return text.trim() === '' ? undefined : text;
}

function item(n: number, concern: Concern, ruleFor: ReviewBodyInput['ruleFor']): string {
  const lead = concern.candidates[0].finding;
  const more = concern.candidates.length - 1;
  const rules = new Set(concern.candidates.map((c) => c.finding.ruleId));
  // Several rules on one statement: the lead names the concern, the count says there is more.
  const extra = rules.size > 1 ? ` and ${plural(more, 'more finding', 'more findings')} on this statement` : '';
  const where = `${codeSpan(concern.path)} ${describeLines(concern.ranges)}`;
  const mitigation = mitigationOf(ruleFor(lead.ruleId));
  const first = `${n}. ${SEVERITY_ICON[lead.severity]} **${textWithCode(lead.title)}**${extra}: ${where}`;
  // The continuation line is indented into the item; GitHub shows it on its own line.
  return mitigation === undefined ? first : `${first}\n   ${textWithCode(mitigation)}`;
}

export function renderReviewBody(input: ReviewBodyInput): string {
  const defectsFirst = [...input.concerns].sort(
    (a, b) =>
      Number(isDefect(b.candidates[0].finding.severity, input.failOn)) -
        Number(isDefect(a.candidates[0].finding.severity, input.failOn)) ||
      a.path.localeCompare(b.path) ||
      a.ranges[0].line - b.ranges[0].line,
  );
  const listedDefects = defectsFirst.filter((c) => isDefect(c.candidates[0].finding.severity, input.failOn)).length;
  const hiddenDefects = input.notInline.filter((f) => isDefect(f.severity, input.failOn)).length;
  const parts = [`**${verdictLine(listedDefects + hiddenDefects, defectsFirst.length - listedDefects)}.**`];
  if (defectsFirst.length > 0) parts.push(defectsFirst.map((c, i) => item(i + 1, c, input.ruleFor)).join('\n'));

  const n = input.notInline.length;
  if (n > 0) {
    const lowOnly = hiddenDefects === 0 && input.notInline.every((f) => f.severity === 'low');
    const defects = hiddenDefects === 0 ? '' : `, ${hiddenDefects === 1 ? '1 of them a defect' : `${hiddenDefects} of them defects`}`;
    parts.push(
      lowOnly
        ? `Plus ${plural(n, 'low-severity note', 'low-severity notes')} in the check run.`
        : `Plus ${plural(n, 'more finding', 'more findings')} in the check run${defects}.`,
    );
  }
  const tail = `\n\n${link('Full report in the check run', input.checkUrl)}.`;
  // Thirty items of a line or two fit easily; a limit of our own keeps it certain.
  return truncateWithNote(parts.join('\n\n'), MAX_COMMENT_BODY_CHARS, '_(list shortened; the check run has every finding)_', tail);
}
