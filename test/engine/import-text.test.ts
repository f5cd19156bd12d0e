import { parseClassHeader, parseImportStatement } from '../../src/engine/import-text.js';

describe('parseImportStatement', () => {
  test.each([
    ['import os', { names: [{ name: 'os' }] }],
    ['import os.path as p, sys', { names: [{ name: 'os.path', alias: 'p' }, { name: 'sys' }] }],
    ['from subprocess import Popen as P, call', { from: 'subprocess', names: [{ name: 'Popen', alias: 'P' }, { name: 'call' }] }],
    ['from . import views', { from: '.', names: [{ name: 'views' }] }],
    ['from ..pkg.mod import (a,  # why\n    b as c,\n)', { from: '..pkg.mod', names: [{ name: 'a' }, { name: 'b', alias: 'c' }] }],
    ['from os import \\\n    path', { from: 'os', names: [{ name: 'path' }] }],
    ['from xml.etree import *', { from: 'xml.etree', names: [] }],
  ])('%s', (text, expected) => {
    expect(parseImportStatement(text)).toEqual(expected);
  });

  test.each(['import', 'from import x', 'import a as', 'from a import b c', 'x = 1'])('%s is left to the tree', (text) => {
    expect(parseImportStatement(text)).toBeUndefined();
  });
});

describe('parseClassHeader', () => {
  const at = (source: string) => parseClassHeader(source, source.indexOf('class'));
  test('plain dotted bases; keyword arguments and splats are not bases', () => {
    expect(at('class P(subprocess.Popen, Base, metaclass=M, **kw):')).toEqual({ name: 'P', bases: ['subprocess.Popen', 'Base'] });
    expect(at('x = 1\nclass  Q ( a.b ,\n  c ) :')).toEqual({ name: 'Q', bases: ['a.b', 'c'] });
    expect(at('class R():')).toEqual({ name: 'R', bases: [] });
  });

  test.each(['class S(namedtuple("S", "a")):', 'class T(Generic[X]):', 'class U(A,  # c\n B):', 'class W(a . b):', 'class V:'])('%s is left to the tree', (source) => {
    expect(at(source)).toBeUndefined();
  });
});
