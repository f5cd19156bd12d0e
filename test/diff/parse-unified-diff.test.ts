import {
  PatchParseError,
  parsePatch,
  parseUnifiedDiff,
  type FilePatch,
  type FileStatus,
  type Hunk,
} from '../../src/diff/index.js';
import { APP_PY_PATCH, add, ctx, del, errorOf } from './helpers.js';
import { REAL_GIT_DIFF } from './real-git-diff.js';

const lines = (...ls: readonly string[]): string => ls.join('\n') + '\n';

/** A file reduced to what identifies it, with hunk headers in "-a,b +c,d" form. */
interface Summary {
  readonly oldPath: string | null;
  readonly newPath: string | null;
  readonly status: FileStatus;
  readonly binary: boolean;
  readonly hunks: readonly string[];
}

const headerOf = (h: Hunk): string => `-${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines}`;
const summarize = (f: FilePatch): Summary => ({
  oldPath: f.oldPath,
  newPath: f.newPath,
  status: f.status,
  binary: f.binary,
  hunks: f.hunks.map(headerOf),
});

describe('parseUnifiedDiff on real git output', () => {
  const files = parseUnifiedDiff(REAL_GIT_DIFF);

  test('finds every file section', () => {
    expect(files).toHaveLength(13);
  });

  test.each<[number, Summary]>([
    [0, { oldPath: null, newPath: 'added.py', status: 'added', binary: false, hunks: ['-0,0 +1,5'] }],
    [1, { oldPath: 'app.py', newPath: 'app.py', status: 'modified', binary: false, hunks: ['-3,7 +3,7', '-15,4 +15,5'] }],
    [2, { oldPath: 'crlf.py', newPath: 'crlf.py', status: 'modified', binary: false, hunks: ['-1,3 +1,3'] }],
    [3, { oldPath: 'data.bin', newPath: 'data.bin', status: 'modified', binary: true, hunks: [] }],
    [4, { oldPath: 'with space.py', newPath: 'dé space.py', status: 'renamed', binary: false, hunks: [] }],
    [5, { oldPath: 'gone.py', newPath: null, status: 'removed', binary: false, hunks: ['-1,1 +0,0'] }],
    [6, { oldPath: 'mid.py', newPath: 'mid.py', status: 'modified', binary: false, hunks: ['-1,3 +1,4'] }],
    [7, { oldPath: 'old_name.py', newPath: 'new_name.py', status: 'renamed', binary: false, hunks: [] }],
    [8, { oldPath: 'nonl.py', newPath: 'nonl.py', status: 'modified', binary: false, hunks: ['-1,1 +1,1'] }],
    [9, { oldPath: 'moved.py', newPath: 'renamed/moved.py', status: 'renamed', binary: false, hunks: ['-7,4 +7,4'] }],
    [10, { oldPath: 'späce.py', newPath: 'späce.py', status: 'modified', binary: false, hunks: ['-1,1 +1,1'] }],
    [11, { oldPath: 'tail.py', newPath: 'tail.py', status: 'modified', binary: false, hunks: ['-1,2 +1,2'] }],
    [12, { oldPath: 'tool.sh', newPath: 'tool.sh', status: 'modified', binary: false, hunks: [] }],
  ])('file %i', (index, expected) => {
    expect(summarize(files[index])).toEqual(expected);
  });

  test('hunks equal what parsePatch makes of the GitHub patch of the same file', () => {
    expect(files[1].hunks).toEqual(parsePatch(APP_PY_PATCH));
  });

  test.each<[string, number, Hunk['lines']]>([
    [
      'added file',
      0,
      [add(1, 'import pickle'), add(2, ''), add(3, ''), add(4, 'def load(b):'), add(5, '    return pickle.loads(b)')],
    ],
    ['CRLF content, \\r stripped', 2, [ctx(1, 1, 'a = 1'), del(2, 'b = 2'), add(2, 'b = 20'), ctx(3, 3, 'c = 3')]],
    ['deleted file', 5, [del(1, 'gone = True')]],
    [
      'no-newline marker mid-hunk',
      6,
      [ctx(1, 1, 'line1'), del(2, 'line2'), del(3, 'line3'), add(2, 'line2 changed'), add(3, 'line3'), add(4, 'line4')],
    ],
    ['no-newline marker on the old side only', 8, [del(1, 'x = 1'), add(1, 'x = 2')]],
    ['rename with changes', 9, [ctx(7, 7, 'seven'), ctx(8, 8, 'eight'), ctx(9, 9, 'nine'), del(10, 'ten'), add(10, 'TEN')]],
    ['no-newline marker at the end', 11, [ctx(1, 1, 'a = 1'), del(2, 'b = 2'), add(2, 'b = 3')]],
  ])('lines of the %s', (_name, index, expected) => {
    expect(files[index].hunks.flatMap((h) => h.lines)).toEqual(expected);
  });
});

