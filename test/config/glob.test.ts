import { matchesGlob } from '../../src/config/glob.js';
import { compileGlob, GlobError, globProblem, MAX_GLOB_LENGTH } from '../../src/glob/compile-glob.js';

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

describe('compileGlob', () => {
  it.each([
    // path globs
    ['**/conftest.py', 'conftest.py', true],
    ['**/conftest.py', 'a/b/conftest.py', true],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'a/xb', false],
    ['a**', 'ab/c', true],
    ['{a,{b,c}}/x', 'c/x', true],
    ['{a,{b,c}}/x', 'd/x', false],
    ['[a-c]?.py', 'b1.py', true],
    ['[a-c]?.py', 'd1.py', false],
    ['src/?', 'src//', false],
    ['[]]x', ']x', true],
    ['./setup.py', 'setup.py', true],
    ['vendor/', 'vendor', false],
  ])('path %s vs %s → %s', (glob, path, expected) => {
    expect(compileGlob(glob, 'path').test(path)).toBe(expected);
  });

  it.each([
    ['os.exec*', 'os.execvp', true],
    ['os.exec*', 'os.exec', true],
    ['os.exec*', 'posix.execvp', false],
    ['*.send_signal', 'a.b.send_signal', true],
    ['subprocess.*', 'subprocess.Popen', true],
    ['tarfile.open().extractall', 'tarfile.open().extractall', true],
    ['a?b', 'axb', false],
    ['[ab]', 'a', false],
    ['*a*a*a*a*a*a*a*b', 'a'.repeat(50), false],
  ])('name %s vs %s → %s', (glob, name, expected) => {
    expect(compileGlob(glob, 'name').test(name)).toBe(expected);
  });

  it('matches without backtracking: many wildcards on long text', () => {
    const path = `${'a/'.repeat(500)}${'a'.repeat(3000)}`;
    expect(compileGlob('*a*a*a*a*a*a*a*b', 'path').test(path)).toBe(false);
    expect(compileGlob('**/**/**/**/**/**/*a*a*a*a*a*b', 'path').test(path)).toBe(false);
    expect(compileGlob(`${'*a'.repeat(40)}*b`, 'name').test('a'.repeat(5000))).toBe(false);
    expect(compileGlob(`${'*a'.repeat(40)}*`, 'name').test('a'.repeat(5000))).toBe(true);
  });

  it.each([
    ['vendor/{a', /never closed/],
    ['a}', /closes no/],
    ['x[ab', /never closed/],
    ['[z-a]', /runs backwards/],
    ['{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}', /more than 64 alternatives/],
    ['a'.repeat(MAX_GLOB_LENGTH + 1), /over the limit of 256/],
    ['/', /names no file/],
  ])('refuses %s', (glob, reason) => {
    expect(globProblem(glob, 'path')).toMatch(reason);
    expect(() => compileGlob(glob, 'path')).toThrow(GlobError);
  });

  it('matches nothing (and does not throw) for a glob that was never validated', () => {
    expect(matchesGlob('vendor/a.py', 'vendor/{a')).toBe(false);
  });
});
