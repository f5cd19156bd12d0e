import { decideConclusion } from '../../src/review/conclusion.js';

describe('decideConclusion', () => {
  const high = { severity: 'high' as const };
  const medium = { severity: 'medium' as const };

  it('fails on a finding at or above fail_on', () => {
    expect(decideConclusion({ onAddedLines: [high], failOn: 'high', incomplete: false })).toBe('failure');
    expect(decideConclusion({ onAddedLines: [medium], failOn: 'medium', incomplete: false })).toBe('failure');
    expect(decideConclusion({ onAddedLines: [medium], failOn: 'low', incomplete: false })).toBe('failure');
  });

  it('is neutral with only lower findings or an incomplete analysis', () => {
    expect(decideConclusion({ onAddedLines: [medium], failOn: 'high', incomplete: false })).toBe('neutral');
    expect(decideConclusion({ onAddedLines: [], failOn: 'high', incomplete: true })).toBe('neutral');
  });

  it('never fails with fail_on: none', () => {
    expect(decideConclusion({ onAddedLines: [high], failOn: 'none', incomplete: false })).toBe('neutral');
  });

  it('succeeds with nothing to report', () => {
    expect(decideConclusion({ onAddedLines: [], failOn: 'high', incomplete: false })).toBe('success');
  });
});