describe('parseUnifiedDiff on literal fixtures', () => {
  test.each<[string, string, Summary[]]>([
    ['empty text', '', []],
    ['text without any file section', lines('commit 1234', '', '    just a message'), []],
    [
      'a preamble before the first file (git show)',
      lines(
        'commit 0123456789abcdef0123456789abcdef01234567',
        'Author: A <a@example.com>',
        '',
        '    Fix the thing',
        '',
        'diff --git a/x.py b/x.py',
        'index 1111111..2222222 100644',
        '--- a/x.py',
        '+++ b/x.py',
        '@@ -1 +1 @@',
        '-a',
        '+b',
      ),
      [{ oldPath: 'x.py', newPath: 'x.py', status: 'modified', binary: false, hunks: ['-1,1 +1,1'] }],
    ],
    [
      // Real git 2.39 output: a name with a space gets a trailing tab on ---/+++,
      // a name with a tab is quoted with \t.
      'names with a space (trailing tab) and with a tab (quoted)',
      lines(
        'diff --git a/moved space.py b/moved space.py',
        'new file mode 100644',
        'index 0000000..2651e89',
        '--- /dev/null',
        '+++ b/moved space.py\t',
        '@@ -0,0 +1 @@',
        '+q = 2',
        'diff --git "a/tab\\tname.py" "b/tab\\tname.py"',
        'index 098cfab..2651e89 100644',
        '--- "a/tab\\tname.py"',
        '+++ "b/tab\\tname.py"',
        '@@ -1 +1 @@',
        '-q = 1',
        '+q = 2',
        'diff --git a/with space.py b/with space.py',
        'deleted file mode 100644',
        'index 098cfab..0000000',
        '--- a/with space.py\t',
        '+++ /dev/null',
        '@@ -1 +0,0 @@',
        '-q = 1',
      ),
      [
        { oldPath: null, newPath: 'moved space.py', status: 'added', binary: false, hunks: ['-0,0 +1,1'] },
        { oldPath: 'tab\tname.py', newPath: 'tab\tname.py', status: 'modified', binary: false, hunks: ['-1,1 +1,1'] },
        { oldPath: 'with space.py', newPath: null, status: 'removed', binary: false, hunks: ['-1,1 +0,0'] },
      ],
    ],
    [
      'a quoted name with escapes for quote, backslash and UTF-8 bytes',
      lines(
        'diff --git "a/q\\"uo\\\\te\\342\\234\\223.py" "b/q\\"uo\\\\te\\342\\234\\223.py"',
        'index 1111111..2222222 100644',
        '--- "a/q\\"uo\\\\te\\342\\234\\223.py"',
        '+++ "b/q\\"uo\\\\te\\342\\234\\223.py"',
        '@@ -1 +1 @@',
        '-a',
        '+b',
      ),
      [{ oldPath: 'q"uo\\te✓.py', newPath: 'q"uo\\te✓.py', status: 'modified', binary: false, hunks: ['-1,1 +1,1'] }],
    ],
    [
      'new and deleted empty files (no ---/+++ lines, no hunks)',
      lines(
        'diff --git a/pkg/__init__.py b/pkg/__init__.py',
        'new file mode 100644',
        'index 0000000..e69de29',
        'diff --git a/old/__init__.py b/old/__init__.py',
        'deleted file mode 100644',
        'index e69de29..0000000',
      ),
      [
        { oldPath: null, newPath: 'pkg/__init__.py', status: 'added', binary: false, hunks: [] },
        { oldPath: 'old/__init__.py', newPath: null, status: 'removed', binary: false, hunks: [] },
      ],
    ],
    [
      'a mode change only, on a name containing " b/"',
      lines('diff --git a/x b/y.py b/x b/y.py', 'old mode 100644', 'new mode 100755'),
      [{ oldPath: 'x b/y.py', newPath: 'x b/y.py', status: 'modified', binary: false, hunks: [] }],
    ],
    [
      'binary files added and changed, one with --binary data',
      lines(
        'diff --git a/logo.png b/logo.png',
        'new file mode 100644',
        'index 0000000..3f1f0a2',
        'Binary files /dev/null and b/logo.png differ',
        'diff --git a/img.bin b/img.bin',
        'index 1111111111111111111111111111111111111111..2222222222222222222222222222222222222222 100644',
        'GIT binary patch',
        'literal 4',
        'LcmZQzWMT#Y01f~L',
        '',
        'literal 4',
        'LcmZQzWMTyY01f~K',
        '',
        'diff --git a/after.py b/after.py',
        'index 1111111..2222222 100644',
        '--- a/after.py',
        '+++ b/after.py',
        '@@ -1 +1 @@',
        '-a',
        '+b',
      ),
      [
        { oldPath: null, newPath: 'logo.png', status: 'added', binary: true, hunks: [] },
        { oldPath: 'img.bin', newPath: 'img.bin', status: 'modified', binary: true, hunks: [] },
        { oldPath: 'after.py', newPath: 'after.py', status: 'modified', binary: false, hunks: ['-1,1 +1,1'] },
      ],
    ],
    [
      'a rename with changes between quoted and unquoted names',
      lines(
        'diff --git a/c d.py "b/d\\303\\251.py"',
        'similarity index 90%',
        'rename from c d.py',
        'rename to "d\\303\\251.py"',
        'index 1111111..2222222 100644',
        '--- a/c d.py\t',
        '+++ "b/d\\303\\251.py"',
        '@@ -2 +2 @@',
        '-2',
        '+two',
      ),
      [{ oldPath: 'c d.py', newPath: 'dé.py', status: 'renamed', binary: false, hunks: ['-2,1 +2,1'] }],
    ],
    [
      'a copy (git diff -C) is an added file that keeps its source',
      lines(
        'diff --git a/a.py b/b.py',
        'similarity index 90%',
        'copy from a.py',
        'copy to b.py',
        'index 1111111..2222222 100644',
        '--- a/a.py',
        '+++ b/b.py',
        '@@ -1 +1 @@',
        '-a',
        '+b',
      ),
      [{ oldPath: 'a.py', newPath: 'b.py', status: 'added', binary: false, hunks: ['-1,1 +1,1'] }],
    ],
    [
      'removed and added lines that look like headers stay in their hunk',
      lines(
        'diff --git a/notes.md b/notes.md',
        'index 1111111..2222222 100644',
        '--- a/notes.md',
        '+++ b/notes.md',
        '@@ -1,3 +1,3 @@',
        '--- a/old',
        '+++ b/new',
        ' diff --git a/x b/x',
        '-rename to y',
        '+new file mode 100644',
        'diff --git a/z.py b/z.py',
        'deleted file mode 100644',
        'index 1111111..0000000',
        '--- a/z.py',
        '+++ /dev/null',
        '@@ -1 +0,0 @@',
        '-z',
      ),
      [
        { oldPath: 'notes.md', newPath: 'notes.md', status: 'modified', binary: false, hunks: ['-1,3 +1,3'] },
        { oldPath: 'z.py', newPath: null, status: 'removed', binary: false, hunks: ['-1,1 +0,0'] },
      ],
    ],
    [
      'a whole diff saved with CRLF line endings',
      [
        'diff --git a/w.py b/w.py',
        'index 1111111..2222222 100644',
        '--- a/w.py',
        '+++ b/w.py',
        '@@ -1,2 +1,2 @@ def f():',
        ' x',
        '-y',
        '+z',
        '\\ No newline at end of file',
        '',
      ].join('\r\n'),
      [{ oldPath: 'w.py', newPath: 'w.py', status: 'modified', binary: false, hunks: ['-1,2 +1,2'] }],
    ],
  ])('%s', (_name, text, expected) => {
    expect(parseUnifiedDiff(text).map(summarize)).toEqual(expected);
  });

  test('a whole diff saved with CRLF has no \\r in its texts', () => {
    const text = ['diff --git a/w.py b/w.py', '--- a/w.py', '+++ b/w.py', '@@ -1 +1 @@', '-y', '+z', ''].join('\r\n');
    expect(parseUnifiedDiff(text)[0].hunks[0].lines).toEqual([del(1, 'y'), add(1, 'z')]);
  });

  test('a header-like body line is a body line', () => {
    const [notes] = parseUnifiedDiff(
      lines('diff --git a/n b/n', '--- a/n', '+++ b/n', '@@ -1 +1 @@', '--- a/old', '+++ b/new'),
    );
    expect(notes.hunks[0].lines).toEqual([del(1, '-- a/old'), add(1, '++ b/new')]);
  });

  test('a broken hunk is reported at its line in the whole diff', () => {
    const text = lines(
      'diff --git a/ok.py b/ok.py',
      '--- a/ok.py',
      '+++ b/ok.py',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      'diff --git a/bad.py b/bad.py',
      '--- a/bad.py',
      '+++ b/bad.py',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      '+c',
    );
    const error = errorOf(() => parseUnifiedDiff(text));
    expect(error).toBeInstanceOf(PatchParseError);
    expect((error as PatchParseError).line).toBe(13);
  });

  test('a section whose paths cannot be told is rejected', () => {
    const error = errorOf(() => parseUnifiedDiff(lines('diff --git nonsense', 'old mode 100644', 'new mode 100755')));
    expect(error).toBeInstanceOf(PatchParseError);
    expect((error as PatchParseError).line).toBe(1);
  });
});
