/**
 * GET /health, GET /ready and the shutdown deadline's helper: liveness while the
 * process runs, readiness that follows Redis and the shutdown, fixed bodies.
 */
import { createLogger } from '../../src/logger.js';
import { DEFAULT_SHUTDOWN_MS, readRuntimeSettings } from '../../src/runtime/read-runtime-settings.js';
import { withDeadline } from '../../src/runtime/with-deadline.js';
import { createReadiness } from '../../src/server/readiness.js';
import { startWebhookServer, type WebhookServer } from '../../src/server/start-webhook-server.js';
import { freePort } from '../e2e/support/free-port.js';

const SECRET = 'a-webhook-secret-of-some-length';

async function serve(ready?: () => Promise<boolean>): Promise<WebhookServer> {
  return startWebhookServer({
    host: '127.0.0.1',
    port: 0,
    secret: SECRET,
    receive: async () => undefined,
    log: createLogger({ level: 'silent' }),
    ...(ready === undefined ? {} : { ready }),
  });
}

async function get(server: WebhookServer, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${server.url}${path}`, { headers: { connection: 'close' } });
  return { status: res.status, body: await res.text() };
}

describe('withDeadline', () => {
  test('reports work that ends in time', async () => {
    await expect(withDeadline(Promise.resolve(1), 1_000)).resolves.toBe('done');
  });
  test('reports the deadline when the work does not end', async () => {
    await expect(withDeadline(new Promise(() => undefined), 10)).resolves.toBe('timeout');
  });
  test('passes a failure in time on, and swallows one after the deadline', async () => {
    await expect(withDeadline(Promise.reject(new Error('boom')), 1_000)).rejects.toThrow('boom');
    let fail: (e: Error) => void = () => undefined;
    const late = new Promise<void>((_resolve, reject) => (fail = reject));
    await expect(withDeadline(late, 0)).resolves.toBe('timeout');
    fail(new Error('late'));
    await new Promise((r) => setImmediate(r));
  });
});

describe('HUNKWISE_SHUTDOWN_MS', () => {
  test('defaults to 8 s, under Docker’s 10 s', () => {
    expect(readRuntimeSettings({}).shutdownMs).toBe(DEFAULT_SHUTDOWN_MS);
    expect(DEFAULT_SHUTDOWN_MS).toBeLessThan(10_000);
  });
  test('is read, and a bad value falls back to the default', () => {
    expect(readRuntimeSettings({ HUNKWISE_SHUTDOWN_MS: '2500' }).shutdownMs).toBe(2500);
    expect(readRuntimeSettings({ HUNKWISE_SHUTDOWN_MS: 'soon' }).shutdownMs).toBe(DEFAULT_SHUTDOWN_MS);
  });
});

describe('createReadiness', () => {
  test('without Redis: ready until the shutdown begins', async () => {
    const readiness = createReadiness({});
    await expect(readiness.ready()).resolves.toBe(true);
    readiness.shuttingDown();
    await expect(readiness.ready()).resolves.toBe(false);
    await readiness.close();
  });
  test('with a Redis nobody listens on: not ready, quickly', async () => {
    const port = await freePort();
    const readiness = createReadiness({ redisUrl: `redis://127.0.0.1:${port}`, pingTimeoutMs: 200 });
    try {
      await expect(readiness.ready()).resolves.toBe(false);
      await expect(Promise.all([readiness.ready(), readiness.ready()])).resolves.toEqual([false, false]);
    } finally {
      await readiness.close();
    }
  });
});

describe('the HTTP server', () => {
  test('GET /health answers ok, /ping PONG, /ready ready', async () => {
    const server = await serve();
    try {
      await expect(get(server, '/health')).resolves.toEqual({ status: 200, body: 'ok' });
      await expect(get(server, '/ping')).resolves.toEqual({ status: 200, body: 'PONG' });
      await expect(get(server, '/ready')).resolves.toEqual({ status: 200, body: 'ready' });
    } finally {
      await server.close();
    }
  });
  test('GET /ready answers 503 with a fixed body when the check says no or fails', async () => {
    let answer: () => Promise<boolean> = async () => false;
    const server = await serve(() => answer());
    try {
      await expect(get(server, '/ready')).resolves.toEqual({ status: 503, body: 'not ready' });
      answer = async () => {
        throw new Error('redis://:hunter2@redis:6379 refused');
      };
      const failed = await get(server, '/ready');
      expect(failed).toEqual({ status: 503, body: 'not ready' });
      answer = async () => true;
      await expect(get(server, '/health')).resolves.toEqual({ status: 200, body: 'ok' });
      await expect(get(server, '/ready')).resolves.toEqual({ status: 200, body: 'ready' });
    } finally {
      await server.close();
    }
  });
  test('POST /health is not a route', async () => {
    const server = await serve();
    try {
      const res = await fetch(`${server.url}/health`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(404);
      await res.text();
    } finally {
      await server.close();
    }
  });
});
