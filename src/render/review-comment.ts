/** The markdown of one inline review comment. Pure. */
import type { Rule } from '../engine/rule-schema.js';
import type { Finding, Severity } from '../engine/types.js';
import { fingerprintMarker } from '../review/fingerprint.js';
import { MAX_COMMENT_BODY_CHARS, truncateWithNote } from './github-limits.js';
import { codeBlock, codeSpan, inlineText, link, prose, textWithCode } from './markdown-text.js';

export const SEVERITY_ICON: Readonly<Record<Severity, string>> = { high: '🔴', medium: '🟠', low: '🟡' };

export interface ReviewCommentInput {
  readonly finding: Finding;
  /** The rule behind the finding, for why/how; missing only if the rule set changed under us. */
  readonly rule?: Rule;
  readonly fingerprint: string;
  /** Where the rule is documented; none for a repository's own rules. */
  readonly docsUrl?: string;
  /**
   * The comment spans exactly the lines of `finding.fix`, so a ```suggestion
   * replaces the right lines. Otherwise the fix is shown as plain code.
   */
  readonly suggestion: boolean;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Everything from the finding and a repository rule (title, message with
 * placeholders filled from code, why/fix, ids) is pull-request text: it goes
 * through markdown-text.ts and renders literally. The fingerprint marker is the
 * body's last line and nothing else is (see extractFingerprints).
 */
export function renderReviewComment(input: ReviewCommentInput): string {
  const { finding, rule, docsUrl } = input;
  const ruleRef = docsUrl === undefined ? codeSpan(finding.ruleId) : link(codeSpan(finding.ruleId), docsUrl);
  const facts = [
    `**${capitalise(finding.severity)}** severity`,
    `${finding.confidence} confidence`,
    ruleRef,
    ...finding.cwe.map(inlineText),
    ...finding.bandit.map((b) => `Bandit ${inlineText(b)}`),
  ];
  const parts: string[] = [
    `### ${SEVERITY_ICON[finding.severity]} ${textWithCode(finding.title)}`,
    facts.join(' · '),
    textWithCode(finding.message),
  ];
  if (rule !== undefined) {
    parts.push(`**Why it matters:** ${prose(rule.why)}`);
    parts.push(`**How to fix:** ${prose(rule.fix)}`);
  }
  if (finding.fix !== undefined) {
    parts.push(
      input.suggestion
        ? codeBlock(finding.fix.replacement, 'suggestion')
        : `Possible change for lines ${finding.fix.line}–${finding.fix.endLine}:\n\n${codeBlock(finding.fix.replacement, 'python')}`,
    );
  }
  const footer = [
    docsUrl === undefined ? undefined : link('About this rule', docsUrl),
    `silence with ${codeSpan(`# hunkwise: ignore[${finding.ruleId}]`)} if it does not apply`,
  ].filter((p): p is string => p !== undefined);
  parts.push(`<sub>${footer.join(' · ')}</sub>`);
  const marker = `\n${fingerprintMarker(input.fingerprint)}`;
  return truncateWithNote(
    parts.join('\n\n'),
    MAX_COMMENT_BODY_CHARS,
    '_(comment shortened to fit GitHub’s limit; the check run has the full finding)_',
    marker,
  );
}
