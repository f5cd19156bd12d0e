import {
  finalCheck,
  mockCheckUpdate,
  mockPull,
  mockReviewUpTo,
  mockToken,
  startHarness,
  stopHarness,
  type Harness,
} from './support/harness.js';
import { issueCommentEvent, OWNER, REPO } from './support/webhooks.js';

const repo = { owner: OWNER, repo: REPO };
const reactions = (h: Harness) =>
  h.gh.bodies('POST', '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions').map((b) => (b as { content: string }).content);
const replies = (h: Harness) =>
  h.gh.bodies('POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments').map((b) => (b as { body: string }).body);

function mockReaction(h: Harness, times = 1): void {
  h.gh.rest('POST', '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', { ...repo, comment_id: 9001 }, { id: 1, content: 'eyes' }, { times });
}

function mockPermission(h: Harness, username: string, role: string, permission: string): void {
  h.gh.rest(
    'GET',
    '/repos/{owner}/{repo}/collaborators/{username}/permission',
    { ...repo, username },
    { permission, role_name: role, user: { login: username } },
  );
}

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(stopHarness);

describe('/recheck', () => {
  it('from the author: eyes, a review, then a rocket', async () => {
    mockToken(h.gh);
    mockPull(h.gh); // the handler's look at the head
    mockReaction(h, 2);
    mockReviewUpTo(h.gh, [{ path: 'app/ok.py', content: 'x = 1\n' }], { token: false });
    mockCheckUpdate(h.gh);

    await h.deliver(issueCommentEvent({ body: 'Pushed a fix.\n\n  /ReCheck  \n' }));

    expect(reactions(h)).toEqual(['eyes', 'rocket']);
    expect(finalCheck(h.gh).conclusion).toBe('success');
    h.gh.assertDone();
  });

  it('from someone with write access who is not the author', async () => {
    mockToken(h.gh);
    mockPermission(h, 'bob', 'maintain', 'write');
    mockPull(h.gh);
    mockReaction(h, 2);
    mockReviewUpTo(h.gh, [{ path: 'app/ok.py', content: 'x = 1\n' }], { token: false });
    mockCheckUpdate(h.gh);

    await h.deliver(issueCommentEvent({ body: '/recheck', login: 'bob' }));

    expect(reactions(h)).toEqual(['eyes', 'rocket']);
    h.gh.assertDone();
  });

  it('refused without write access: a confused reaction, and no reply anyone could multiply', async () => {
    mockToken(h.gh);
    mockPermission(h, 'mallory', 'triage', 'read');
    mockPull(h.gh);
    mockReaction(h);

    await h.deliver(issueCommentEvent({ body: '/recheck', login: 'mallory' }));

    expect(reactions(h)).toEqual(['confused']);
    expect(replies(h)).toEqual([]);
    h.gh.assertDone();
  });

  it('ignored on a closed pull request, without a request', async () => {
    await h.deliver(issueCommentEvent({ body: '/recheck', state: 'closed' }));
    expect(h.gh.calls).toEqual([]);
    h.gh.assertDone();
  });

  it('ignored from a bot, without a word: bots answering bots never stop', async () => {
    await h.deliver(issueCommentEvent({ body: '/recheck', login: 'other-app[bot]', userType: 'Bot' }));
    expect(h.gh.calls).toEqual([]);
    h.gh.assertDone();
  });

  it('ignored when the command is not a line of its own', async () => {
    await h.deliver(issueCommentEvent({ body: 'please /recheck this' }));
    expect(h.gh.calls).toEqual([]);
    h.gh.assertDone();
  });
});
