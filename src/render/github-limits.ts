/**
 * GitHub's size limits for the text hunkwise posts, and the one way we cut
 * text to fit them. Named so the reason travels with the number.
 */

/** Checks API: `output.summary` is at most 65,535 characters (HTTP 422 past it). */
export const MAX_CHECK_SUMMARY_CHARS = 65_535;
/** Pull request review comments and issue comments: the body is at most 65,536 characters. */
export const MAX_COMMENT_BODY_CHARS = 65_536;
/** Checks API: an annotation's title is at most 255 characters. */
export const MAX_ANNOTATION_TITLE_CHARS = 255;
/** Checks API: an annotation's message is at most 64 KB. */
export const MAX_ANNOTATION_MESSAGE_CHARS = 64 * 1024;

/**
 * Cuts `text` to `max` characters at a line break where possible, ending with
 * `note` so the reader knows something is missing. `tail` (e.g. a hidden
 * marker that must survive) is kept after the note.
 */
export function truncateWithNote(text: string, max: number, note: string, tail = ''): string {
  if (text.length + tail.length <= max) return text + tail;
  const room = max - note.length - tail.length - 2;
  if (room <= 0) return (note + tail).slice(0, max);
  let cut = text.slice(0, room);
  const lastBreak = cut.lastIndexOf('\n');
  if (lastBreak > room / 2) cut = cut.slice(0, lastBreak);
  // An open code fence would swallow the note.
  if ((cut.match(/^```/gm) ?? []).length % 2 === 1) cut += '\n```';
  return `${cut}\n\n${note}${tail}`.slice(0, max);
}

/**
 * Text from rules and source code, made inert in GitHub markdown: no hidden
 * HTML comments (which could forge a fingerprint marker) and no @mentions
 * (a decorator like @login_required would ping a user of that name).
 */
export function inertText(text: string): string {
  return text.replace(/<!--/g, '&lt;!--').replace(/@(?=[A-Za-z0-9_-])/g, '@\u200b');
}

/** Fences `code` with enough backticks that a ``` inside cannot close the block. */
export function fenced(code: string, info: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${code.replace(/\n$/, '')}\n${fence}`;
}
