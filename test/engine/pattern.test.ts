import { linearPattern, linearPatternProblem, MAX_PATTERN_PROGRAM_SIZE, nativePattern, type Pattern } from '../../src/engine/pattern.js';

const both: readonly [string, (s: string) => Pattern][] = [
  ['native', nativePattern],
  ['RE2', linearPattern],
];

describe.each(both)('%s pattern', (_name, make) => {
  it('gives match indices in UTF-16 code units, as String indices', () => {
    const text = 'é😀 ab 😀ab';
    expect([...make('ab').matchAll(text)]).toEqual([
      { index: 4, end: 6 },
      { index: 9, end: 11 },
    ]);
    expect(text.slice(9, 11)).toBe('ab');
  });

  it('steps over empty matches', () => {
    expect([...make('x*').matchAll('axxb')].map((m) => [m.index, m.end])).toEqual([
      [0, 0],
      [1, 3],
      [3, 3],
      [4, 4],
    ]);
  });

  it('replaces the first match with $-groups as String.prototype.replace does', () => {
    expect(make('(a+)(b)').replaceFirst('xaab aab', '[$2$1$&$$]')).toBe('x[baaaab$] aab');
    expect(make('q').test('abc')).toBe(false);
  });
});

describe('linearPattern', () => {
  it('accepts JavaScript escapes RE2 spells differently', () => {
    expect(linearPattern('\\u00e9').test('café')).toBe(true);
    expect(linearPattern('(?<word>x)').test('x')).toBe(true);
  });

  it('refuses lookaround, backreferences and oversized programs with a reason', () => {
    expect(linearPatternProblem('a(?=b)')).toMatch(/lookahead and lookbehind are not supported/);
    expect(linearPatternProblem('(?<=a)b')).toMatch(/lookahead and lookbehind/);
    expect(linearPatternProblem('(a)\\1')).toMatch(/backreferences are not supported/);
    expect(linearPatternProblem('(?<q>a)\\k<q>')).toMatch(/backreferences are not supported/);
    expect(linearPatternProblem('[\\s\\S]{1000}[\\s\\S]{1000}[\\s\\S]{1000}')).toMatch(new RegExp(`over the limit of ${MAX_PATTERN_PROGRAM_SIZE}`));
    expect(linearPatternProblem('a{1001}')).toMatch(/invalid repeat count/);
  });
});
