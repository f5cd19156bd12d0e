/**
 * Attacks 6 and 7 of issue 9 against the built server (`node dist/src/index.js`):
 * it does not start on Probot's public `development` secret (or without one),
 * and a hostile sender cannot make it buffer or log a large body, nor answer 500.
 */
import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createAppCredentials } from './support/app-credentials.js';
import { createWorld, type World } from './support/e2e-world.js';
import { ensureBuilt, ROOT, startHunkwise, type HunkwiseProcess } from './support/hunkwise-process.js';
import { deliver, pullRequestEvent, sign } from './support/webhooks.js';

jest.setTimeout(60_000);

const MAX_LOG_LINE_CHARS = 16 * 1024;
const credentials = createAppCredentials();

/** Runs the server with only `env` (plus PATH/HOME) and returns how it ended. */
function runServer(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist/src/index.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', HOST: '127.0.0.1', PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => ensureBuilt(), 400_000);

describe('the server refuses to start', () => {
  const app = { APP_ID: String(credentials.appId), PRIVATE_KEY: credentials.privateKey };
  test.each<[string, Record<string, string>, RegExp]>([
    ['without WEBHOOK_SECRET (where Probot would accept webhooks signed with `development`)', { ...app, NODE_ENV: 'production' }, /WEBHOOK_SECRET is not set/],
    ['without WEBHOOK_SECRET, in development too', { ...app, NODE_ENV: 'development' }, /WEBHOOK_SECRET is not set/],
    ['with WEBHOOK_SECRET=development', { ...app, NODE_ENV: 'production', WEBHOOK_SECRET: 'development' }, /WEBHOOK_SECRET is "development"/],
    ['with the .env.example placeholder', { ...app, WEBHOOK_SECRET: 'replace-with-the-output-of-openssl-rand-hex-32' }, /placeholder/],
    ['in production without APP_ID', { NODE_ENV: 'production', WEBHOOK_SECRET: credentials.webhookSecret }, /APP_ID is not set/],
    ['without a private key', { APP_ID: '42', WEBHOOK_SECRET: credentials.webhookSecret }, /PRIVATE_KEY/],
    ['with a private key that is not one', { APP_ID: '42', PRIVATE_KEY: 'not a key', WEBHOOK_SECRET: credentials.webhookSecret }, /PRIVATE_KEY is not a PEM/],
  ])('%s: exit code 1 and one line', (_what, env, message) => {
    const result = runServer(env);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^hunkwise cannot start: /);
    expect(lines[0]).toMatch(message);
    expect(result.stderr).not.toContain('BEGIN');
  });
});

