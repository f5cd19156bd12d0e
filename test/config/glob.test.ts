import { matchesGlob } from '../../src/config/glob.js';

describe('matchesGlob', () => {
  it.each([
    ['tests/**', 'tests/test_a.py', true],
    ['tests/**', 'tests/unit/test_a.py', true],
    ['tests/**', 'src/tests/test_a.py', false],
    ['**/tests/**', 'src/tests/test_a.py', true],
    ['*.py', 'deep/dir/a.py', true],
    ['*.py', 'a.pyc', false],
    ['src/*.py', 'src/a.py', true],
    ['src/*.py', 'src/x/a.py', false],
    ['vendor/', 'vendor/lib/a.py', true],
    ['vendor', 'vendor/lib/a.py', true],
    ['scripts/*', 'scripts/deploy', true],
    ['{a,b}/*.py', 'b/x.py', true],
    ['{a,b}/*.py', 'c/x.py', false],
    ['conftest.py', 'pkg/conftest.py', true],
    ['/setup.py', 'pkg/setup.py', false],
    ['test_?.py', 'test_1.py', true],
    ['[!a]*.py', 'b.py', true],
    ['[!a]*.py', 'a.py', false],
  ])('%s vs %s → %s', (glob, path, expected) => {
    expect(matchesGlob(path, glob)).toBe(expected);
  });
});
