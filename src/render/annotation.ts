/**
 * The title and message of a check-run annotation. GitHub shows them as plain
 * text, so nothing is escaped; but they come from the pull request (messages
 * quote code, repository rules write titles), so they are kept on their lines
 * (no line breaks or control characters of the author's) and within GitHub's
 * bounds. Pure.
 */
import type { Finding } from '../engine/types.js';
import { MAX_ANNOTATION_MESSAGE_CHARS, MAX_ANNOTATION_TITLE_CHARS } from './github-limits.js';
import { plainLine } from './markdown-text.js';

export interface AnnotationText {
  readonly title: string;
  readonly message: string;
}

/** At most `max` UTF-16 units, never ending inside a surrogate pair. */
export function boundedText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

export function annotationText(f: Finding): AnnotationText {
  const facts = `Severity ${f.severity}, confidence ${f.confidence}${f.cwe.length > 0 ? `, ${f.cwe.map(plainLine).join(', ')}` : ''}.`;
  const room = MAX_ANNOTATION_MESSAGE_CHARS - facts.length - 2;
  return {
    title: boundedText(plainLine(`${f.title} (${f.ruleId})`), MAX_ANNOTATION_TITLE_CHARS),
    message: `${boundedText(plainLine(f.message), room)}\n\n${facts}`,
  };
}
