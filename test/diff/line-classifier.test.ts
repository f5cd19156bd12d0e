import { createLineClassifier, parsePatch, type LineClass } from '../../src/diff/index.js';
import { APP_PY_PATCH, patchOf } from './helpers.js';

// APP_PY_PATCH: hunk 0 shows new lines 3..9 (6 added), hunk 1 shows 15..19 (18 added).
describe('createLineClassifier on two hunks', () => {
  const classifier = createLineClassifier(parsePatch(APP_PY_PATCH));

  test.each<[string, number, LineClass, number]>([
    ['line 0 (not a line)', 0, 'outside', -1],
    ['before the first hunk', 1, 'outside', -1],
    ['just before the first hunk', 2, 'outside', -1],
    ['first line of the first hunk', 3, 'context', 0],
    ['context inside the first hunk', 5, 'context', 0],
    ['the added line of the first hunk', 6, 'added', 0],
    ['last line of the first hunk', 9, 'context', 0],
    ['just after the first hunk', 10, 'outside', -1],
    ['between the hunks', 12, 'outside', -1],
    ['just before the second hunk', 14, 'outside', -1],
    ['first line of the second hunk', 15, 'context', 1],
    ['the added line of the second hunk', 18, 'added', 1],
    ['last line of the second hunk', 19, 'context', 1],
    ['just after the last hunk', 20, 'outside', -1],
    ['far after the last hunk', 10_000, 'outside', -1],
  ])('%s (line %i)', (_name, line, expectedClass, expectedHunk) => {
    expect(classifier.classify(line)).toBe(expectedClass);
    expect(classifier.hunkIndexOf(line)).toBe(expectedHunk);
  });

  test('addedLines lists the new-side numbers of + lines', () => {
    expect([...classifier.addedLines()]).toEqual([6, 18]);
  });

  test.each<[number, number, number | undefined]>([
    [1, 5, undefined],
    [1, 6, 6],
    [6, 6, 6],
    [7, 17, undefined],
    [7, 18, 18],
    [1, 100, 6],
    [19, 100, undefined],
  ])('firstAddedIn(%i, %i) is %s', (start, end, expected) => {
    expect(classifier.firstAddedIn(start, end)).toBe(expected);
  });

  test.each<[number, number, number]>([
    [1, 2, -1],
    [1, 3, 0],
    [9, 15, 0],
    [10, 14, -1],
    [10, 15, 1],
    [16, 16, 1],
    [20, 30, -1],
  ])('firstHunkIn(%i, %i) is %i', (start, end, expected) => {
    expect(classifier.firstHunkIn(start, end)).toBe(expected);
  });
});

describe('createLineClassifier edge cases', () => {
  test.each<[string, string, readonly [number, LineClass, number][]]>([
    ['no hunks', '', [[1, 'outside', -1]]],
    [
      'a deletion-only hunk shows no RIGHT-side line',
      patchOf('@@ -4,2 +3,0 @@', '-a', '-b'),
      [
        [3, 'outside', -1],
        [4, 'outside', -1],
      ],
    ],
    [
      'an added file: every line is added',
      patchOf('@@ -0,0 +1,2 @@', '+a', '+b'),
      [
        [1, 'added', 0],
        [2, 'added', 0],
        [3, 'outside', -1],
      ],
    ],
    [
      'a deletion-only hunk before a normal one keeps hunk indexes',
      patchOf('@@ -1,2 +0,0 @@', '-a', '-b', '@@ -10 +8 @@', '-c', '+d'),
      [
        [7, 'outside', -1],
        [8, 'added', 1],
      ],
    ],
  ])('%s', (_name, patch, cases) => {
    const classifier = createLineClassifier(parsePatch(patch));
    for (const [line, expectedClass, expectedHunk] of cases) {
      expect([line, classifier.classify(line), classifier.hunkIndexOf(line)]).toEqual([line, expectedClass, expectedHunk]);
    }
  });
});
