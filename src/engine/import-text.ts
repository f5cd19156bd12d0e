/**
 * Import statements and class headers read from their text. Their syntax is small, and one
 * slice of the source costs less than asking the tree for each child (every node access
 * crosses into WASM). The tree has already said where the statement is and that it is one.
 */

export interface ImportedName {
  /** Dotted, as written: `a.b` in `import a.b`, `b` in `from a import b`. */
  readonly name: string;
  readonly alias?: string;
}

export interface ImportStatement {
  /** `from` statements only: the module as written, leading dots kept (`.`, `..pkg`). */
  readonly from?: string;
  /** Empty for `from a import *`. */
  readonly names: readonly ImportedName[];
}

const DOTTED = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;
const FROM_MODULE = /^\.*(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)?$/;

/** Undefined when the text is not a plain import statement (the caller then asks the tree). */
export function parseImportStatement(text: string): ImportStatement | undefined {
  const flat = text
    .replace(/#[^\n]*/g, ' ')
    .replace(/\\\r?\n/g, ' ')
    .replace(/[()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const from = /^from (\S+) import (.+)$/.exec(flat);
  if (from) {
    if (!FROM_MODULE.test(from[1])) return undefined;
    if (from[2].trim() === '*') return { from: from[1], names: [] };
    const names = importedNames(from[2]);
    return names && { from: from[1], names };
  }
  const plain = /^import (.+)$/.exec(flat);
  if (!plain) return undefined;
  const names = importedNames(plain[1]);
  return names && { names };
}

function importedNames(list: string): ImportedName[] | undefined {
  const out: ImportedName[] = [];
  for (const part of list.split(',')) {
    const item = part.trim();
    if (item === '') continue; // `from a import (b, c,)`
    const m = /^(\S+)(?: as (\S+))?$/.exec(item);
    if (!m || !DOTTED.test(m[1]) || (m[2] !== undefined && !DOTTED.test(m[2]))) return undefined;
    out.push(m[2] === undefined ? { name: m[1] } : { name: m[1], alias: m[2] });
  }
  return out.length > 0 ? out : undefined;
}

export interface ClassHeader {
  readonly name: string;
  /** Base classes written as plain dotted names; keyword arguments (`metaclass=`) left out. */
  readonly bases: readonly string[];
}

/**
 * `class Name(Base, mod.Other, metaclass=M):` read from `start` (the `class` keyword).
 * Undefined when some base is not a plain dotted name (`namedtuple(...)`, `Generic[T]`,
 * a comment inside): the caller then asks the tree.
 */
export function parseClassHeader(source: string, start: number): ClassHeader | undefined {
  const head = /class\s+([A-Za-z_]\w*)\s*\(/y;
  head.lastIndex = start;
  const m = head.exec(source);
  if (!m) return undefined;
  const close = source.indexOf(')', head.lastIndex);
  if (close < 0) return undefined;
  const inside = source.slice(head.lastIndex, close);
  if (/[([{#'"\\]/.test(inside)) return undefined;
  const bases: string[] = [];
  for (const part of inside.split(',')) {
    const item = part.trim();
    if (item === '' || /^[A-Za-z_]\w*\s*=/.test(item) || item.startsWith('*')) continue;
    if (!DOTTED.test(item)) return undefined;
    bases.push(item);
  }
  return { name: m[1], bases };
}
