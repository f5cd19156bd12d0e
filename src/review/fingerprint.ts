/**
 * Fingerprints name a finding across runs without its line number, so a
 * comment is recognised after lines move: hash of (rule, path, normalised
 * source text), plus an occurrence index to tell identical snippets apart.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../engine/types.js';

/** Whitespace differences (re-indentation, reflowed arguments) do not make a new finding. */
export function normalizeSnippet(snippet: string): string {
  return snippet.replace(/\s+/g, ' ').trim();
}

/** 80 bits: collisions within one pull request are out of reach, and the marker stays short. */
const FINGERPRINT_HEX_CHARS = 20;

function hash(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, FINGERPRINT_HEX_CHARS);
}

export interface Fingerprinted<F extends Finding = Finding> {
  readonly finding: F;
  readonly fingerprint: string;
}

/**
 * Fingerprints findings; identical (rule, path, snippet) triples are numbered
 * in source order, so the second `subprocess.call(cmd, shell=True)` in a file
 * has its own fingerprint. Order of the result follows the input.
 */
export function fingerprintFindings<F extends Finding>(findings: readonly F[]): Fingerprinted<F>[] {
  const order = findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        a.finding.path.localeCompare(b.finding.path) ||
        a.finding.line - b.finding.line ||
        a.finding.column - b.finding.column ||
        a.index - b.index,
    );
  const counts = new Map<string, number>();
  const result = new Array<Fingerprinted<F>>(findings.length);
  for (const { finding, index } of order) {
    const key = [finding.ruleId, finding.path, normalizeSnippet(finding.snippet)];
    const k = key.join('\u0000');
    const occurrence = counts.get(k) ?? 0;
    counts.set(k, occurrence + 1);
    result[index] = { finding, fingerprint: hash([...key, String(occurrence)]) };
  }
  return result;
}

const MARKER_PREFIX = '<!-- hunkwise:fp=';
/**
 * A comment carries one concern, which may merge several findings (three on one
 * statement, one rule on neighbouring lines): its marker lists their
 * fingerprints. Bounded so a marker line stays short and reading it stays
 * cheap; groupConcerns never puts more findings in one concern.
 */
export const MAX_FINGERPRINTS_PER_MARKER = 20;
const FINGERPRINT_RE_SOURCE = '[0-9a-f]{8,64}';
/** The whole last line of a comment hunkwise wrote, and nothing else. */
const MARKER_LINE_RE = new RegExp(
  `^<!-- hunkwise:fp=(${FINGERPRINT_RE_SOURCE}(?:,${FINGERPRINT_RE_SOURCE}){0,${MAX_FINGERPRINTS_PER_MARKER - 1}}) -->$`,
);

/**
 * The hidden marker a review comment carries: `<!-- hunkwise:fp=a,b,c -->`
 * for a comment about several findings. It is always the body's last line
 * (renderReviewComment appends it after any truncation), and everything
 * before it is rendered inert (`<` as `&lt;` outside code), so no text of the
 * author's can stand in that position. Duplicates are dropped, order kept.
 */
export function fingerprintMarker(fingerprints: string | readonly string[]): string {
  const list = typeof fingerprints === 'string' ? [fingerprints] : [...new Set(fingerprints)];
  return `${MARKER_PREFIX}${list.join(',')} -->`;
}

/**
 * The fingerprints of a comment hunkwise wrote: read only from the body's
 * last line, which must be exactly the marker. A marker anywhere else (copied
 * from the author's source into a ```suggestion, quoted in a message, typed by
 * a person) is text, not memory. Trailing whitespace and a CRLF line ending are
 * tolerated, as GitHub may store the body with them. At most
 * MAX_FINGERPRINTS_PER_MARKER results, all from that one line.
 */
export function extractFingerprints(body: string): string[] {
  const trimmed = body.trimEnd();
  const lastLine = trimmed.slice(trimmed.lastIndexOf('\n') + 1).replace(/\r$/, '');
  const m = MARKER_LINE_RE.exec(lastLine);
  return m === null ? [] : [...new Set(m[1].split(','))];
}
