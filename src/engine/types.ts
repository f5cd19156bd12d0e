/**
 * The one finding type that flows from the engine to every output
 * (review comments, check annotations, CLI text/json/sarif).
 * Lines and columns are 1-based; endColumn is exclusive, as in SARIF.
 */
export type Severity = 'low' | 'medium' | 'high';
export type Confidence = 'low' | 'medium' | 'high';
/** A defect fails the check at the default threshold; a concern is advice with a mitigation. */
export type Category = 'defect' | 'concern' | 'practice';

export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high'];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** A replacement for whole source lines [line, endLine]; becomes a GitHub ```suggestion. */
export interface Fix {
  readonly line: number;
  readonly endLine: number;
  readonly replacement: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly path: string;
  readonly line: number;
  readonly endLine: number;
  readonly column: number;
  readonly endColumn: number;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly cwe: readonly string[];
  readonly bandit: readonly string[];
  readonly ruff: readonly string[];
  readonly message: string;
  readonly title: string;
  readonly category: Category;
  /** The source text of the flagged lines, trimmed; fingerprints use it so they survive line moves. */
  readonly snippet: string;
  readonly fix?: Fix;
}

/** Something that kept (part of) a file from being analysed. Never thrown: reported. */
export interface ScanError {
  readonly path: string;
  /** `too-complex`: nesting past one of the engine's bounds; the file was analysed only in part. */
  readonly kind: 'parse' | 'encoding' | 'binary' | 'too-large' | 'rule' | 'timeout' | 'io' | 'too-complex';
  readonly message: string;
  readonly line?: number;
  readonly ruleId?: string;
}

export interface FileResult {
  readonly path: string;
  readonly findings: readonly Finding[];
  readonly errors: readonly ScanError[];
  /** False when the file was skipped entirely (binary, too large, undecodable). */
  readonly analysed: boolean;
}
