/**
 * Inline suppressions: `# nosec`, `# nosec B602,B607`, `# noqa: S602`,
 * `# hunkwise: ignore` and `# hunkwise: ignore[rule-id, other-id]`.
 * A marker applies to every finding whose statement spans the marker's line.
 * A bare `# noqa` is NOT honoured: it is usually there for a style rule, and a security
 * finding should not vanish as a side effect.
 */
export interface Suppression {
  readonly line: number;
  readonly column: number;
  /** The marker as written, for messages. */
  readonly text: string;
  /** Codes or rule ids; empty means "everything". */
  readonly codes: readonly string[];
  readonly source: 'nosec' | 'noqa' | 'hunkwise';
}

const MARKER_RE = /#\s*(nosec\b(?:[:\s]+([A-Z]\d{3}(?:\s*,\s*[A-Z]\d{3})*))?|noqa\s*:\s*([A-Z]+\d+(?:[\s,]+[A-Z]+\d+)*)|hunkwise:\s*ignore(?:\[([^\]]*)\])?)/g;

/** Cheap pre-filter: most files have no marker at all. */
export function hasSuppressionMarker(source: string): boolean {
  return source.includes('nosec') || source.includes('noqa') || source.includes('hunkwise:');
}

/**
 * Finds markers on lines; `isComment(line, column)` confirms a `#` starts a real comment
 * (not text inside a string literal).
 */
export function findSuppressions(
  lines: readonly string[],
  isComment: (line: number, column: number) => boolean,
): Suppression[] {
  const out: Suppression[] = [];
  lines.forEach((text, i) => {
    if (!text.includes('#')) return;
    for (const m of text.matchAll(MARKER_RE)) {
      const column = (m.index ?? 0) + 1;
      if (!isComment(i + 1, column)) continue;
      let codes: string[] = [];
      let source: Suppression['source'];
      if (m[1].startsWith('nosec')) {
        source = 'nosec';
        codes = splitCodes(m[2]);
      } else if (m[1].startsWith('noqa')) {
        source = 'noqa';
        codes = splitCodes(m[3]);
      } else {
        source = 'hunkwise';
        codes = splitCodes(m[4]);
      }
      out.push({ line: i + 1, column, text: m[0], codes, source });
    }
  });
  return out;
}

function splitCodes(list: string | undefined): string[] {
  return list ? list.split(/[\s,]+/).filter(Boolean) : [];
}

export interface RuleCodes {
  readonly id: string;
  readonly bandit: readonly string[];
  readonly ruff: readonly string[];
}

/** Does this marker silence this rule? */
export function suppresses(s: Suppression, rule: RuleCodes): boolean {
  if (s.codes.length === 0) return true;
  return s.codes.some((c) => c === rule.id || rule.bandit.includes(c) || rule.ruff.includes(c));
}

/** Does this marker name anything hunkwise knows? `# noqa: E501` is not ours to judge. */
export function concernsHunkwise(s: Suppression, known: ReadonlySet<string>): boolean {
  if (s.codes.length === 0) return s.source !== 'noqa';
  return s.codes.some((c) => known.has(c));
}
