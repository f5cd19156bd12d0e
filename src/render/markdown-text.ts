/**
 * The one place where text from a pull request becomes GitHub markdown.
 *
 * Everything derived from the pull request (code, string values, names,
 * paths, repository rules' titles and messages, config and error messages
 * that quote input) is attacker-written. It goes through these primitives so
 * it renders as the literal characters it contains: no HTML element, link,
 * image, heading, list, table, @mention or hidden comment of the author's can
 * appear in what hunkwise posts. Pure; the engine builds plain text and only
 * renderers call this.
 */

/**
 * Characters that must never reach markdown from input: C0/C1 controls (ESC
 * would repaint a terminal; NUL and friends confuse parsers), line and
 * paragraph separators, and the bidirectional controls of Trojan Source,
 * which reorder what a reviewer sees. Tab, LF and CR are handled as
 * whitespace before this applies.
 */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** Line breaks of every kind (and tabs): inline text stays on the line it was put on. */
const LINE_BREAKS = /\r\n|[\n\r\t\v\f\u0085\u2028\u2029]/g;

/** Replaces line breaks by spaces and every other unsafe character by U+FFFD, one for one. */
export function plainLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(UNSAFE_CHARS, '\ufffd');
}

/**
 * ASCII punctuation that CommonMark/GFM (or GitHub's math) give a meaning
 * inline: escaped with a backslash, which GitHub renders invisibly. `<`, `>`
 * and `&` become entities instead (a backslash does not stop an entity, and
 * an entity cannot start HTML).
 */
const INLINE_SPECIALS = /[\\`*_[\]~|#$]/g;
const HTML_SPECIALS: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/**
 * Markdown-inert text for one line: any characters in, the same characters
 * shown, on the line (and in the paragraph) the caller put it.
 */
export function inlineText(text: string): string {
  return escapeInline(text, true, true);
}

/**
 * `atStart`/`atEnd`: the piece may begin/end a line, where a few more
 * characters mean something (a list marker, indentation, a hard break).
 */
function escapeInline(text: string, atStart: boolean, atEnd: boolean): string {
  let out = plainLine(text)
    .replace(/[<>&]/g, (c) => HTML_SPECIALS[c])
    .replace(INLINE_SPECIALS, '\\$&')
    // GFM autolink literals: `https://x`, `www.x` and `a@b.c` would become links.
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/(www)\./gi, '$1\\.')
    // GitHub turns `@name` into a mention (a notification) and `a@b.c` into a mail link.
    .replace(/@(?=[A-Za-z0-9_-])/g, '@\u200b');
  if (atStart) {
    // At the start of a line these open a list, a heading underline or a thematic break;
    // leading spaces would indent a code block.
    out = out.replace(/^([-+=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2').replace(/^ /, '&#32;');
  }
  // Trailing spaces before a line break make a <br>.
  if (atEnd) out = out.replace(/ $/, '&#32;');
  return out;
}

/**
 * `text` as one code span: fenced with more backticks than its longest run,
 * padded when it starts or ends with a backtick or space (CommonMark strips one
 * space each side), on one line. Code spans show HTML and markdown literally.
 */
export function codeSpan(text: string): string {
  const content = plainLine(text);
  if (content === '') return '` `';
  let longest = 0;
  for (const m of content.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const allSpaces = /^ +$/.test(content);
  const pad = !allSpaces && /^[` ]|[` ]$/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * A fenced code block holding `code` verbatim (a ```suggestion must be the
 * exact replacement lines). The fence is one backtick longer than the longest
 * backtick run anywhere in `code`, so no line inside can close it; a tilde run
 * cannot close a backtick fence at all. `info` is ours (`python`,
 * `suggestion`) and is reduced to safe characters anyway.
 */
export function codeBlock(code: string, info: string): string {
  let longest = 2;
  for (const m of code.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const safeInfo = info.replace(/[^A-Za-z0-9_+-]/g, '');
  return `${fence}${safeInfo}\n${code.replace(/\r?\n$/, '')}\n${fence}`;
}

/** Characters left as they are in a URL; everything else is percent-encoded. `(`, `)`, `<`, `>`, space and backslash are not here. */
const URL_SAFE = /[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]/;

/**
 * A link destination hunkwise built (GitHub web URLs, docs): only http(s) is
 * linked, and every character that could end or bend the destination (`)`,
 * `<`, space, newline, backtick, …) is percent-encoded, as is a `%` that does
 * not start an escape. Anything else becomes `#`.
 */
export function linkTarget(url: string): string {
  if (!/^https?:\/\//i.test(url)) return '#';
  const chars = [...wellFormed(url)];
  let out = '';
  chars.forEach((c, i) => {
    if (c === '%' && !/^[0-9A-Fa-f]{2}$/.test((chars[i + 1] ?? '') + (chars[i + 2] ?? ''))) out += '%25';
    else if (URL_SAFE.test(c)) out += c;
    else out += percentEncode(c);
  });
  return out;
}

/** Lone surrogates (which encodeURIComponent refuses) become U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** encodeURIComponent, plus the five characters it leaves alone that can end or bend a markdown link. */
function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[()'!*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A repository path as URL path segments, each fully percent-encoded (`)`, `#`, `?`, `%` included). */
export function encodePathSegments(path: string): string {
  return path
    .split('/')
    .map((s) => percentEncode(wellFormed(s)))
    .join('/');
}

/** `[label](url)` where `label` is markdown hunkwise built (e.g. a codeSpan) and `url` passes linkTarget. */
export function link(labelMarkdown: string, url: string): string {
  return `[${labelMarkdown}](${linkTarget(url)})`;
}

/**
 * Text whose backtick spans are meant as code, such as a rule's message
 * (``"{callee} is used for `{name}`"``) after its placeholders were filled
 * from code, or a note that quotes a path: each span becomes a codeSpan, the
 * rest inlineText, all on one line. Input can only move where code starts and
 * ends; nothing in it can become markup. Backtick runs pair up as in
 * CommonMark (an opener closes at the next run of the same length), found in
 * one pass so hostile input cannot make it quadratic.
 */
export function textWithCode(text: string): string {
  const runs = [...text.matchAll(/`+/g)].map((m) => ({ at: m.index ?? 0, len: m[0].length }));
  // For each run, the index of the next run of the same length.
  const nextSame = new Array<number>(runs.length).fill(-1);
  const lastByLen = new Map<number, number>();
  for (let i = runs.length - 1; i >= 0; i--) {
    nextSame[i] = lastByLen.get(runs[i].len) ?? -1;
    lastByLen.set(runs[i].len, i);
  }
  let out = '';
  let textFrom = 0;
  let i = 0;
  while (i < runs.length) {
    const close = nextSame[i];
    if (close === -1) {
      i++;
      continue;
    }
    const open = runs[i];
    out += escapeInline(text.slice(textFrom, open.at), textFrom === 0, false);
    let inner = text.slice(open.at + open.len, runs[close].at);
    if (/^ .*[^ ].* $/s.test(inner)) inner = inner.slice(1, -1);
    out += codeSpan(inner);
    textFrom = runs[close].at + runs[close].len;
    i = close + 1;
  }
  return out + escapeInline(text.slice(textFrom), textFrom === 0, true);
}

/**
 * Multi-paragraph prose (a rule's why/fix): paragraphs split at blank lines,
 * each rendered with textWithCode. Repository rules write this too, so none
 * of it is trusted as markdown.
 */
export function prose(text: string): string {
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map(textWithCode)
    .join('\n\n');
}
