/**
 * One comment per concern, as a careful reviewer writes them. Pure.
 *
 * Findings on the same statement (three rules on one `Popen` call) merge into
 * one concern, the most important first. Findings of one rule in one file
 * about the same thing (three environment-derived timeouts a few lines apart)
 * merge into one concern anchored on the first, naming the other lines,
 * unless one carries a ```suggestion of its own. Findings of different rules
 * on different statements never merge.
 */
import type { ReviewAnchor } from '../diff/index.js';
import { compareByImportance, type Candidate } from './candidate.js';
import { MAX_FINGERPRINTS_PER_MARKER } from './fingerprint.js';

/** Lines [line, endLine], 1-based, inclusive. */
export interface LineRange {
  readonly line: number;
  readonly endLine: number;
}

export interface Concern {
  readonly path: string;
  /** Its findings, most important first; never empty. */
  readonly candidates: readonly Candidate[];
  /** The finding whose anchor (and fix) the comment takes: on the first statement, its most important finding. */
  readonly anchorCandidate: Candidate;
  /** Where the comment goes; null when the diff cannot carry it. */
  readonly anchor: ReviewAnchor | null;
  /** The anchor spans exactly the anchor finding's fix: it may be a ```suggestion. */
  readonly suggestion: boolean;
  /** Every finding's fingerprint, in the order of `candidates`: the comment's marker. */
  readonly fingerprints: readonly string[];
  /** One range per statement, in line order. */
  readonly ranges: readonly LineRange[];
  /** `ranges` without the anchor's statement: "also lines 75, 78". */
  readonly otherRanges: readonly LineRange[];
}

/**
 * Findings of one rule this close (from the end of one to the start of the
 * next) are about the same thing: neighbouring assignments, one function's
 * body. Farther apart, a reader looks at them separately.
 */
export const NEIGHBOUR_LINES = 10;
/**
 * A finding spanning more lines than this covers a block (a function, a
 * `try`), not a statement: it does not absorb the findings inside it.
 */
export const MAX_STATEMENT_LINES = 20;
/** A comment naming more places than this is a list, not a comment; the marker holds this many. */
export const MAX_FINDINGS_PER_CONCERN = MAX_FINGERPRINTS_PER_MARKER;

interface Statement {
  readonly members: Candidate[];
  line: number;
  endLine: number;
}

function byPlace(a: Candidate, b: Candidate): number {
  return (
    a.finding.line - b.finding.line ||
    a.finding.endLine - b.finding.endLine ||
    a.finding.column - b.finding.column ||
    a.finding.ruleId.localeCompare(b.finding.ruleId) ||
    a.fingerprint.localeCompare(b.fingerprint)
  );
}

function span(c: Candidate): LineRange {
  return { line: c.finding.line, endLine: Math.max(c.finding.line, c.finding.endLine) };
}

/** Overlapping findings of one file, in line order, form statements (a block-sized finding stands alone). */
function statementsOf(candidates: readonly Candidate[]): Statement[] {
  const statements: Statement[] = [];
  let open: Statement | undefined;
  for (const c of [...candidates].sort(byPlace)) {
    const { line, endLine } = span(c);
    const block = endLine - line + 1 > MAX_STATEMENT_LINES;
    if (!block && open !== undefined && line <= open.endLine && open.members.length < MAX_FINDINGS_PER_CONCERN) {
      open.members.push(c);
      open.endLine = Math.max(open.endLine, endLine);
      continue;
    }
    const statement: Statement = { members: [c], line, endLine };
    statements.push(statement);
    open = block ? undefined : statement;
  }
  return statements;
}

/**
 * The one rule all of a statement's findings come from, if there is one and the
 * statement may join others of that rule: not when it carries a ```suggestion
 * (a comment holds one, and each fix should stay one click away).
 */
function mergeableRule(s: Statement): string | undefined {
  const rule = s.members[0].finding.ruleId;
  if (s.members.some((m) => m.suggestion && m.finding.fix !== undefined)) return undefined;
  return s.members.every((m) => m.finding.ruleId === rule) ? rule : undefined;
}

/** Statements of one rule within NEIGHBOUR_LINES of the previous one join its group. */
function groupStatements(statements: readonly Statement[]): Statement[][] {
  const groups: Statement[][] = [];
  const openByRule = new Map<string, { group: Statement[]; endLine: number; size: number }>();
  for (const s of statements) {
    const rule = mergeableRule(s);
    const open = rule === undefined ? undefined : openByRule.get(rule);
    if (
      open !== undefined &&
      s.line - open.endLine <= NEIGHBOUR_LINES &&
      open.size + s.members.length <= MAX_FINDINGS_PER_CONCERN
    ) {
      open.group.push(s);
      open.endLine = Math.max(open.endLine, s.endLine);
      open.size += s.members.length;
      continue;
    }
    const group = [s];
    groups.push(group);
    if (rule !== undefined) openByRule.set(rule, { group, endLine: s.endLine, size: s.members.length });
  }
  return groups;
}

function toConcern(path: string, group: readonly Statement[]): Concern {
  const candidates = group.flatMap((s) => s.members).sort((a, b) => compareByImportance(a.finding, b.finding));
  // The comment sits on the first statement that GitHub can carry a comment on.
  const first = group.find((s) => s.members.some((m) => m.anchor !== null)) ?? group[0];
  const anchorCandidate =
    [...first.members].sort((a, b) => compareByImportance(a.finding, b.finding)).find((m) => m.anchor !== null) ??
    first.members[0];
  const ranges = group.map((s) => ({ line: s.line, endLine: s.endLine }));
  return {
    path,
    candidates,
    anchorCandidate,
    anchor: anchorCandidate.anchor,
    suggestion: anchorCandidate.suggestion && anchorCandidate.finding.fix !== undefined,
    fingerprints: [...new Set(candidates.map((c) => c.fingerprint))],
    ranges,
    otherRanges: group.filter((s) => s !== first).map((s) => ({ line: s.line, endLine: s.endLine })),
  };
}

/**
 * The concerns of a set of findings, in reading order (path, then line). Every
 * candidate lands in exactly one concern.
 */
export function groupConcerns(candidates: readonly Candidate[]): Concern[] {
  const byPath = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = byPath.get(c.finding.path);
    if (list === undefined) byPath.set(c.finding.path, [c]);
    else list.push(c);
  }
  const concerns: Concern[] = [];
  for (const path of [...byPath.keys()].sort()) {
    const statements = statementsOf(byPath.get(path) ?? []);
    for (const group of groupStatements(statements)) concerns.push(toConcern(path, group));
  }
  return concerns;
}

/** "line 73", "lines 73, 75, 78", "lines 285–295": a concern's places as a reader counts them. */
export function describeLines(ranges: readonly LineRange[]): string {
  const parts = ranges.map((r) => (r.endLine > r.line ? `${r.line}–${r.endLine}` : String(r.line)));
  const single = ranges.length === 1 && ranges[0].endLine === ranges[0].line;
  return `${single ? 'line' : 'lines'} ${parts.join(', ')}`;
}
