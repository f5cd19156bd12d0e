/**
 * The webhook intake in process, with small caps so that the tests are quick:
 * a body is never read past the cap, the signature is checked before parsing,
 * only a JSON object reaches the handlers, and no answer or log line echoes the body.
 */
import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import { startWebhookServer, type WebhookServer } from '../../src/server/start-webhook-server.js';
import type { WebhookEvent } from '../../src/server/webhook-intake.js';

const SECRET = 'test-secret-0123456789abcdef';
const CAP = 64 * 1024;
const sign = (body: string | Buffer, secret = SECRET): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

let server: WebhookServer;
let logText = '';
const received: WebhookEvent[] = [];
let failNext = false;

beforeAll(async () => {
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      logText += chunk.toString();
      done();
    },
  });
  server = await startWebhookServer({
    host: '127.0.0.1',
    port: 0,
    secret: SECRET,
    maxBodyBytes: CAP,
    maxBufferedBytes: 4 * CAP,
    log: createLogger({ level: 'trace', destination }),
    receive: async (event) => {
      if (failNext) {
        failNext = false;
        throw new Error('handler exploded');
      }
      received.push(event);
    },
  });
});
afterAll(() => server.close());

async function post(body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.url}/api/github/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': 'd-1', 'x-hub-signature-256': sign(body), ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** Raw HTTP over a socket: writes `head`, then `chunks()` until the server answers or closes. */
function rawRequest(head: string, chunk: Buffer | undefined, maxChunks: number): Promise<{ response: string; written: number; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    let response = '';
    let written = 0;
    let closed = false;
    socket.on('data', (d) => (response += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      resolve({ response, written, closed });
    });
    socket.write(head);
    const pump = (): void => {
      for (let i = 0; chunk !== undefined && i < maxChunks && !socket.destroyed && response === ''; i++) {
        written += chunk.length;
        if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString('latin1')}\r\n`, 'latin1')) return void socket.once('drain', pump);
      }
      if (!socket.destroyed) setTimeout(() => socket.destroy(), 3000).unref();
    };
    pump();
  });
}

describe('webhook intake', () => {
  test('a signed JSON object reaches the handlers', async () => {
    const body = JSON.stringify({ action: 'opened', number: 1 });
    expect(await post(body)).toEqual({ status: 200, text: 'ok\n' });
    expect(received.at(-1)).toEqual({ id: 'd-1', name: 'pull_request', payload: { action: 'opened', number: 1 } });
  });

  test.each(['null', '"x"', '42', '[1,2]', 'true'])('a signed %s is 400, not a 500, and runs nothing', async (body) => {
    const before = received.length;
    expect(await post(body)).toEqual({ status: 400, text: 'payload is not a JSON object\n' });
    expect(received).toHaveLength(before);
  });

  test('signed invalid JSON is 400', async () => {
    expect((await post('{"a":')).status).toBe(400);
  });

  test.each([
    ['a wrong secret', (b: string) => sign(b, 'development')],
    ['a malformed header', () => 'sha256=zz'],
    ['a sha1 header', () => `sha1=${'0'.repeat(40)}`],
  ])('%s is 400 and runs nothing', async (_what, signature) => {
    const before = received.length;
    const body = JSON.stringify({ action: 'opened', canary: 'CANARY-intake' });
    const result = await post(body, { 'x-hub-signature-256': signature(body) });
    expect(result.status).toBe(400);
    expect(result.text).not.toContain('CANARY');
    expect(received).toHaveLength(before);
  });

  test('a body over the cap by Content-Length is 413 before it is read', async () => {
    const head = `POST /api/github/webhooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-GitHub-Event: push\r\nX-GitHub-Delivery: big\r\nX-Hub-Signature-256: ${sign('x')}\r\nContent-Length: ${600 * 1024 * 1024}\r\n\r\n`;
    const result = await rawRequest(head, undefined, 0);
    expect(result.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.closed).toBe(true);
  });

  test('a chunked body over the cap is 413 and the connection is closed', async () => {
    const head = `POST /api/github/webhooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-GitHub-Event: push\r\nX-GitHub-Delivery: chunked\r\nX-Hub-Signature-256: ${sign('x')}\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const result = await rawRequest(head, Buffer.alloc(16 * 1024, 'a'), 1000);
    expect(result.response).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.closed).toBe(true);
    expect(result.written).toBeLessThan(1000 * 16 * 1024);
  });

  test('a handler that throws is 500 without the error text', async () => {
    failNext = true;
    const result = await post(JSON.stringify({ action: 'opened' }));
    expect(result).toEqual({ status: 500, text: 'the delivery could not be handled\n' });
  });

  test('other routes: GET /ping, 404, 405', async () => {
    expect(await (await fetch(`${server.url}/ping`)).text()).toBe('PONG');
    expect((await fetch(`${server.url}/ping?x=1`)).status).toBe(200);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/github/webhooks`)).status).toBe(405);
    expect((await post('{}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post('{}', { 'x-github-event': 'Bad Event!' })).status).toBe(400);
  });

  test('bodies being read at once share one budget: past it, 503', async () => {
    const small = await startWebhookServer({
      host: '127.0.0.1',
      port: 0,
      secret: SECRET,
      maxBodyBytes: CAP,
      maxBufferedBytes: CAP,
      log: createLogger({ level: 'silent' }),
      receive: async () => undefined,
    });
    const head = `POST /api/github/webhooks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-GitHub-Event: push\r\nX-GitHub-Delivery: b\r\nX-Hub-Signature-256: ${sign('x')}\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const part = Buffer.alloc(40 * 1024, 'a');
    const open = (): Promise<string> =>
      new Promise((resolve) => {
        const socket = connect(small.port, '127.0.0.1');
        let response = '';
        socket.on('data', (d) => (response += d.toString()));
        socket.on('error', () => undefined);
        socket.on('close', () => resolve(response));
        socket.write(`${head}${part.length.toString(16)}\r\n${part.toString('latin1')}\r\n`, 'latin1');
        setTimeout(() => socket.destroy(), 1500).unref();
      });
    const first = open();
    await new Promise((r) => setTimeout(r, 300));
    expect(await open()).toMatch(/^HTTP\/1\.1 503 /);
    expect(await first).toBe('');
    await small.close();
  });

  test('the log has no body', () => {
    expect(logText).not.toContain('CANARY');
    expect(logText).toContain('webhook answered');
  });
});
