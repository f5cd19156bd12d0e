import { unquoteGitPath } from '../../src/diff/index.js';

describe('unquoteGitPath', () => {
  test.each<[string, string, string]>([
    ['an unquoted path is kept', 'src/app.py', 'src/app.py'],
    ['octal-escaped UTF-8', '"sp\\303\\244ce.py"', 'späce.py'],
    ['a three-byte character', '"\\342\\234\\223.py"', '✓.py'],
    ['C escapes', '"a\\tb\\nc\\\\d\\"e"', 'a\tb\nc\\d"e'],
    ['raw non-ASCII inside quotes (core.quotePath=false)', '"ä\\tb"', 'ä\tb'],
    ['an unterminated quote is kept as written', '"abc', '"abc'],
    ['a malformed escape is kept as written', '"a\\9"', '"a\\9"'],
  ])('%s', (_name, field, expected) => {
    expect(unquoteGitPath(field)).toBe(expected);
  });
});