describe('hostile deliveries to the running server', () => {
  let world: World;
  let hunkwise: HunkwiseProcess;
  beforeAll(async () => {
    world = await createWorld();
    hunkwise = await startHunkwise({ credentials: world.credentials, gheHost: world.standin.host });
  }, 120_000);
  afterAll(async () => {
    await hunkwise?.stop();
    await world?.standin.stop();
  });

  const port = (): number => Number(new URL(hunkwise.webhookUrl).port);

  /** Raw HTTP: the head, then `chunks` chunks of `chunk` (chunked encoding) until the server answers or closes. */
  function rawPost(headers: Record<string, string>, chunk?: Buffer, chunks = 0): Promise<{ response: string; closed: boolean; written: number }> {
    return new Promise((resolve) => {
      const socket = connect(port(), '127.0.0.1');
      let response = '';
      let written = 0;
      let sent = 0;
      socket.on('data', (d) => (response += d.toString('latin1')));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve({ response, closed: true, written }));
      const head = Object.entries({ host: '127.0.0.1', 'content-type': 'application/json', ...headers })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.write(`POST /api/github/webhooks HTTP/1.1\r\n${head}\r\n`);
      const pump = (): void => {
        while (chunk !== undefined && sent < chunks && !socket.destroyed && response === '') {
          sent++;
          written += chunk.length;
          socket.write(`${chunk.length.toString(16)}\r\n`);
          socket.write(chunk);
          if (!socket.write('\r\n')) return void socket.once('drain', pump);
        }
        if (chunk !== undefined && sent >= chunks && !socket.destroyed) socket.write('0\r\n\r\n');
      };
      pump();
      setTimeout(() => socket.destroy(), 30_000).unref();
    });
  }

  const webhookHeaders = (delivery: string, signature = `sha256=${'0'.repeat(64)}`): Record<string, string> => ({
    'x-github-event': 'pull_request',
    'x-github-delivery': delivery,
    'x-hub-signature-256': signature,
  });

  test('a pull_request signed with `development` is 400 and reviews nothing', async () => {
    const ref = world.newRepo('forged-dev');
    const payload = pullRequestEvent(ref, 1, 'a'.repeat(40));
    const result = await deliver(hunkwise.webhookUrl, 'development', { event: 'pull_request', payload });
    expect(result.status).toBe(400);
    expect(world.standin.requests.filter((r) => r.path.includes('/forged-dev/'))).toEqual([]);
  });

  test('signed null and "x" are 400, not 500', async () => {
    for (const payload of [null, 'x']) {
      const result = await deliver(hunkwise.webhookUrl, world.credentials.webhookSecret, { event: 'pull_request', payload });
      expect(result).toMatchObject({ status: 400, body: 'payload is not a JSON object\n' });
    }
  });

  test('a 10 MB body with a bad signature is 400; its log lines are short and quote none of it', async () => {
    const canary = 'CANARY-BODY-5e1f';
    const body = Buffer.from(JSON.stringify({ action: 'opened', filler: `${canary}${'y'.repeat(10 * 1024 * 1024)}` }));
    const result = await rawPost({ ...webhookHeaders('bad-sig-10mb'), 'transfer-encoding': 'chunked' }, body, 1);
    expect(result.response).toMatch(/^HTTP\/1\.1 400 /);
    expect(result.response).not.toContain(canary);
    await hunkwise.waitForLog((l) => l.id === 'bad-sig-10mb' && l.msg === 'webhook answered', 'the access line');
  });

  test('a 30 MB chunked body is 413 and the connection closed before it is all read', async () => {
    const result = await rawPost({ ...webhookHeaders('chunked-30mb'), 'transfer-encoding': 'chunked' }, Buffer.alloc(1024 * 1024, 'z'), 30);
    expect(result.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.closed).toBe(true);
    // Not read whole: the server answered past the cap (the access line counts no body).
    const line = await hunkwise.waitForLog((l) => l.id === 'chunked-30mb' && l.msg === 'webhook answered', 'the access line');
    expect(line.bytes).toBe(0);
  });

  test('a Content-Length over 25 MB is 413 without reading the body', async () => {
    const result = await rawPost({ ...webhookHeaders('declared-600mb'), 'content-length': String(600 * 1024 * 1024) });
    expect(result.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.closed).toBe(true);
  });

  test('afterwards: still healthy, and no log line is long or holds a body', async () => {
    expect((await fetch(`http://127.0.0.1:${port()}/ping`)).status).toBe(200);
    const signed = JSON.stringify({ action: 'opened' });
    expect(sign(signed, world.credentials.webhookSecret)).toMatch(/^sha256=/);
    const all = [...hunkwise.logs.map((l) => JSON.stringify(l)), ...hunkwise.rawOutput];
    expect(all.filter((l) => l.length > MAX_LOG_LINE_CHARS)).toEqual([]);
    expect(all.join('\n')).not.toMatch(/CANARY|yyyyyyyyyy|zzzzzzzzzz/);
    expect(hunkwise.logs.filter((l) => l.msg === 'webhook answered').map((l) => [l.id, l.status])).toEqual(
      expect.arrayContaining([
        ['bad-sig-10mb', 400],
        ['chunked-30mb', 413],
        ['declared-600mb', 413],
      ]),
    );
  });
});
