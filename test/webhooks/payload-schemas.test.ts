/** The payloads handlers read, validated at the edge, against GitHub's own examples. */
import { createRequire } from 'node:module';
import {
  checkRunPayload,
  checkSuitePayload,
  issueCommentPayload,
  payloadProblems,
  pullRequestPayload,
} from '../../src/webhooks/payload-schemas.js';

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as readonly {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}[];
const examplesOf = (event: string, action: string): Record<string, unknown>[] =>
  (examples.find((e) => e.name === event)?.examples ?? []).filter((p) => p.action === action);

const repository = { name: 'r', owner: { login: 'o' } };
const SHA = 'a'.repeat(40);

describe('webhook payload schemas', () => {
  it.each([
    ['pull_request', 'opened', pullRequestPayload],
    ['pull_request', 'synchronize', pullRequestPayload],
    ['issue_comment', 'created', issueCommentPayload],
    ['check_run', 'rerequested', checkRunPayload],
    ['check_suite', 'rerequested', checkSuitePayload],
  ] as const)('accept GitHub’s example %s.%s payloads', (event, action, schema) => {
    const payloads = examplesOf(event, action);
    expect(payloads.length).toBeGreaterThan(0);
    for (const payload of payloads) {
      const result = schema.safeParse(payload);
      expect(result.success ? [] : payloadProblems(result.error)).toEqual([]);
    }
  });

  it('name what a pull_request payload lacks or has with the wrong type', () => {
    const payload = { action: 'opened', repository: { name: 'r' }, pull_request: { number: '1', state: 'open' } };
    const result = pullRequestPayload.safeParse(payload);
    expect(result.success).toBe(false);
    expect(payloadProblems(result.error!)).toEqual(expect.arrayContaining(['repository.owner', 'pull_request.number', 'pull_request.head']));
  });

  it('refuse an action hunkwise does not handle and a head that is not a commit id', () => {
    const pr = { number: 1, state: 'open', head: { sha: SHA } };
    expect(pullRequestPayload.safeParse({ action: 'opened', repository, pull_request: pr }).success).toBe(true);
    expect(pullRequestPayload.safeParse({ action: 'closed', repository, pull_request: pr }).success).toBe(false);
    expect(pullRequestPayload.safeParse({ action: 'opened', repository, pull_request: { ...pr, head: { sha: '$(id)' } } }).success).toBe(false);
  });

  it('accept a comment whose body is null (an emptied comment) and whose user is null (a deleted account)', () => {
    const payload = { repository, issue: { number: 2, state: 'open', user: { login: 'a' } }, comment: { id: 3, body: null, user: null } };
    expect(issueCommentPayload.safeParse(payload).success).toBe(true);
  });

  it('check what the check_suite handler reads of its pull requests: the base repository id', () => {
    const suite = (pulls: unknown) => ({ repository: { ...repository, id: 9 }, check_suite: { id: 1, head_sha: SHA, pull_requests: pulls } });
    expect(checkSuitePayload.safeParse(suite([{ number: 4, base: { repo: { id: 9 } } }])).success).toBe(true);
    expect(payloadProblems(checkSuitePayload.safeParse(suite([{ number: 4, base: {} }])).error!)).toEqual(['check_suite.pull_requests.0.base.repo']);
  });

  it('refuse anything that is not an object', () => {
    expect(checkRunPayload.safeParse(null).success).toBe(false);
    expect(payloadProblems(checkRunPayload.safeParse('text').error!)).toEqual(['(payload)']);
  });
});
