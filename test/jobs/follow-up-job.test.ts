import { alreadyFinished, finishedWork, followUpJob, followUpOf } from '../../src/jobs/follow-up-job.js';
import type { ReviewJob } from '../../src/jobs/review-job.js';

const base: ReviewJob = {
  installationId: 1,
  owner: 'o',
  repo: 'r',
  pull: 3,
  headSha: 'old',
  trigger: { kind: 'pull_request', action: 'opened', draft: true },
  deliveryId: 'd1',
  pullRequestUpdatedAt: '2024-05-01T10:00:00Z',
};

describe('followUpJob', () => {
  it('reviews the current head with the draft state GitHub reports now, and no delivery time', () => {
    const { pullRequestUpdatedAt: _time, ...rest } = base;
    expect(followUpJob(base, { headSha: 'new', draft: false })).toStrictEqual({
      ...rest,
      headSha: 'new',
      trigger: { kind: 'pull_request', action: 'opened', draft: false },
    });
  });

  it('keeps a /recheck trigger, so the comment gets its rocket when the real head is done', () => {
    const recheck: ReviewJob = { ...base, trigger: { kind: 'recheck', commentId: 9, requestedBy: 'alice' } };
    expect(followUpJob(recheck, { headSha: 'new', draft: true }).trigger).toEqual(recheck.trigger);
  });
});

describe('followUpOf', () => {
  it('asks for a follow-up only for a run superseded by another open head', () => {
    const current = { headSha: 'new', draft: false };
    expect(followUpOf(base, { status: 'superseded', currentHead: current })?.headSha).toBe('new');
    expect(followUpOf(base, { status: 'superseded' })).toBeUndefined();
    expect(followUpOf(base, { status: 'superseded', currentHead: { headSha: 'old', draft: false } })).toBeUndefined();
    expect(followUpOf(base, { status: 'completed', currentHead: current })).toBeUndefined();
  });
});

describe('finishedWork and alreadyFinished', () => {
  const ready: ReviewJob = { ...base, trigger: { kind: 'pull_request', action: 'synchronize', draft: false } };

  it('counts a completed review for any later run of its head', () => {
    const done = finishedWork(base, { status: 'completed' });
    expect(alreadyFinished(done, base)).toBe(true);
    expect(alreadyFinished(done, ready)).toBe(true);
    expect(alreadyFinished(done, { ...ready, headSha: 'other' })).toBe(false);
  });

  it('counts a draft skip only for a run that may stop at draft too', () => {
    const done = finishedWork(base, { status: 'skipped-draft' });
    expect(alreadyFinished(done, base)).toBe(true);
    expect(alreadyFinished(done, ready)).toBe(false);
  });

  it('counts nothing for a crashed or superseded run', () => {
    expect(finishedWork(base, { status: 'crashed' })).toBeUndefined();
    expect(finishedWork(base, { status: 'superseded' })).toBeUndefined();
    expect(alreadyFinished(undefined, base)).toBe(false);
  });
});
