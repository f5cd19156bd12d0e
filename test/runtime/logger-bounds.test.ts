/**
 * Attacks 7 and 8 of issue 9 at the logger: no line over MAX_LOG_LINE_CHARS,
 * whatever is logged, and nothing of a failed GitHub request's body (review
 * comments, suggestions, summaries quote the pull request's code) or of GitHub's
 * answer to it reaches the log, at any level.
 */
import { Writable } from 'node:stream';
import nock from 'nock';
import { Octokit } from '@octokit/rest';
import { createLogger, MAX_LOG_LINE_CHARS, serializeError } from '../../src/logger.js';

function capture(): { stream: Writable; lines: () => string[] } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return { stream, lines: () => out.split('\n').filter((l) => l !== '') };
}

const CANARY = 'os.system("echo CANARY-7f3a91 " + host)';

beforeAll(() => nock.disableNetConnect());
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/** A real Octokit RequestError: a 422 on a review whose answer quotes the comment, as GitHub's validation errors can. */
async function failedReviewWrite(): Promise<unknown> {
  const scope = nock('https://api.github.com')
    .post('/repos/acme/app/pulls/1/reviews')
    .query(true)
    .reply(422, {
      message: 'Unprocessable Entity',
      errors: [{ resource: 'PullRequestReviewComment', field: 'body', code: 'invalid', value: CANARY, message: `bad: ${CANARY}` }],
      documentation_url: 'https://docs.github.com/rest',
    });
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const octokit = new Octokit({ auth: 'ghs_abcdefghijklmnopqrstuvwx12', log: quiet, request: { retries: 0 } });
  const error = await octokit
    .request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews?token=querysecret', {
      owner: 'acme',
      repo: 'app',
      pull_number: 1,
      body: `summary quoting ${CANARY}`,
      comments: [{ path: 'app.py', line: 3, body: `\`\`\`suggestion\n${CANARY}\n\`\`\`` }],
    })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(scope.isDone()).toBe(true);
  return error;
}

describe('errors of GitHub requests', () => {
  test('a failed write logs method, URL without query, status and GitHub message, never the bodies', async () => {
    const error = await failedReviewWrite();
    expect(JSON.stringify((error as { request: unknown }).request)).toContain('CANARY-7f3a91');
    const { stream, lines } = capture();
    const log = createLogger({ level: 'trace', destination: stream });
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) {
      log[level]({ err: error }, 'GitHub refused the review');
      log[level]({ error }, 'as error');
      log[level](error as Error);
      log.child({ job: 'x' })[level]({ err: new AggregateError([error], 'wrapped'), cause: error }, 'nested');
    }
    const text = lines().join('\n');
    expect(lines()).toHaveLength(24);
    expect(text).not.toContain('CANARY');
    expect(text).not.toContain('querysecret');
    expect(text).not.toContain('ghs_');
    const first = JSON.parse(lines()[0]) as { err: Record<string, unknown> };
    expect(first.err).toMatchObject({
      type: 'RequestError',
      status: 422,
      request: { method: 'POST', url: 'https://api.github.com/repos/acme/app/pulls/1/reviews' },
      response: { status: 422 },
    });
    expect(first.err.message).toBe('Unprocessable Entity (PullRequestReviewComment.body.invalid)');
    expect(String(first.err.stack)).toMatch(/^at /);
  });

  test('a webhook error keeps the delivery id and event name, not the payload', () => {
    const error = Object.assign(new AggregateError([new Error('handler failed')], 'handler failed'), {
      event: { id: 'd-1', name: 'pull_request', payload: { pull_request: { body: CANARY } } },
    });
    expect(serializeError(error)).toMatchObject({ event: { id: 'd-1', name: 'pull_request' }, errors: [{ message: 'handler failed' }] });
    expect(JSON.stringify(serializeError(error))).not.toContain('CANARY');
    const { stream, lines } = capture();
    createLogger({ level: 'debug', destination: stream }).debug({ event: error.event }, 'Webhook received');
    expect(lines().join('\n')).not.toContain('CANARY');
    expect(JSON.parse(lines()[0])).toMatchObject({ event: { id: 'd-1', name: 'pull_request' } });
  });
});

describe('the length of a line', () => {
  const big = 'x'.repeat(30 * 1024 * 1024);
  const controls = '\u0001'.repeat(100_000);

  test.each<[string, (log: ReturnType<typeof createLogger>) => void]>([
    ['a 30 MB message', (log) => log.warn(big)],
    ['a 30 MB formatted message', (log) => log.warn('got %s', big)],
    ['a 30 MB field', (log) => log.warn({ text: big }, 'field')],
    ['a 30 MB error message', (log) => log.error({ err: new Error(big) }, 'failed')],
    ['an error with a 30 MB property', (log) => log.error(Object.assign(new Error('x'), { event: { payload: big }, detail: big }))],
    ['many long fields', (log) => log.info(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'y'.repeat(5000)])), 'wide')],
    ['a deep object', (log) => log.info({ deep: JSON.parse(`${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`) as unknown }, 'deep')],
    ['a long array', (log) => log.info({ list: Array.from({ length: 100_000 }, (_, i) => i) }, 'list')],
    ['control characters (six characters each in JSON)', (log) => log.info({ a: controls, b: controls, c: controls }, controls)],
    ['a child with a 30 MB binding', (log) => log.child({ id: big }).info('child')],
  ])('%s: one line of at most MAX_LOG_LINE_CHARS', (_what, write) => {
    const { stream, lines } = capture();
    write(createLogger({ level: 'info', destination: stream }));
    const out = lines();
    expect(out).toHaveLength(1);
    expect(out[0].length).toBeLessThanOrEqual(MAX_LOG_LINE_CHARS);
    expect(() => JSON.parse(out[0]) as unknown).not.toThrow();
  });

  test('ordinary lines are left as they are', () => {
    const { stream, lines } = capture();
    createLogger({ destination: stream }).info({ repo: 'acme/app', pull: 3, findings: 2 }, 'review job finished');
    expect(JSON.parse(lines()[0])).toMatchObject({ repo: 'acme/app', pull: 3, findings: 2, msg: 'review job finished' });
  });
});
