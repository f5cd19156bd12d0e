// git's C-style quoting (quote_c_style): a path with bytes >= 0x80, control
// characters, '"' or '\' is printed in double quotes, with those bytes as
// escapes; non-ASCII arrives as octal-escaped UTF-8 bytes ("sp\303\244ce.py").
const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 0x07,
  b: 0x08,
  t: 0x09,
  n: 0x0a,
  v: 0x0b,
  f: 0x0c,
  r: 0x0d,
  '"': 0x22,
  '\\': 0x5c,
};

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** A quoted path read from `text` starting at its opening quote; `end` is the index after the closing quote. */
export interface QuotedPath {
  readonly value: string;
  readonly end: number;
}

/**
 * Reads one git-quoted path beginning at text[start] (which must be '"').
 * Returns null when the quote is not closed or an escape is malformed.
 */
export function readQuotedGitPath(text: string, start: number): QuotedPath | null {
  if (text[start] !== '"') return null;
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      return { value: decoder.decode(new Uint8Array(bytes)), end: i + 1 };
    }
    if (ch !== '\\') {
      // With core.quotePath=false non-ASCII arrives unescaped: keep it as is.
      const cp = text.codePointAt(i) ?? 0;
      const s = String.fromCodePoint(cp);
      for (const b of encoder.encode(s)) bytes.push(b);
      i += s.length;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) return null;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      bytes.push(simple);
      i += 2;
      continue;
    }
    const octal = /^[0-3][0-7]{2}/.exec(text.slice(i + 1, i + 4));
    if (octal === null) return null;
    bytes.push(parseInt(octal[0], 8));
    i += 4;
  }
  return null;
}

/** The path a header field names: unquoted when git quoted it, unchanged otherwise. */
export function unquoteGitPath(field: string): string {
  if (!field.startsWith('"')) return field;
  const q = readQuotedGitPath(field, 0);
  return q === null ? field : q.value;
}
