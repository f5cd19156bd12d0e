/**
 * The markdown of one inline review comment: one concern, which may merge
 * several findings (see groupConcerns). Pure.
 *
 * It reads like a reviewer's note: the title, one specific sentence (what, and
 * where the data comes from: the finding's message), the other places or
 * findings it covers, the suggestion; the rule's longer "why it matters" and
 * "how to fix" fold into a `<details>` block; the facts (severity, rule, CWE)
 * and how to silence it close it in small print.
 */
import type { Rule } from '../engine/rule-schema.js';
import type { Finding, Severity } from '../engine/types.js';
import type { Candidate } from '../review/candidate.js';
import { fingerprintMarker } from '../review/fingerprint.js';
import { describeLines, groupConcerns, type Concern, type LineRange } from '../review/group-concerns.js';
import { MAX_COMMENT_BODY_CHARS, truncateWithNote } from './github-limits.js';
import { codeBlock, codeSpan, inlineText, link, textWithCode } from './markdown-text.js';
import { ruleProse } from './rule-prose.js';

export const SEVERITY_ICON: Readonly<Record<Severity, string>> = { high: '🔴', medium: '🟠', low: '🟡' };

/** Said when a comment had to be cut; the check run keeps every finding whole. */
const SHORTENED_NOTE = '_(comment shortened to fit GitHub’s limit; the check run has the full finding)_';
/**
 * Below this much room the explanation is not worth keeping in part: the
 * comment drops it whole and keeps what is specific to the code.
 */
const MIN_DETAILS_CHARS = 500;

export interface ConcernCommentInput {
  readonly concern: Concern;
  /** The rule behind a finding, for why/how; undefined only if the rule set changed under us. */
  readonly ruleFor: (ruleId: string) => Rule | undefined;
  /** Where a rule is documented; undefined for a repository's own rules. */
  readonly docsUrlFor: (ruleId: string) => string | undefined;
  /**
   * The comment spans exactly the lines of the anchor finding's fix, so a
   * ```suggestion replaces the right lines. Otherwise the fix is shown as plain code.
   */
  readonly suggestion: boolean;
}

