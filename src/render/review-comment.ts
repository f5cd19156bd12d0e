/** The markdown of one inline review comment. Pure. */
import type { Rule } from '../engine/rule-schema.js';
import type { Finding, Severity } from '../engine/types.js';
import { fingerprintMarker } from '../review/fingerprint.js';
import { fenced, inertText, MAX_COMMENT_BODY_CHARS, truncateWithNote } from './github-limits.js';

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

export function renderReviewComment(input: ReviewCommentInput): string {
  const { finding, rule, docsUrl } = input;
  const ruleRef = docsUrl === undefined ? `\`${finding.ruleId}\`` : `[\`${finding.ruleId}\`](${docsUrl})`;
  const facts = [
    `**${capitalise(finding.severity)}** severity`,
    `${finding.confidence} confidence`,
    ruleRef,
    ...finding.cwe,
    ...finding.bandit.map((b) => `Bandit ${b}`),
  ];
  const parts: string[] = [
    `### ${SEVERITY_ICON[finding.severity]} ${inertText(finding.title)}`,
    facts.join(' · '),
    inertText(finding.message),
  ];
  if (rule !== undefined) {
    parts.push(`**Why it matters:** ${inertText(rule.why.trim())}`);
    parts.push(`**How to fix:** ${inertText(rule.fix.trim())}`);
  }
  if (finding.fix !== undefined) {
    parts.push(
      input.suggestion
        ? fenced(finding.fix.replacement, 'suggestion')
        : `Possible change for lines ${finding.fix.line}–${finding.fix.endLine}:\n\n${fenced(finding.fix.replacement, 'python')}`,
    );
  }
  const footer = [
    docsUrl === undefined ? undefined : `[About this rule](${docsUrl})`,
    `silence with \`# hunkwise: ignore[${finding.ruleId}]\` if it does not apply`,
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
