import {
  extractFingerprints,
  fingerprintFindings,
  fingerprintMarker,
  MAX_FINGERPRINTS_PER_MARKER,
  normalizeSnippet,
} from '../../src/review/fingerprint.js';
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

  describe('reads the marker only where hunkwise writes it: the last line, whole', () => {
    const fp = '0123456789abcdef0123';
    const marker = fingerprintMarker(fp);

    it('accepts the marker as the last line, with trailing whitespace or CRLF', () => {
      expect(extractFingerprints(`### title\n\nbody\n${marker}`)).toEqual([fp]);
      expect(extractFingerprints(`### title\r\n\r\nbody\r\n${marker}\r\n`)).toEqual([fp]);
      expect(extractFingerprints(marker)).toEqual([fp]);
    });

    it('ignores a marker inside a suggestion block copied from the source line', () => {
      const body = `### title\n\n\`\`\`suggestion\nos.system(cmd)  # ${marker}\n\`\`\`\n\n<sub>footer</sub>`;
      expect(extractFingerprints(body)).toEqual([]);
      const alone = `### title\n\n\`\`\`suggestion\n${marker}\n\`\`\``;
      expect(extractFingerprints(alone)).toEqual([]);
    });

    it('ignores a marker anywhere but the last line, and a last line that merely contains one', () => {
      expect(extractFingerprints(`${marker}\nsome reply`)).toEqual([]);
      expect(extractFingerprints(`text\n${marker}\nmore text`)).toEqual([]);
      expect(extractFingerprints(`text\nquoted: ${marker}`)).toEqual([]);
      expect(extractFingerprints(`text\n${marker} ${marker}`)).toEqual([]);
      expect(extractFingerprints(`text\n> ${marker}`)).toEqual([]);
    });

    it('returns the fingerprints of the last line only', () => {
      expect(extractFingerprints(`${fingerprintMarker('a'.repeat(20))}\n${marker}`)).toEqual([fp]);
    });
  });

  describe('a merged comment lists several fingerprints on its one marker line', () => {
    const a = 'a'.repeat(20);
    const b = 'b'.repeat(20);
    const c = 'c'.repeat(20);

    it('round-trips a list, in order and without duplicates', () => {
      const marker = fingerprintMarker([a, b, c, b]);
      expect(marker).toBe(`<!-- hunkwise:fp=${a},${b},${c} -->`);
      expect(extractFingerprints(`### title\n\nbody\n${marker}\r\n`)).toEqual([a, b, c]);
    });

    it('reads a list only where it reads one marker: the whole last line', () => {
      const marker = fingerprintMarker([a, b]);
      expect(extractFingerprints(`${marker}\nsome reply`)).toEqual([]);
      expect(extractFingerprints(`text\nquoted: ${marker}`)).toEqual([]);
      expect(extractFingerprints(`\`\`\`suggestion\n${marker}\n\`\`\``)).toEqual([]);
      // Only the last line's list counts, never a union with an earlier marker.
      expect(extractFingerprints(`${fingerprintMarker(c)}\n${marker}`)).toEqual([a, b]);
    });

    it('refuses a malformed or oversized list whole', () => {
      expect(extractFingerprints(`<!-- hunkwise:fp=${a},${b}, -->`)).toEqual([]);
      expect(extractFingerprints(`<!-- hunkwise:fp=${a}, ${b} -->`)).toEqual([]);
      expect(extractFingerprints(`<!-- hunkwise:fp=${a},,${b} -->`)).toEqual([]);
      expect(extractFingerprints(`<!-- hunkwise:fp=${a},XYZ -->`)).toEqual([]);
      const max = Array.from({ length: MAX_FINGERPRINTS_PER_MARKER }, (_, i) => i.toString(16).padStart(20, '0'));
      expect(extractFingerprints(fingerprintMarker(max))).toEqual(max);
      expect(extractFingerprints(fingerprintMarker([...max, c]))).toEqual([]);
    });
  });

  it('normalises whitespace runs', () => {
    expect(normalizeSnippet('  a\n\t b  ')).toBe('a b');
  });
});
