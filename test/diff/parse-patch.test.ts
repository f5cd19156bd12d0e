import { PatchParseError, parsePatch, type Hunk } from '../../src/diff/index.js';
import { APP_PY_PATCH, add, ctx, del, errorOf, patchOf } from './helpers.js';

describe('parsePatch', () => {
  test.each<[string, string, Hunk[]]>([
    ['an empty patch (rename without changes, binary)', '', []],
    ['a patch that is only a newline', '\n', []],
    [
      'one hunk with a section heading after the second @@',
      patchOf('@@ -10,3 +10,4 @@ def handler(request):', '     x = 1', '+    y = 2', '     z = 3', '     return x'),
      [
        {
          oldStart: 10,
          oldLines: 3,
          newStart: 10,
          newLines: 4,
          lines: [ctx(10, 10, '    x = 1'), add(11, '    y = 2'), ctx(11, 12, '    z = 3'), ctx(12, 13, '    return x')],
        },
      ],
    ],
    [
      'two hunks (GitHub patch of a real git diff)',
      APP_PY_PATCH,
      [
        {
          oldStart: 3,
          oldLines: 7,
          newStart: 3,
          newLines: 7,
          lines: [
            ctx(3, 3, ''),
            ctx(4, 4, ''),
            ctx(5, 5, 'def run(cmd):'),
            del(6, '    return subprocess.call(cmd, shell=False)'),
            add(6, '    return subprocess.call(cmd, shell=True)'),
            ctx(7, 7, ''),
            ctx(8, 8, ''),
            ctx(9, 9, 'def main():'),
          ],
        },
        {
          oldStart: 15,
          oldLines: 4,
          newStart: 15,
          newLines: 5,
          lines: [
            ctx(15, 15, ''),
            ctx(16, 16, ''),
            ctx(17, 17, 'if __name__ == "__main__":'),
            add(18, '    os.system(input())'),
            ctx(18, 19, '    main()'),
          ],
        },
      ],
    ],
    [
      'omitted counts mean 1',
      patchOf('@@ -1 +1 @@', '-v = 1', '+v = 2'),
      [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, lines: [del(1, 'v = 1'), add(1, 'v = 2')] }],
    ],
    [
      'an added file',
      patchOf('@@ -0,0 +1,3 @@', '+import pickle', '+', '+pickle.loads(b"")'),
      [
        {
          oldStart: 0,
          oldLines: 0,
          newStart: 1,
          newLines: 3,
          lines: [add(1, 'import pickle'), add(2, ''), add(3, 'pickle.loads(b"")')],
        },
      ],
    ],
    [
      'a deleted file',
      patchOf('@@ -1,2 +0,0 @@', '-import os', '-os.system("ls")'),
      [{ oldStart: 1, oldLines: 2, newStart: 0, newLines: 0, lines: [del(1, 'import os'), del(2, 'os.system("ls")')] }],
    ],
    [
      'an insertion with an empty old range',
      patchOf('@@ -5,0 +6,2 @@ class A:', '+    def f(self):', '+        pass'),
      [{ oldStart: 5, oldLines: 0, newStart: 6, newLines: 2, lines: [add(6, '    def f(self):'), add(7, '        pass')] }],
    ],
    [
      'the no-newline marker in the middle (old side) of a hunk',
      patchOf(
        '@@ -1,3 +1,4 @@',
        ' line1',
        '-line2',
        '-line3',
        '\\ No newline at end of file',
        '+line2 changed',
        '+line3',
        '+line4',
      ),
      [
        {
          oldStart: 1,
          oldLines: 3,
          newStart: 1,
          newLines: 4,
          lines: [ctx(1, 1, 'line1'), del(2, 'line2'), del(3, 'line3'), add(2, 'line2 changed'), add(3, 'line3'), add(4, 'line4')],
        },
      ],
    ],
    [
      'the no-newline marker at the end (new side)',
      patchOf('@@ -1,2 +1,2 @@', ' a = 1', '-b = 2', '+b = 3', '\\ No newline at end of file'),
      [{ oldStart: 1, oldLines: 2, newStart: 1, newLines: 2, lines: [ctx(1, 1, 'a = 1'), del(2, 'b = 2'), add(2, 'b = 3')] }],
    ],
    [
      'no-newline markers on both sides, then another hunk cannot follow but a blank line may',
      patchOf('@@ -1 +1 @@', '-x = 1', '\\ No newline at end of file', '+x = 2', '\\ No newline at end of file', ''),
      [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, lines: [del(1, 'x = 1'), add(1, 'x = 2')] }],
    ],
    [
      'CRLF file content: the \\r is stripped from texts',
      patchOf('@@ -1,3 +1,3 @@', ' a = 1\r', '-b = 2\r', '+b = 20\r', ' c = 3\r'),
      [
        {
          oldStart: 1,
          oldLines: 3,
          newStart: 1,
          newLines: 3,
          lines: [ctx(1, 1, 'a = 1'), del(2, 'b = 2'), add(2, 'b = 20'), ctx(3, 3, 'c = 3')],
        },
      ],
    ],
    [
      'a patch saved with CRLF line endings throughout, marker included',
      '@@ -1 +1,2 @@ heading\r\n-a\r\n+a\r\n+b\r\n\\ No newline at end of file\r\n',
      [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 2, lines: [del(1, 'a'), add(1, 'a'), add(2, 'b')] }],
    ],
    [
      'body lines that look like file headers or hunk headers are read by the counts',
      patchOf('@@ -1,2 +1,2 @@', '--- a/x.py', '+++ b/x.py', ' @@ -1 +1 @@'),
      [
        {
          oldStart: 1,
          oldLines: 2,
          newStart: 1,
          newLines: 2,
          lines: [del(1, '-- a/x.py'), add(1, '++ b/x.py'), ctx(2, 2, '@@ -1 +1 @@')],
        },
      ],
    ],
    [
      'a context line whose leading space was stripped counts as an empty context line',
      patchOf('@@ -1,3 +1,3 @@', ' a', '', '-b', '+c'),
      [{ oldStart: 1, oldLines: 3, newStart: 1, newLines: 3, lines: [ctx(1, 1, 'a'), ctx(2, 2, ''), del(3, 'b'), add(3, 'c')] }],
    ],
    [
      'a section heading that itself contains @@',
      patchOf('@@ -2 +2 @@ s = "@@ -1 +1 @@"', '-x', '+y'),
      [{ oldStart: 2, oldLines: 1, newStart: 2, newLines: 1, lines: [del(2, 'x'), add(2, 'y')] }],
    ],
  ])('%s', (_name, patch, expected) => {
    expect(parsePatch(patch)).toEqual(expected);
  });

  test.each<[string, string, number]>([
    ['text before the first hunk', patchOf('diff --git a/x b/x', '@@ -1 +1 @@', '-a', '+b'), 1],
    ['a malformed hunk header', patchOf('@@ -a +1 @@', '-a'), 1],
    ['a hunk that ends before its counts (reported at its header)', patchOf('', '@@ -1,3 +1,3 @@', ' a', ' b'), 2],
    ['more added lines than announced', patchOf('@@ -1 +1 @@', '-a', '+b', '+c'), 4],
    ['more context lines than announced', patchOf('@@ -1,2 +1 @@', ' a', ' b'), 3],
    ['an unknown line prefix in a body', patchOf('@@ -1 +1 @@', '*a', '+b'), 2],
  ])('rejects %s with the failing line', (_name, patch, line) => {
    const error = errorOf(() => parsePatch(patch));
    expect(error).toBeInstanceOf(PatchParseError);
    expect((error as PatchParseError).line).toBe(line);
  });

  test('error messages carry no file content (the section heading is source text)', () => {
    const patch = patchOf('@@ -1,3 +1,3 @@ def secret_token_holder():', ' a');
    expect(() => parsePatch(patch)).toThrow(/@@ -1,3 \+1,3 @@/);
    expect(() => parsePatch(patch)).not.toThrow(/secret_token_holder/);
  });
});
