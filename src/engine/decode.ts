/**
 * Turns file bytes into source text as CPython does, or says clearly why it cannot.
 *
 * PEP 263: a `coding[:=]` comment on the first line, or on the second after a blank or
 * comment line, names the codec, also when the bytes happen to be valid UTF-8 (a
 * `# -*- coding: utf-7 -*-` file is read as UTF-7 by Python, whatever it looks like).
 * A UTF-8 BOM with another declared codec is an error, as in CPython. A codec we cannot
 * decode leaves the file unanalysed, never analysed as something else.
 */
import { createRequire } from 'node:module';
import type Iconv from 'iconv-lite';
import type { ScanError } from './types.js';

/** iconv-lite is loaded on the first file declaring a codec other than UTF-8: most files do not. */
let loaded: typeof Iconv | undefined;
const iconv = (): typeof Iconv => (loaded ??= createRequire(import.meta.url)('iconv-lite') as typeof Iconv);

/** Git's heuristic: a NUL byte in the first 8000 bytes means binary. */
const BINARY_SNIFF_BYTES = 8000;
/** The declaration is on one of the first two lines; those are never longer than this in practice. */
const HEAD_BYTES = 1024;

const CODING_RE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const BLANK_OR_COMMENT_RE = /^[ \t\f]*(?:#.*)?\r?$/;

export type Decoded =
  | {
      readonly text: string;
      /**
       * When decoding changed the line structure (UTF-7 `+AAo-` is a newline): the raw line
       * (1-based) each decoded line comes from, so findings land on lines the diff shows.
       */
      readonly lineMap?: readonly number[];
    }
  | { readonly error: Omit<ScanError, 'path'> };

export function decodeSource(content: Uint8Array | string): Decoded {
  if (typeof content === 'string') {
    if (content.includes('\0')) return binary();
    // Text handed over already decoded: its declaration still decides, over its UTF-8 bytes.
    const declared = declaredCodec(content.slice(0, HEAD_BYTES));
    if (declared === undefined || isUtf8(declared)) return { text: stripBom(content) };
    return decodeBytes(new TextEncoder().encode(content));
  }
  if (content.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return binary();
  return decodeBytes(content);
}

function decodeBytes(content: Uint8Array): Decoded {
  const bom = content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf;
  const declared = declaredCodec(new TextDecoder('latin1').decode(content.subarray(bom ? 3 : 0, HEAD_BYTES)));
  if (declared === undefined || isUtf8(declared)) {
    try {
      return { text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(content)) };
    } catch {
      return {
        error: {
          kind: 'encoding',
          message:
            declared === undefined
              ? 'not UTF-8 and no PEP 263 coding declaration; file not analysed'
              : `not valid ${declared} although the file declares it; not analysed`,
        },
      };
    }
  }
  if (bom) return { error: { kind: 'encoding', message: `not analysed: a UTF-8 BOM with the coding declaration ${declared} (Python refuses it)` } };
  const codec = iconvName(declared);
  if (codec === undefined) return { error: { kind: 'encoding', message: `not analysed: unsupported encoding ${declared}` } };
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const text = iconv().decode(bytes, codec, { stripBOM: false });
  return { text, ...lineMapOf(bytes, codec, text) };
}

/** The codec the first two lines declare, as written; undefined without a declaration. */
function declaredCodec(head: string): string | undefined {
  const lines = head.split('\n', 2);
  const first = CODING_RE.exec(lines[0] ?? '');
  if (first) return first[1];
  // CPython looks at the second line only after a blank or comment line.
  if (lines.length < 2 || !BLANK_OR_COMMENT_RE.test(lines[0])) return undefined;
  return CODING_RE.exec(lines[1])?.[1];
}

/** Python's codec name normalisation, enough to tell its UTF-8 spellings. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_\s.]+/g, '-');
}

function isUtf8(name: string): boolean {
  const n = normalise(name);
  // CPython's tokenizer reads all of these as UTF-8; `utf-8-sig` too (BOM optional).
  return n === 'utf-8' || n === 'utf8' || n === 'u8' || n === 'utf' || n === 'cp65001' || n === 'utf-8-sig' || n.startsWith('utf-8-');
}

/** Python spellings iconv-lite would not find by itself. */
const PYTHON_ALIASES: ReadonlyMap<string, string> = new Map([
  ['latin-1', 'latin1'],
  ['latin', 'latin1'],
  ['l1', 'latin1'],
  ['iso-8859-1', 'latin1'],
  ['iso8859-1', 'latin1'],
  ['8859', 'latin1'],
  ['cp819', 'latin1'],
  ['u7', 'utf7'],
  ['utf-7', 'utf7'],
  ['unicode-1-1-utf-7', 'utf7'],
  ['euc-jp', 'eucjp'],
  ['ujis', 'eucjp'],
  ['u-jis', 'eucjp'],
  ['sjis', 'shiftjis'],
  ['s-jis', 'shiftjis'],
  ['shift-jis', 'shiftjis'],
  ['ms-kanji', 'shiftjis'],
  ['mac-roman', 'macroman'],
  ['ascii', 'ascii'],
  ['us-ascii', 'ascii'],
  ['646', 'ascii'],
]);

/** The iconv-lite codec for a Python codec name, if iconv-lite has it. */
function iconvName(declared: string): string | undefined {
  const n = normalise(declared);
  const candidates = [PYTHON_ALIASES.get(n), n, n.replace(/-/g, '')];
  return candidates.find((c): c is string => c !== undefined && iconv().encodingExists(c));
}

/**
 * Line numbers in findings must refer to the raw lines GitHub shows. A codec that turns bytes
 * into extra line breaks (UTF-7) gets a map from decoded lines to raw lines, computed by
 * decoding each raw line on its own; where that does not add up to the same text (a codec
 * whose state crosses lines), the lines are left as decoded.
 */
function lineMapOf(bytes: Buffer, codec: string, text: string): { lineMap?: readonly number[] } {
  const rawLines = countNewlines(bytes) + 1;
  const decodedLines = countChar(text, '\n') + 1;
  if (rawLines === decodedLines) return {};
  const map: number[] = [];
  let start = 0;
  let rebuilt = '';
  for (let raw = 1; start <= bytes.length; raw++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const piece = iconv().decode(bytes.subarray(start, end), codec, { stripBOM: false });
    const lines = countChar(piece, '\n') + 1;
    for (let i = 0; i < lines; i++) map.push(raw);
    rebuilt += end < bytes.length ? `${piece}\n` : piece;
    start = end + 1;
  }
  return rebuilt === text && map.length === decodedLines ? { lineMap: map } : {};
}

function countNewlines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

function countChar(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) n++;
  return n;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function binary(): Decoded {
  return { error: { kind: 'binary', message: 'binary file (NUL bytes); not analysed' } };
}
