import { classifyPath } from '../../src/config/classify-path.js';

describe('classifyPath', () => {
  const config = { include: ['bin/*'], exclude: ['vendor/**', 'bin/legacy'] };
  it.each([
    ['app/a.py', 'review'],
    ['app/a.pyi', 'review'],
    ['bin/tool', 'review'],
    ['bin/legacy', 'excluded'],
    ['vendor/x/a.py', 'excluded'],
    ['README.md', 'other'],
  ])('%s is %s', (path, expected) => {
    expect(classifyPath(path, config)).toBe(expected);
  });
});
