import { missingPayloadFields } from '../../src/webhooks/missing-payload-fields.js';

const repository = { name: 'r', owner: { login: 'o' } };

describe('missingPayloadFields', () => {
  it('accepts a whole pull_request payload', () => {
    const payload = { action: 'opened', repository, pull_request: { number: 1, state: 'open', head: { sha: 'abc' } } };
    expect(missingPayloadFields('pull_request', payload)).toEqual([]);
  });

  it('names what a pull_request payload lacks or has with the wrong type', () => {
    const payload = { action: 'opened', repository: { name: 'r' }, pull_request: { number: '1', state: 'open' } };
    expect(missingPayloadFields('pull_request', payload)).toEqual([
      'repository.owner.login',
      'pull_request.number',
      'pull_request.head.sha',
    ]);
  });

  it('accepts a comment whose body is null, as GitHub sends for an emptied comment', () => {
    const payload = { repository, issue: { number: 2, state: 'open', user: { login: 'a' } }, comment: { id: 3, body: null } };
    expect(missingPayloadFields('issue_comment', payload)).toEqual([]);
  });

  it('refuses anything that is not an object', () => {
    expect(missingPayloadFields('check_run', null)).toContain('check_run.id');
    expect(missingPayloadFields('check_run', 'text')).toHaveLength(5);
  });

  it('asks nothing of events hunkwise does not handle', () => {
    expect(missingPayloadFields('push', {})).toEqual([]);
  });
});
