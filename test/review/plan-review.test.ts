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
    expect(plan.toPost.flatMap((c) => c.fingerprints)).toEqual(['b']);
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
    expect(plan.toPost.flatMap((c) => c.fingerprints)).toEqual(['high']);
    expect(plan.overCap.map((c) => c.fingerprint)).toEqual(['low']);
  });

  it('keeps low-severity hygiene findings out of the review, but not low concerns', () => {
    const assertUsed = candidate('assert', { finding: makeFinding({ ruleId: 'assert-used', category: 'practice', severity: 'low' }) });
    const concern = candidate('kill', { finding: makeFinding({ ruleId: 'hard-kill-without-grace', category: 'concern', severity: 'low' }) });
    const plan = planReview(input({ onAddedLines: [assertUsed, concern] }));
    expect(plan.toPost.flatMap((c) => c.fingerprints)).toEqual(['kill']);
    expect(plan.hygiene.map((c) => c.fingerprint)).toEqual(['assert']);
  });

  it('posts one comment per concern: findings on one statement merge, the cap counts concerns', () => {
    const shell = candidate('shell', { finding: makeFinding({ ruleId: 'subprocess-shell-true', line: 20, endLine: 20 }) }, 20);
    const partial = candidate('partial', { finding: makeFinding({ ruleId: 'partial-executable-path', severity: 'low', line: 20, endLine: 20 }) }, 20);
    const elsewhere = candidate('else', { finding: makeFinding({ ruleId: 'tainted-sql', severity: 'medium', line: 90, endLine: 90 }) }, 90);
    const plan = planReview(input({ onAddedLines: [partial, elsewhere, shell], maxComments: 1 }));
    expect(plan.toPost.map((c) => c.fingerprints)).toEqual([['shell', 'partial']]);
    expect(plan.overCap.map((c) => c.fingerprint)).toEqual(['else']);
  });

  it('does not post a concern again whose findings were all posted, and posts only what is new in it', () => {
    const timeout = (fp: string, line: number): Candidate =>
      candidate(fp, { finding: makeFinding({ ruleId: 'env-unbounded-number', severity: 'low', category: 'concern', line, endLine: line }) }, line);
    const earlier = [thread('t9', { fingerprints: ['t9', 't11'] })];
    const again = planReview(input({ onAddedLines: [timeout('t9', 9), timeout('t11', 11)], postedThreads: earlier }));
    expect(again.toPost).toEqual([]);
    expect(again.alreadyPosted.map((c) => c.fingerprint)).toEqual(['t9', 't11']);
    const grown = planReview(input({ onAddedLines: [timeout('t9', 9), timeout('t11', 11), timeout('t12', 12)], postedThreads: earlier }));
    expect(grown.toPost.map((c) => c.fingerprints)).toEqual([['t12']]);
  });

  it('calls a merged comment fixed only when none of its findings is current', () => {
    const merged = thread('a', { fingerprints: ['a', 'b', 'c'] });
    expect(planReview(input({ currentFingerprints: new Set(['c']), postedThreads: [merged] })).fixed).toEqual([]);
    expect(planReview(input({ currentFingerprints: new Set(['z']), postedThreads: [merged] })).fixed.map((t) => t.threadId)).toEqual(['T_a']);
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
