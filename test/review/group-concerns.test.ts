import type { Finding } from '../../src/engine/types.js';
import type { Candidate } from '../../src/review/candidate.js';
import {
  describeLines,
  groupConcerns,
  MAX_FINDINGS_PER_CONCERN,
  MAX_STATEMENT_LINES,
  NEIGHBOUR_LINES,
} from '../../src/review/group-concerns.js';
import { makeFinding } from './make-finding.js';

function at(fp: string, line: number, overrides: Partial<Finding> = {}, endLine = line): Candidate {
  return {
    finding: makeFinding({ line, endLine, ...overrides }),
    fingerprint: fp,
    anchor: endLine > line ? { startLine: line, line: endLine } : { line },
    suggestion: false,
  };
}

const envNumber = { ruleId: 'env-unbounded-number', severity: 'low', category: 'concern', title: 'Number from the environment' } as const;

describe('groupConcerns', () => {
  it('merges the findings on one statement into one concern, most important first', () => {
    // Three rules on one Popen call spanning lines 38-40.
    const process = at('proc', 38, { ruleId: 'process-command-from-data', severity: 'medium', confidence: 'medium' }, 40);
    const noShell = at('noshell', 38, { ruleId: 'subprocess-without-shell', severity: 'low', confidence: 'medium' }, 40);
    const partial = at('partial', 39, { ruleId: 'partial-executable-path', severity: 'low', confidence: 'high' });
    const [concern, ...rest] = groupConcerns([noShell, partial, process]);
    expect(rest).toEqual([]);
    expect(concern.candidates.map((c) => c.fingerprint)).toEqual(['proc', 'partial', 'noshell']);
    expect(concern.fingerprints).toEqual(['proc', 'partial', 'noshell']);
    expect(concern.anchorCandidate).toBe(process);
    expect(concern.anchor).toEqual({ startLine: 38, line: 40 });
    expect(concern.ranges).toEqual([{ line: 38, endLine: 40 }]);
    expect(concern.otherRanges).toEqual([]);
  });

  it('merges one rule on neighbouring lines into one concern on the first, naming the others', () => {
    const concerns = groupConcerns([at('t12', 12, envNumber), at('t9', 9, envNumber), at('t11', 11, envNumber)]);
    expect(concerns).toHaveLength(1);
    const [concern] = concerns;
    expect(concern.anchorCandidate.fingerprint).toBe('t9');
    expect(concern.anchor).toEqual({ line: 9 });
    expect(concern.ranges).toEqual([
      { line: 9, endLine: 9 },
      { line: 11, endLine: 11 },
      { line: 12, endLine: 12 },
    ]);
    expect(concern.otherRanges).toEqual([
      { line: 11, endLine: 11 },
      { line: 12, endLine: 12 },
    ]);
    expect(describeLines(concern.ranges)).toBe('lines 9, 11, 12');
  });

  it('keeps one rule apart when its findings are far from each other, or in other files', () => {
    const far = 9 + NEIGHBOUR_LINES + 1;
    expect(groupConcerns([at('a', 9, envNumber), at('b', far, envNumber)])).toHaveLength(2);
    expect(groupConcerns([at('a', 9, envNumber), at('b', 9 + NEIGHBOUR_LINES, envNumber)])).toHaveLength(1);
    expect(groupConcerns([at('a', 9, envNumber), at('b', 10, { ...envNumber, path: 'app/other.py' })])).toHaveLength(2);
  });

  it('does not merge different rules on different statements, however close', () => {
    const concerns = groupConcerns([at('kill', 44, { ruleId: 'hard-kill-without-grace' }), at('port', 45, { ruleId: 'free-port-race' })]);
    expect(concerns.map((c) => c.fingerprints)).toEqual([['kill'], ['port']]);
  });

  it('does not chain a rule across a statement that merged several rules', () => {
    const a = at('a', 10, envNumber);
    const b = at('b', 12, envNumber);
    const other = at('c', 12, { ruleId: 'free-port-race' });
    const concerns = groupConcerns([a, b, other]);
    expect(concerns.map((c) => c.fingerprints)).toEqual([['a'], ['c', 'b']]);
  });

  it('keeps a finding with its own suggestion apart, so each fix stays one click away', () => {
    const withFix = (fp: string, line: number): Candidate => ({
      ...at(fp, line, { ...envNumber, fix: { line, endLine: line, replacement: 'x = 1' } }),
      suggestion: true,
    });
    expect(groupConcerns([withFix('a', 9), withFix('b', 11), at('c', 12, envNumber)]).map((c) => c.fingerprints)).toEqual([['a'], ['b'], ['c']]);
  });

  it('lets a block-sized finding stand alone instead of swallowing what is inside it', () => {
    const block = at('block', 10, { ruleId: 'swallowed-exception' }, 10 + MAX_STATEMENT_LINES);
    const inside = at('inside', 12, { ruleId: 'subprocess-shell-true' });
    expect(groupConcerns([block, inside]).map((c) => c.fingerprints)).toEqual([['block'], ['inside']]);
  });

  it('returns concerns in reading order, every candidate in exactly one', () => {
    const input = [
      at('z1', 50, { path: 'b.py' }),
      at('a2', 30, { path: 'a.py', ruleId: 'r2' }),
      at('a1', 5, { path: 'a.py', ruleId: 'r1' }),
    ];
    const concerns = groupConcerns(input);
    expect(concerns.map((c) => `${c.path}:${c.ranges[0].line}`)).toEqual(['a.py:5', 'a.py:30', 'b.py:50']);
    expect(concerns.flatMap((c) => c.fingerprints).sort()).toEqual(['a1', 'a2', 'z1']);
  });

  it('starts a new concern past the marker’s capacity', () => {
    const many = Array.from({ length: MAX_FINDINGS_PER_CONCERN + 3 }, (_, i) => at(`f${i}`, 100 + i, envNumber));
    const concerns = groupConcerns(many);
    expect(concerns.map((c) => c.candidates.length)).toEqual([MAX_FINDINGS_PER_CONCERN, 3]);
  });

  it('anchors on a finding GitHub can carry and offers its suggestion', () => {
    const fix = { line: 7, endLine: 7, replacement: 'x = 1' };
    const unanchored = { ...at('u', 7, { severity: 'high' }), anchor: null };
    const anchored = { ...at('s', 7, { ruleId: 'other', severity: 'low', fix }), suggestion: true };
    const [concern] = groupConcerns([unanchored, anchored]);
    expect(concern.candidates[0]).toBe(unanchored);
    expect(concern.anchorCandidate).toBe(anchored);
    expect(concern.suggestion).toBe(true);
  });
});

describe('describeLines', () => {
  it('names one line, several lines and ranges', () => {
    expect(describeLines([{ line: 73, endLine: 73 }])).toBe('line 73');
    expect(describeLines([{ line: 285, endLine: 295 }])).toBe('lines 285–295');
    expect(
      describeLines([
        { line: 192, endLine: 199 },
        { line: 202, endLine: 228 },
      ]),
    ).toBe('lines 192–199, 202–228');
  });
});
