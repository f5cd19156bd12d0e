/** The CLI's human output: one block per finding with the source line and a caret marker. */
import type { Finding, ScanError, Severity } from '../engine/types.js';

export interface TextConclusion {
  readonly conclusion: 'success' | 'neutral' | 'failure';
  readonly reason: string;
}

export interface TextReport {
  readonly findings: readonly Finding[];
  readonly errors: readonly ScanError[];
  /** Files skipped entirely; their errors are listed without "analysed in part". */
  readonly notAnalysed: readonly string[];
  readonly filesScanned: number;
  /** File text by path, for the source lines; a missing entry just omits them. */
  readonly sources: ReadonlyMap<string, string>;
  readonly heading?: string;
  /** Extra lines printed before the totals. */
  readonly notes?: readonly string[];
  readonly conclusion?: TextConclusion;
}

export interface TextOptions {
  readonly color: boolean;
}

/** Source lines wider than this are shown as a window around the finding. */
const MAX_SOURCE_WIDTH = 160;
const TAB_WIDTH = 4;

const CODES = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33', cyan: '36', magenta: '35' } as const;
type Style = keyof typeof CODES;

const SEVERITY_STYLE: Readonly<Record<Severity, Style>> = { high: 'red', medium: 'yellow', low: 'cyan' };
const CONCLUSION_STYLE: Readonly<Record<TextConclusion['conclusion'], Style>> = {
  failure: 'red',
  neutral: 'yellow',
  success: 'green',
};

/**
 * Terminal controls, C1 codes and bidirectional overrides in a scanned file could rewrite
 * the user's screen or hide code (Trojan Source); each becomes one U+FFFD so carets stay aligned.
 */
const UNSAFE_CHARS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function sanitizeForTerminal(text: string): string {
  return text.replace(UNSAFE_CHARS, '\ufffd');
}

export function renderText(report: TextReport, options: TextOptions): string {
  const paint = (style: Style, text: string): string => (options.color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text);
  const out: string[] = [];
  if (report.heading !== undefined) out.push(paint('bold', sanitizeForTerminal(report.heading)), '');

  const findings = [...report.findings].sort(compareFindings);
  const gutter = Math.max(0, ...findings.map((f) => String(f.line).length));
  const lineCache = new Map<string, readonly string[]>();
  const linesOf = (path: string): readonly string[] | undefined => {
    const cached = lineCache.get(path);
    if (cached !== undefined) return cached;
    const text = report.sources.get(path);
    if (text === undefined) return undefined;
    const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    lineCache.set(path, lines);
    return lines;
  };

  for (const f of findings) {
    const where = `${sanitizeForTerminal(f.path)}:${f.line}:${f.column}`;
    out.push(
      `${paint('bold', where)}: ${paint(SEVERITY_STYLE[f.severity], f.severity)} ` +
        `${paint('magenta', `[${sanitizeForTerminal(f.ruleId)}]`)} ${sanitizeForTerminal(f.message)}`,
    );
    const source = linesOf(f.path)?.[f.line - 1];
    if (source !== undefined) {
      const marked = markSpan(source, f);
      const number = String(f.line).padStart(gutter);
      out.push(`  ${paint('dim', `${number} |`)} ${marked.text}`);
      const continues = f.endLine > f.line ? paint('dim', ` (continues to line ${f.endLine})`) : '';
      out.push(`  ${paint('dim', `${' '.repeat(gutter)} |`)} ${paint(SEVERITY_STYLE[f.severity], marked.marker)}${continues}`);
    }
    out.push('');
  }

  if (report.errors.length > 0) {
    const skipped = new Set(report.notAnalysed);
    out.push(paint('bold', 'Not analysed:'));
    for (const e of report.errors) {
      const where = e.line === undefined ? e.path : `${e.path}:${e.line}`;
      const partly = skipped.has(e.path) ? '' : ' (rest of the file analysed)';
      out.push(`  ${sanitizeForTerminal(where)}: ${e.kind}: ${sanitizeForTerminal(e.message)}${partly}`);
    }
    out.push('');
  }

  for (const note of report.notes ?? []) out.push(sanitizeForTerminal(note));
  if ((report.notes ?? []).length > 0) out.push('');

  out.push(totals(report, findings));
  if (report.conclusion !== undefined) {
    const c = report.conclusion;
    out.push(`Check conclusion: ${paint(CONCLUSION_STYLE[c.conclusion], c.conclusion)} (${sanitizeForTerminal(c.reason)})`);
  }
  return `${out.join('\n')}\n`;
}