/** One finding alone, as before concerns: a concern of one. */
export interface ReviewCommentInput {
  readonly finding: Finding;
  readonly rule?: Rule;
  readonly fingerprint: string;
  readonly docsUrl?: string;
  readonly suggestion: boolean;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The statement (one of the concern's ranges) a finding belongs to. */
function statementOf(concern: Concern, f: Finding): LineRange | undefined {
  return concern.ranges.find((r) => r.line <= f.line && f.line <= r.endLine);
}

/** The distinct rules of a concern's findings, most important first. */
function rulesOf(candidates: readonly Candidate[]): string[] {
  return [...new Set(candidates.map((c) => c.finding.ruleId))];
}

/**
 * What a message says about its place: the part before its first `; ` outside
 * code. Rule messages say what and where from first, then the advice, which
 * one rule repeats at every place.
 */
export function firstClause(message: string): string {
  let inCode = 0;
  for (let i = 0; i < message.length; i++) {
    if (message[i] === '`') {
      let j = i;
      while (message[j] === '`') j++;
      if (inCode === 0) inCode = j - i;
      else if (j - i === inCode) inCode = 0;
      i = j - 1;
    } else if (inCode === 0 && message[i] === ';' && message[i + 1] === ' ') {
      return message.slice(0, i);
    }
  }
  return message;
}

/** "Also lines 75, 78." or, when the places differ in what they say, one line each. */
function elsewhereText(anchor: Finding, others: readonly Finding[]): string | undefined {
  if (others.length === 0) return undefined;
  const sorted = [...others].sort((a, b) => a.line - b.line || a.column - b.column);
  const rangeOf = (f: Finding): LineRange => ({ line: f.line, endLine: Math.max(f.line, f.endLine) });
  const said = firstClause(anchor.message);
  if (sorted.every((f) => firstClause(f.message) === said)) return `Also ${describeLines(dedupeRanges(sorted.map(rangeOf)))}.`;
  return ['Also:', ...sorted.map((f) => `- ${describeLines([rangeOf(f)])}: ${textWithCode(firstClause(f.message))}`)].join('\n');
}

function dedupeRanges<R extends { line: number; endLine: number }>(ranges: readonly R[]): R[] {
  const seen = new Set<string>();
  return ranges.filter((r) => {
    const key = `${r.line}-${r.endLine}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The other findings on the anchor's statement, each named with its own sentence. */
function sameStatementText(others: readonly Finding[]): string | undefined {
  if (others.length === 0) return undefined;
  return [
    'Also on this statement:',
    ...others.map((f) => `- ${SEVERITY_ICON[f.severity]} **${textWithCode(f.title)}**: ${textWithCode(f.message)}`),
  ].join('\n');
}

function fixText(finding: Finding, suggestion: boolean): string | undefined {
  const fix = finding.fix;
  if (fix === undefined) return undefined;
  return suggestion
    ? codeBlock(fix.replacement, 'suggestion')
    : `Possible change for lines ${fix.line}–${fix.endLine}:\n\n${codeBlock(fix.replacement, 'python')}`;
}

/** Why it matters and how to fix it, per rule (named when the concern has several). */
function detailsText(ruleIds: readonly string[], input: ConcernCommentInput, titleOf: (id: string) => string): string | undefined {
  const sections: string[] = [];
  for (const id of ruleIds) {
    const rule = input.ruleFor(id);
    if (rule === undefined) continue;
    const heading = ruleIds.length > 1 ? [`**${textWithCode(titleOf(id))}** (${codeSpan(id)})`] : [];
    sections.push([...heading, ruleProse(rule.why, '**Why it matters.**'), ruleProse(rule.fix, '**How to fix.**')].join('\n\n'));
  }
  return sections.length === 0 ? undefined : sections.join('\n\n');
}

/**
 * An HTML block of our own: `<details>` and `<summary>` on lines of their own,
 * blank lines around the markdown inside, so GitHub renders that markdown. No
 * text of the author's can close it early: theirs renders `<` as `&lt;`, and a
 * code block inside holds its lines as code.
 */
function details(summary: string, inner: string): string {
  return `<details>\n<summary>${summary}</summary>\n\n${inner}\n\n</details>`;
}

function footerText(candidates: readonly Candidate[], input: ConcernCommentInput): string {
  const lead = candidates[0].finding;
  const ruleIds = rulesOf(candidates);
  const ruleRefs = ruleIds.map((id) => {
    const url = input.docsUrlFor(id);
    return url === undefined ? codeSpan(id) : link(codeSpan(id), url);
  });
  const findings = candidates.map((c) => c.finding);
  const cwe = [...new Set(findings.flatMap((f) => f.cwe))];
  const bandit = [...new Set(findings.flatMap((f) => f.bandit))];
  const facts = [
    `**${capitalise(lead.severity)}** severity`,
    `${lead.confidence} confidence`,
    ...ruleRefs,
    ...cwe.map(inlineText),
    ...bandit.map((b) => `Bandit ${inlineText(b)}`),
    `silence with ${codeSpan(`# hunkwise: ignore[${ruleIds.join(', ')}]`)} if it does not apply`,
  ];
  return `<sub>${facts.join(' · ')}</sub>`;
}

/**
 * Everything from the findings and a repository rule (titles, messages with
 * placeholders filled from code, why/fix, ids) is pull-request text: it goes
 * through markdown-text.ts and renders literally. The fingerprint marker,
 * listing every finding of the concern, is the body's last line and nothing
 * else is (see extractFingerprints).
 */
export function renderConcernComment(input: ConcernCommentInput): string {
  const { concern } = input;
  const candidates = concern.candidates;
  const lead = candidates[0].finding;
  const anchor = concern.anchorCandidate.finding;
  const others = candidates.filter((c) => c !== concern.anchorCandidate).map((c) => c.finding);
  const anchorStatement = statementOf(concern, anchor);
  const onStatement = others.filter((f) => statementOf(concern, f) === anchorStatement);
  const elsewhere = others.filter((f) => statementOf(concern, f) !== anchorStatement);
  const titleOf = (id: string): string => candidates.find((c) => c.finding.ruleId === id)?.finding.title ?? id;

  const head = [
    `### ${SEVERITY_ICON[lead.severity]} ${textWithCode(anchor.title)}`,
    textWithCode(anchor.message),
    sameStatementText(onStatement),
    elsewhereText(anchor, elsewhere),
    fixText(anchor, input.suggestion),
  ]
    .filter((p): p is string => p !== undefined)
    .join('\n\n');
  const inner = detailsText(rulesOf(candidates), input, titleOf);
  const footer = footerText(candidates, input);
  const marker = `\n${fingerprintMarker(concern.fingerprints)}`;
  const summary = 'Why it matters and how to fix it';

  const whole = [head, ...(inner === undefined ? [] : [details(summary, inner)]), footer].join('\n\n');
  if (whole.length + marker.length <= MAX_COMMENT_BODY_CHARS) return whole + marker;
  // Too long: shorten the explanation first, keeping its block closed; drop it when little room is left.
  if (inner !== undefined) {
    const room = MAX_COMMENT_BODY_CHARS - marker.length - head.length - footer.length - details(summary, '').length - 4;
    if (room >= MIN_DETAILS_CHARS) {
      return [head, details(summary, truncateWithNote(inner, room, SHORTENED_NOTE)), footer].join('\n\n') + marker;
    }
  }
  return truncateWithNote(`${head}\n\n${footer}`, MAX_COMMENT_BODY_CHARS, SHORTENED_NOTE, marker);
}

/** The comment for one finding alone (a concern of one). */
export function renderReviewComment(input: ReviewCommentInput): string {
  const [concern] = groupConcerns([
    { finding: input.finding, fingerprint: input.fingerprint, anchor: null, suggestion: input.suggestion },
  ]);
  return renderConcernComment({
    concern,
    ruleFor: (id) => (id === input.finding.ruleId ? input.rule : undefined),
    docsUrlFor: (id) => (id === input.finding.ruleId ? input.docsUrl : undefined),
    suggestion: input.suggestion,
  });
}
