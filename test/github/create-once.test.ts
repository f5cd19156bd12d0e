/**
 * Creation that happens once under retries: a review or check run whose answer was lost is
 * looked up before it is sent again, and only an ambiguous failure (no answer, 5xx) is retried.
 */
import { jest } from '@jest/globals';
import nock from 'nock';
import { ProbotOctokit } from 'probot';
import { createOctokitGateway } from '../../src/github/octokit-gateway.js';
import { createOnce } from '../../src/github/octokit/create-once.js';
import { API } from '../integration/support/github-mock.js';

const OWNER = 'acme';
const REPO = 'widgets';
const HEAD = 'a'.repeat(40);

function gateway() {
  // The retry plugin is on, as in production: the gateway must keep it from re-sending creations.
  const octokit = new ProbotOctokit({ auth: { token: 'ghs_test' }, retry: { retryAfterBaseValue: 1 }, throttle: { enabled: false } });
  return createOctokitGateway(octokit, { owner: OWNER, repo: REPO });
}

const comment = { path: 'app.py', line: 3, body: 'finding' };
const review = (bodyText: string) => ({
  commitId: HEAD,
  pullRequestId: 'PR_1',
  comments: [{ comment }],
  body: () => bodyText,
});

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

describe('createOnce', () => {
  const refused = Object.assign(new Error('Unprocessable'), { status: 422 });
  const outage = Object.assign(new Error('Bad Gateway'), { status: 502 });

  it('does not look up or retry a refusal', async () => {
    const find = jest.fn(async () => 1 as number | undefined);
    await expect(createOnce(() => Promise.reject(refused), find)).rejects.toBe(refused);
    expect(find).not.toHaveBeenCalled();
  });

  it('answers with what a lost request created', async () => {
    const create = jest.fn(() => Promise.reject(outage));
    await expect(createOnce(create, async () => 42)).resolves.toBe(42);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('keeps the failure when nothing was created: the review job is queued again', async () => {
    const create = jest.fn(() => Promise.reject(outage));
    await expect(createOnce(create, async () => undefined)).rejects.toBe(outage);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('keeps the failure when the look-up fails too', async () => {
    await expect(createOnce(() => Promise.reject(outage), () => Promise.reject(outage))).rejects.toBe(outage);
  });
});

describe('the Octokit gateway creates once', () => {
  it('posts a review once when its answer is lost (502) and the review exists', async () => {
    const body = 'hunkwise: 1 concern';
    nock(API).post(`/repos/${OWNER}/${REPO}/pulls/1/reviews`).once().reply(502, { message: 'Bad Gateway' });
    nock(API)
      .get(`/repos/${OWNER}/${REPO}/pulls/1/reviews`)
      .query({ per_page: '100', page: '1' })
      .reply(200, [
        { id: 1, commit_id: HEAD, body: 'an older review' },
        { id: 2, commit_id: HEAD, body },
      ]);

    await expect(gateway().postReview(1, review(body))).resolves.toEqual([{ posted: true }]);
  });

  it('fails (for the queue to retry the review) when the lost request created nothing, without sending it again', async () => {
    nock(API).post(`/repos/${OWNER}/${REPO}/pulls/1/reviews`).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    nock(API).get(`/repos/${OWNER}/${REPO}/pulls/1/reviews`).query(true).reply(200, []);

    await expect(gateway().postReview(1, review('hunkwise: 1 concern'))).rejects.toThrow();
  });

  it('finds a check run a lost answer created, by external id and its own start time', async () => {
    let startedAt = '';
    nock(API)
      .post(`/repos/${OWNER}/${REPO}/check-runs`, (b: { started_at: string }) => {
        startedAt = b.started_at;
        return true;
      })
      .reply(503, { message: 'unavailable' });
    nock(API)
      .get(`/repos/${OWNER}/${REPO}/commits/${HEAD}/check-runs`)
      .query({ check_name: 'hunkwise', filter: 'all', per_page: '100' })
      .reply(200, () => ({
        total_count: 2,
        check_runs: [
          { id: 7, external_id: 'pull:1', status: 'completed', started_at: '2020-01-02T03:00:00Z' },
          { id: 8, external_id: 'pull:1', status: 'in_progress', started_at: startedAt },
        ],
      }));

    const id = await gateway().createCheckRun({ headSha: HEAD, externalId: 'pull:1', output: { title: 't', summary: 's' } });
    expect(id).toBe(8);
  });
});