function totals(report: TextReport, findings: readonly Finding[]): string {
  const files = plural(report.filesScanned, 'file');
  const skipped = report.notAnalysed.length > 0 ? `; ${plural(report.notAnalysed.length, 'file')} not analysed` : '';
  if (findings.length === 0) return `No findings in ${files}${skipped}.`;
  const bySeverity = (['high', 'medium', 'low'] as const)
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const withFindings = new Set(findings.map((f) => f.path)).size;
  return `${plural(findings.length, 'finding')} (${bySeverity}) in ${withFindings} of ${files}${skipped}.`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function compareFindings(a: Finding, b: Finding): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/**
 * The source line as displayed (tabs expanded, unsafe characters replaced, long lines
 * windowed) and a marker line with carets under [column, endColumn) of the first line.
 */
export function markSpan(
  source: string,
  span: { readonly line: number; readonly endLine: number; readonly column: number; readonly endColumn: number },
): { readonly text: string; readonly marker: string } {
  const clean = sanitizeForTerminal(source);
  // displayStart[i] is where source character i starts on screen.
  const displayStart: number[] = [];
  let shown = '';
  for (const ch of clean) {
    const width = ch === '\t' ? TAB_WIDTH - (shown.length % TAB_WIDTH) : 1;
    for (let k = 0; k < ch.length; k++) displayStart.push(shown.length);
    shown += ch === '\t' ? ' '.repeat(width) : ch;
  }
  displayStart.push(shown.length);
  const at = (column: number): number => displayStart[Math.min(Math.max(column - 1, 0), clean.length)];
  const from = at(span.column);
  const multiLine = span.endLine > span.line;
  let to = multiLine ? shown.length : at(span.endColumn);
  if (to <= from) to = from + 1;

  let start = 0;
  let text = shown;
  if (shown.length > MAX_SOURCE_WIDTH) {
    start = Math.max(0, Math.min(from - 40, shown.length - MAX_SOURCE_WIDTH));
    const end = start + MAX_SOURCE_WIDTH;
    text = `${start > 0 ? '…' : ''}${shown.slice(start, end)}${end < shown.length ? '…' : ''}`;
    if (start > 0) start -= 1; // the leading ellipsis takes one column
  }
  const visibleFrom = Math.max(from - start, 0);
  const visibleTo = Math.min(Math.max(to - start, visibleFrom + 1), text.length + 1);
  return { text, marker: ' '.repeat(visibleFrom) + '^'.repeat(Math.max(visibleTo - visibleFrom, 1)) };
}

/** The rule catalogue as an aligned table, for `hunkwise rules`. */
export function renderRulesText(
  rules: readonly {
    readonly id: string;
    readonly title: string;
    readonly severity: Severity;
    readonly confidence: string;
    readonly cwe: readonly number[];
  }[],
): string {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rows = [
    ['RULE', 'SEVERITY', 'CONFIDENCE', 'CWE', 'TITLE'],
    // Repository rules come from the pull request: their id and title may carry terminal controls.
    ...sorted.map((r) => [
      sanitizeForTerminal(r.id),
      r.severity,
      r.confidence,
      r.cwe.map((n) => `CWE-${n}`).join(','),
      sanitizeForTerminal(r.title),
    ]),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i].length)));
  const lines = rows.map((row) =>
    row
      .map((value, i) => (i < widths.length ? value.padEnd(widths[i]) : value))
      .join('  ')
      .trimEnd(),
  );
  lines.push('', `${plural(sorted.length, 'rule')}.`);
  return `${lines.join('\n')}\n`;
}
