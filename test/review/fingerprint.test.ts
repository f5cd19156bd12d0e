import { extractFingerprints, fingerprintFindings, fingerprintMarker, normalizeSnippet } from '../../src/review/fingerprint.js';
import { makeFinding } from './make-finding.js';

describe('fingerprintFindings', () => {
  it('does not depend on the line number, so a moved finding keeps its fingerprint', () => {
    const [a] = fingerprintFindings([makeFinding({ line: 10, endLine: 10 })]);
    const [b] = fingerprintFindings([makeFinding({ line: 42, endLine: 42 })]);
    expect(a.fingerprint).toBe(b.fingerprint);
  });

  it('ignores whitespace differences in the snippet', () => {
    const [a] = fingerprintFindings([makeFinding({ snippet: 'subprocess.call(cmd,   shell=True)' })]);
    const [b] = fingerprintFindings([makeFinding({ snippet: 'subprocess.call(cmd, shell=True)' })]);
    expect(a.fingerprint).toBe(b.fingerprint);
  });

  it('differs by rule, path and snippet', () => {
    const base = fingerprintFindings([makeFinding()])[0].fingerprint;
    expect(fingerprintFindings([makeFinding({ ruleId: 'other-rule' })])[0].fingerprint).not.toBe(base);
    expect(fingerprintFindings([makeFinding({ path: 'other.py' })])[0].fingerprint).not.toBe(base);
    expect(fingerprintFindings([makeFinding({ snippet: 'os.system(cmd)' })])[0].fingerprint).not.toBe(base);
  });

  it('numbers identical snippets in source order, whatever the input order', () => {
    const first = makeFinding({ line: 5, endLine: 5 });
    const second = makeFinding({ line: 9, endLine: 9 });
    const forward = fingerprintFindings([first, second]);
    const backward = fingerprintFindings([second, first]);
    expect(forward[0].fingerprint).not.toBe(forward[1].fingerprint);
    expect(backward[1].fingerprint).toBe(forward[0].fingerprint);
    expect(backward[0].finding).toBe(second);
  });

  it('round-trips through the hidden marker', () => {
    const [{ fingerprint }] = fingerprintFindings([makeFinding()]);
    const body = `text\n${fingerprintMarker(fingerprint)}\n`;
    expect(extractFingerprints(body)).toEqual([fingerprint]);
    expect(extractFingerprints('no marker <!-- hunkwise:fp=xyz -->')).toEqual([]);
  });

  it('normalises whitespace runs', () => {
    expect(normalizeSnippet('  a\n\t b  ')).toBe('a b');
  });
});
