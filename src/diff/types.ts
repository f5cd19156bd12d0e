/** Shapes of a parsed diff. Line numbers are 1-based, as in the patch. */
export type DiffLineKind = 'added' | 'context' | 'removed';

/** One body line of a hunk; `text` has no diff prefix and no line ending (a trailing \r is stripped). */
export interface DiffLine {
  readonly kind: DiffLineKind;
  /** Set for context and removed lines. */
  readonly oldLine?: number;
  /** Set for context and added lines. */
  readonly newLine?: number;
  readonly text: string;
}

export interface Hunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly lines: readonly DiffLine[];
}

export type FileStatus = 'added' | 'modified' | 'removed' | 'renamed';

export interface FilePatch {
  /** Null for an added file. */
  readonly oldPath: string | null;
  /** Null for a removed file. */
  readonly newPath: string | null;
  readonly status: FileStatus;
  readonly binary: boolean;
  readonly hunks: readonly Hunk[];
}

/** Where a line of the head file stands relative to the diff (RIGHT side). */
export type LineClass = 'added' | 'context' | 'outside';
