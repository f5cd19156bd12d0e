/**
 * Inline suppressions: `# nosec`, `# nosec B602,B607`, `# noqa: S602`,
 * `# hunkwise: ignore` and `# hunkwise: ignore[rule-id, other-id]`.
 * A marker applies to every finding whose statement spans the marker's line.
 * A bare `# noqa` is NOT honoured: it is usually there for a style rule, and a security
 * finding should not vanish as a side effect. A code that is malformed or that no loaded rule
 * uses (`# nosec B60`, `# nosec XYZ123`) suppresses nothing and is reported: a typo must not
 * turn into a bare `# nosec`.
 */
export interface Suppression {
  readonly line: number;
  readonly column: number;
  /** The marker as written, for messages. */
  readonly text: string;
  /**
   * Codes or rule ids it names, normalised (`b605` → `B605`); empty with no `invalid` means
   * "everything" (a bare `# nosec`).
   */
  readonly codes: readonly string[];
  /**
   * What it names that no loaded rule uses, or that is not a code at all (`B60`, `XYZ123`):
   * those suppress nothing, and a marker naming only those suppresses nothing.
   */
  readonly invalid: readonly string[];
  readonly source: 'nosec' | 'noqa' | 'hunkwise';
}

/** `nosec` and `noqa` are matched in any case, as Bandit and Ruff do (`# NOSEC`, `# NOQA: S602`). */
const MARKER_RE = /#\s*(?:(nosec)\b|(noqa)\s*:|(hunkwise):\s*ignore\b(\[)?)/gi;
/** A Bandit test id; anything else after `# nosec` is not one (Bandit's names are not kept here). */
const BANDIT_CODE_RE = /^B\d{3}$/;
/** Where a justification starts after the codes: `# nosec B602 -- reviewed`, `# nosec B602 # why`. */
const JUSTIFICATION_RE = /#|--|\s-\s|\s-$/;
/** A flake8/Ruff code (`S602`, `E501`). */
const NOQA_CODE_RE = /^[A-Z]+\d+$/;

/** Cheap pre-filter: most files have no marker at all. */
export function hasSuppressionMarker(source: string): boolean {
  return /nosec|noqa|hunkwise:/i.test(source);
}

/**
 * Finds markers on lines; `isComment(line, column)` confirms a `#` starts a real comment
 * (not text inside a string literal). `known` holds every code and rule id the loaded rules
 * carry: a `# nosec` code or `# hunkwise: ignore[...]` id outside it is invalid. `# noqa`
 * codes of other tools (`E501`) are theirs, never invalid here.
 */
export function findSuppressions(
  lines: readonly string[],
  isComment: (line: number, column: number) => boolean,
  known: ReadonlySet<string> = new Set(),
): Suppression[] {
  const out: Suppression[] = [];
  lines.forEach((text, i) => {
    if (!text.includes('#')) return;
    for (const m of text.matchAll(MARKER_RE)) {
      const at = m.index ?? 0;
      const column = at + 1;
      if (!isComment(i + 1, column)) continue;
      const after = at + m[0].length;
      let source: Suppression['source'];
      let codes: string[] = [];
      const invalid: string[] = [];
      let end = after;
      if (m[1] !== undefined) {
        source = 'nosec';
        // `# nosec`, `# nosec B602, B607`, `# nosec: B602`; a justification may follow `--` or `#`.
        const list = codeList(text, after, JUSTIFICATION_RE);
        end = list.end;
        for (const token of list.tokens) {
          const code = token.toUpperCase();
          if (BANDIT_CODE_RE.test(code) && known.has(code)) codes.push(code);
          else if (known.has(token)) codes.push(token);
          else invalid.push(token);
        }
      } else if (m[2] !== undefined) {
        source = 'noqa';
        const list = codeList(text, after, JUSTIFICATION_RE);
        end = list.end;
        for (const token of list.tokens) {
          const code = token.toUpperCase();
          if (NOQA_CODE_RE.test(code)) codes.push(code);
          else invalid.push(token);
        }
        // `# noqa:` with nothing after it names nothing; it must not read as "everything".
        if (list.tokens.length === 0) invalid.push('(no code)');
      } else {
        source = 'hunkwise';
        if (m[4] !== undefined) {
          const close = text.indexOf(']', after);
          const inside = text.slice(after, close < 0 ? text.length : close);
          end = close < 0 ? text.length : close + 1;
          const ids = splitCodes(inside);
          for (const id of ids) (known.has(id) ? codes : invalid).push(id);
          if (ids.length === 0 || close < 0) invalid.push(close < 0 ? '(unclosed [)' : '(empty [])');
        }
      }
      codes = [...new Set(codes)];
      out.push({ line: i + 1, column, text: text.slice(at, end).trimEnd(), codes, invalid, source });
    }
  });
  return out;
}

/** Codes after a marker, up to `stop` or the end of the line. */
function codeList(text: string, from: number, stop: RegExp): { tokens: string[]; end: number } {
  const rest = text.slice(from);
  const cut = rest.search(stop);
  const list = cut < 0 ? rest : rest.slice(0, cut);
  const body = list.replace(/^\s*:?/, '');
  return { tokens: splitCodes(body), end: from + list.trimEnd().length };
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
  // A bare marker silences everything; one that names only unknown codes silences nothing.
  if (s.codes.length === 0) return s.invalid.length === 0;
  return s.codes.some((c) => c === rule.id || rule.bandit.includes(c) || rule.ruff.includes(c));
}

/** Does this marker name anything hunkwise knows? `# noqa: E501` is not ours to judge. */
export function concernsHunkwise(s: Suppression, known: ReadonlySet<string>): boolean {
  if (s.codes.length === 0) return s.source !== 'noqa' && s.invalid.length === 0;
  return s.codes.some((c) => known.has(c));
}
