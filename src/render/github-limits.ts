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
 * `note` so the reader knows something is missing. `tail` (e.g. the hidden
 * marker that must stay the comment's last line) is kept after the note.
 */
export function truncateWithNote(text: string, max: number, note: string, tail = ''): string {
  if (text.length + tail.length <= max) return text + tail;
  const room = max - note.length - tail.length - 2;
  if (room <= 0) return (note + tail).slice(0, max);
  let cut = text.slice(0, room);
  const lastBreak = cut.lastIndexOf('\n');
  if (lastBreak > room / 2) cut = cut.slice(0, lastBreak);
  // A code block left open would swallow the note (and show the marker as code): drop the partial block.
  const fenceAt = openFenceStart(cut);
  if (fenceAt !== undefined) cut = cut.slice(0, fenceAt);
  return `${cut}\n\n${note}${tail}`.slice(0, max);
}

/**
 * Where the fenced code block still open at the end of `markdown` starts (the
 * offset of its opening line), if one is open; CommonMark's fence rules.
 */
export function openFenceStart(markdown: string): number | undefined {
  let open: { readonly fence: string; readonly at: number } | undefined;
  let at = 0;
  for (const line of markdown.split('\n')) {
    if (open === undefined) {
      const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
      if (m !== null && !(m[1][0] === '`' && m[2].includes('`'))) open = { fence: m[1], at };
    } else {
      const m = /^ {0,3}(`{3,}|~{3,})[ \t]*\r?$/.exec(line);
      if (m !== null && m[1][0] === open.fence[0] && m[1].length >= open.fence.length) open = undefined;
    }
    at += line.length + 1;
  }
  return open?.at;
}
