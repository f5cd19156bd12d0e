import { planReview, type Candidate, type PlanInput, type PostedThread } from '../../src/review/plan-review.js';
import { makeFinding } from './make-finding.js';

function candidate(fp: string, overrides: Partial<Candidate> = {}, line = 10): Candidate {
  return {
    finding: makeFinding({ line, endLine: line }),
    fingerprint: fp,
    anchor: { line },
    suggestion: false,
    ...overrides,
  };
}

function thread(fp: string, overrides: Partial<PostedThread> = {}): PostedThread {
  return { threadId: `T_${fp}`, path: 'app/run.py', fingerprints: [fp], isResolved: false, hasHumanReply: false, ...overrides };
}

function input(overrides: Partial<PlanInput>): PlanInput {
  return {
    onAddedLines: [],
    currentFingerprints: new Set(),
    postedThreads: [],
    analysedPaths: new Set(['app/run.py']),
    changedPaths: new Set(['app/run.py']),
    maxComments: 30,
    ...overrides,
  };
}

describe('planReview', () => {
  it('posts new findings and skips those already commented', () => {
    const plan = planReview(
      input({
        onAddedLines: [candidate('a'), candidate('b')],
        currentFingerprints: new Set(['a', 'b']),
        postedThreads: [thread('a')],
      }),
    );
    expect(plan.toPost.map((c) => c.fingerprint)).toEqual(['b']);
    expect(plan.alreadyPosted.map((c) => c.fingerprint)).toEqual(['a']);
    expect(plan.fixed).toEqual([]);
  });

  it('treats a resolved thread as posted: a finding is never commented twice', () => {
    const plan = planReview(
      input({ onAddedLines: [candidate('a')], currentFingerprints: new Set(['a']), postedThreads: [thread('a', { isResolved: true })] }),
    );
    expect(plan.toPost).toEqual([]);
  });

  it('caps inline comments, keeping the most severe', () => {
    const low = candidate('low', { finding: makeFinding({ severity: 'low', line: 1, endLine: 1 }) }, 1);
    const high = candidate('high', { finding: makeFinding({ severity: 'high', line: 50, endLine: 50 }) }, 50);
    const plan = planReview(input({ onAddedLines: [low, high], maxComments: 1 }));
    expect(plan.toPost.map((c) => c.fingerprint)).toEqual(['high']);
    expect(plan.overCap.map((c) => c.fingerprint)).toEqual(['low']);
  });

  it('keeps low-severity hygiene findings out of the review, but not low concerns', () => {
    const assertUsed = candidate('assert', { finding: makeFinding({ ruleId: 'assert-used', category: 'practice', severity: 'low' }) });
    const concern = candidate('kill', { finding: makeFinding({ ruleId: 'hard-kill-without-grace', category: 'concern', severity: 'low' }) });
    const plan = planReview(input({ onAddedLines: [assertUsed, concern] }));
    expect(plan.toPost.map((c) => c.fingerprint)).toEqual(['kill']);
    expect(plan.hygiene.map((c) => c.fingerprint)).toEqual(['assert']);
  });

  it('sends unanchored findings to the summary', () => {
    const plan = planReview(input({ onAddedLines: [candidate('a', { anchor: null })] }));
    expect(plan.unanchored.map((c) => c.fingerprint)).toEqual(['a']);
    expect(plan.toPost).toEqual([]);
  });

  it('marks threads whose findings are gone as fixed, but leaves human threads alone', () => {
    const plan = planReview(
      input({
        currentFingerprints: new Set(['still']),
        postedThreads: [thread('gone'), thread('still'), thread('talked', { hasHumanReply: true }), thread('done', { isResolved: true })],
      }),
    );
    expect(plan.fixed.map((t) => t.threadId)).toEqual(['T_gone']);
  });

  it('does not call a finding fixed when its file could not be analysed', () => {
    const plan = planReview(input({ postedThreads: [thread('gone')], analysedPaths: new Set() }));
    expect(plan.fixed).toEqual([]);
  });

  it('calls it fixed when the pull request no longer changes the file', () => {
    const plan = planReview(input({ postedThreads: [thread('gone')], analysedPaths: new Set(), changedPaths: new Set() }));
    expect(plan.fixed.map((t) => t.threadId)).toEqual(['T_gone']);
  });
});
