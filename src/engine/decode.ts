/** Turns file bytes into source text, or says clearly why it cannot. */
import type { ScanError } from './types.js';

/** Git's heuristic: a NUL byte in the first 8000 bytes means binary. */
const BINARY_SNIFF_BYTES = 8000;

const CODING_RE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

export type Decoded = { readonly text: string } | { readonly error: Omit<ScanError, 'path'> };

export function decodeSource(content: Uint8Array | string): Decoded {
  if (typeof content === 'string') {
    return content.includes('\0') ? binary() : { text: stripBom(content) };
  }
  const sniff = content.subarray(0, BINARY_SNIFF_BYTES);
  if (sniff.includes(0)) return binary();
  try {
    return { text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(content)) };
  } catch {
    // PEP 263: a coding declaration in the first two lines makes other encodings valid Python.
    const head = new TextDecoder('latin1').decode(content.subarray(0, 400)).split(/\r?\n/, 2);
    for (const line of head) {
      const m = CODING_RE.exec(line);
      if (m) {
        try {
          return { text: new TextDecoder(normalizeCodec(m[1]), { fatal: true }).decode(content) };
        } catch {
          return { error: { kind: 'encoding', message: `not valid ${m[1]} although the file declares it` } };
        }
      }
    }
    return { error: { kind: 'encoding', message: 'not UTF-8 and no PEP 263 coding declaration; file not analysed' } };
  }
}

function normalizeCodec(name: string): string {
  const n = name.toLowerCase().replace(/_/g, '-');
  if (n === 'latin-1' || n === 'iso-8859-1' || n === 'iso8859-1' || n === 'l1') return 'latin1';
  if (n === 'utf-8-sig') return 'utf-8';
  return n;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function binary(): Decoded {
  return { error: { kind: 'binary', message: 'binary file (NUL bytes); not analysed' } };
}
