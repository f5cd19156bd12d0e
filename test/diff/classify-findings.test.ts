import { anchorFor, classifyFindings, parsePatch, type Hunk, type ReviewAnchor } from '../../src/diff/index.js';
import type { Finding } from '../../src/engine/types.js';
import { APP_PY_PATCH, patchOf } from './helpers.js';

// Hunk 0 shows new lines 3..9 (6 added); hunk 1 shows 15..19 (18 added).
const hunks = parsePatch(APP_PY_PATCH);

interface Flagged {
  readonly id: string;
  readonly line: number;
  readonly endLine: number;
}

type Bucket = 'onAddedLines' | 'inContext' | 'elsewhere';

function bucketOf(f: Flagged, within: readonly Hunk[] | null): Bucket {
  const result = classifyFindings([f], within);
  const buckets = (['onAddedLines', 'inContext', 'elsewhere'] as const).filter((b) => result[b].length > 0);
  expect(buckets).toHaveLength(1);
  return buckets[0];
}

describe('classifyFindings', () => {
  test.each<[string, number, number, Bucket]>([
    ['single line on an added line', 6, 6, 'onAddedLines'],
    ['single line on the other hunk’s added line', 18, 18, 'onAddedLines'],
    ['single line on a context line', 5, 5, 'inContext'],
    ['single line on the last context line of a hunk', 9, 9, 'inContext'],
    ['single line before any hunk', 1, 1, 'elsewhere'],
    ['single line between hunks', 12, 12, 'elsewhere'],
    ['single line after the last hunk', 25, 25, 'elsewhere'],
    ['multi-line, starts on context, reaches an added line', 4, 7, 'onAddedLines'],
    ['multi-line, starts outside any hunk, reaches an added line', 1, 6, 'onAddedLines'],
    ['multi-line, between hunks, reaches the second hunk’s added line', 11, 18, 'onAddedLines'],
    ['multi-line, starts on an added line and leaves the hunk', 6, 12, 'onAddedLines'],
    ['multi-line, only context lines', 7, 9, 'inContext'],
    ['multi-line, starts on context and leaves the hunk without an added line', 9, 14, 'inContext'],
    ['multi-line, starts outside and reaches only context', 12, 16, 'elsewhere'],
    ['multi-line, wholly between hunks', 10, 14, 'elsewhere'],
    ['a reversed range still covers its lines', 7, 4, 'onAddedLines'],
  ])('%s [%i, %i] → %s', (_name, line, endLine, expected) => {
    expect(bucketOf({ id: 'x', line, endLine }, hunks)).toBe(expected);
  });

  test.each<[string, readonly Hunk[] | null]>([
    ['no patch from GitHub (null hunks)', null],
    ['a patch without hunks (rename without changes)', []],
  ])('%s: every finding is elsewhere', (_name, within) => {
    const findings: Flagged[] = [
      { id: 'a', line: 6, endLine: 6 },
      { id: 'b', line: 5, endLine: 5 },
      { id: 'c', line: 1, endLine: 30 },
    ];
    expect(classifyFindings(findings, within)).toEqual({ onAddedLines: [], inContext: [], elsewhere: findings });
  });

  test('keeps the input order within each bucket and returns the same objects', () => {
    const findings: Flagged[] = [
      { id: 'out1', line: 12, endLine: 12 },
      { id: 'add1', line: 18, endLine: 18 },
      { id: 'ctx1', line: 3, endLine: 3 },
      { id: 'add2', line: 6, endLine: 6 },
      { id: 'out2', line: 1, endLine: 2 },
      { id: 'ctx2', line: 19, endLine: 40 },
    ];
    const result = classifyFindings(findings, hunks);
    expect(result.onAddedLines.map((f) => f.id)).toEqual(['add1', 'add2']);
    expect(result.inContext.map((f) => f.id)).toEqual(['ctx1', 'ctx2']);
    expect(result.elsewhere.map((f) => f.id)).toEqual(['out1', 'out2']);
    expect(result.onAddedLines[0]).toBe(findings[1]);
  });

  test('accepts engine findings as they are', () => {
    const finding: Finding = {
      ruleId: 'subprocess-shell-true',
      path: 'app.py',
      line: 6,
      endLine: 6,
      column: 12,
      endColumn: 45,
      severity: 'high',
      confidence: 'high',
      cwe: ['CWE-78'],
      bandit: ['B602'],
      ruff: ['S602'],
      message: 'shell=True',
      title: 'subprocess with shell=True',
      category: 'defect',
      snippet: 'return subprocess.call(cmd, shell=True)',
    };
    const result = classifyFindings<Finding>([finding], hunks);
    expect(result.onAddedLines).toEqual([finding]);
  });
});

describe('anchorFor', () => {
  test.each<[string, number, number, ReviewAnchor | null]>([
    ['an added line', 6, 6, { line: 6 }],
    ['a context line', 4, 4, { line: 4 }],
    ['a range inside one hunk', 5, 7, { startLine: 5, line: 7 }],
    ['a range starting before the hunk, clipped to it', 1, 7, { startLine: 3, line: 7 }],
    ['a range spanning both hunks: the hunk of the first added line wins', 6, 18, { startLine: 6, line: 9 }],
    ['a range from context of hunk 0 to the added line of hunk 1', 8, 18, { startLine: 15, line: 18 }],
    ['a range from between hunks to the added line of hunk 1', 10, 18, { startLine: 15, line: 18 }],
    ['a range over context of both hunks, no added line: the first hunk', 8, 16, { startLine: 8, line: 9 }],
    ['a range that meets a hunk on one line collapses to a single line', 12, 15, { line: 15 }],
    ['a range ending on the first line of a hunk', 1, 3, { line: 3 }],
    ['a range leaving the last hunk', 17, 40, { startLine: 17, line: 19 }],
    ['a reversed range', 7, 5, { startLine: 5, line: 7 }],
    ['a range wholly between hunks', 10, 14, null],
    ['a line before any hunk', 1, 2, null],
    ['a line after the last hunk', 20, 20, null],
  ])('%s [%i, %i]', (_name, line, endLine, expected) => {
    expect(anchorFor(hunks, line, endLine)).toEqual(expected);
  });

  test.each<[string, readonly Hunk[] | null]>([
    ['no patch', null],
    ['no hunks', []],
    ['only a deletion', parsePatch(patchOf('@@ -1,2 +0,0 @@', '-a', '-b'))],
  ])('is null with %s', (_name, within) => {
    expect(anchorFor(within, 1, 5)).toBeNull();
  });

  test('every onAddedLines finding has an anchor that includes an added line', () => {
    for (let line = 1; line <= 25; line++) {
      for (let endLine = line; endLine <= 25; endLine++) {
        const { onAddedLines } = classifyFindings([{ line, endLine }], hunks);
        if (onAddedLines.length === 0) continue;
        const anchor = anchorFor(hunks, line, endLine);
        expect(anchor).not.toBeNull();
        const start = anchor?.startLine ?? anchor?.line ?? 0;
        const end = anchor?.line ?? 0;
        const covered = [6, 18].some((added) => added >= start && added <= end);
        expect([line, endLine, covered]).toEqual([line, endLine, true]);
      }
    }
  });
});
