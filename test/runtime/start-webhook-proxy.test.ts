/**
 * WEBHOOK_PROXY_URL: followed in development only (unless asked), with the real
 * smee-client against a local server that speaks smee.io's protocol (Server-Sent
 * Events), forwarding a delivery's headers and body to the target; a channel
 * that cannot be reached is a warning, never a failure.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import { planWebhookProxy, startWebhookProxy } from '../../src/runtime/start-webhook-proxy.js';
import { freePort } from '../e2e/support/free-port.js';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return { stream, lines: () => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('planWebhookProxy', () => {
  test.each<[Record<string, string>, string]>([
    [{}, 'off'],
    [{ WEBHOOK_PROXY_URL: ' ' }, 'off'],
    [{ WEBHOOK_PROXY_URL: 'https://smee.io/abc' }, 'start'],
    [{ WEBHOOK_PROXY_URL: 'https://smee.io/abc', NODE_ENV: 'development' }, 'start'],
    [{ WEBHOOK_PROXY_URL: 'https://smee.io/abc', NODE_ENV: 'production' }, 'ignored'],
    [{ WEBHOOK_PROXY_URL: 'https://smee.io/abc', NODE_ENV: 'production', HUNKWISE_WEBHOOK_PROXY_IN_PRODUCTION: 'true' }, 'start'],
    [{ WEBHOOK_PROXY_URL: 'not a url' }, 'ignored'],
    [{ WEBHOOK_PROXY_URL: 'file:///etc/passwd' }, 'ignored'],
  ])('%j → %s', (env, kind) => {
    expect(planWebhookProxy(env).kind).toBe(kind);
  });
});

describe('startWebhookProxy', () => {
  test('forwards a delivery from the channel to the target, headers and body included', async () => {
    const received: { headers: IncomingMessage['headers']; body: string }[] = [];
    const target = await listen((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end('ok');
      });
    });
    const delivery = {
      'x-github-event': 'ping',
      'x-github-delivery': 'delivery-1',
      'x-hub-signature-256': `sha256=${'0'.repeat(64)}`,
      body: { zen: 'Keep it logically awesome.', hook_id: 1 },
      query: {},
      timestamp: Date.now(),
    };
    const channel = await listen((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write('event: ready\ndata: {}\n\n');
      setTimeout(() => res.write(`data: ${JSON.stringify(delivery)}\n\n`), 50);
    });
    const { stream, lines } = capture();
    const proxy = await startWebhookProxy({
      source: `${channel.url}/secret-channel-name`,
      target: `${target.url}/api/github/webhooks`,
      log: createLogger({ destination: stream }),
      connectTimeoutMs: 5_000,
    });
    try {
      for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(received).toHaveLength(1);
      expect(received[0]?.headers['x-github-event']).toBe('ping');
      expect(received[0]?.headers['x-hub-signature-256']).toBe(delivery['x-hub-signature-256']);
      expect(JSON.parse(received[0]?.body ?? '')).toEqual(delivery.body);
      expect(lines().some((l) => l.msg === 'forwarding webhooks from WEBHOOK_PROXY_URL' && l.name === 'webhook-proxy')).toBe(true);
      // The channel's name is as good as a password: not in the log.
      expect(JSON.stringify(lines())).not.toContain('secret-channel-name');
    } finally {
      await proxy.stop();
      channel.server.closeAllConnections();
      target.server.closeAllConnections();
      await new Promise((r) => channel.server.close(r));
      await new Promise((r) => target.server.close(r));
    }
  });

  test('a channel where nothing listens: one warning, and it resolves', async () => {
    const port = await freePort();
    const { stream, lines } = capture();
    const proxy = await startWebhookProxy({
      source: `http://127.0.0.1:${port}/channel`,
      target: 'http://127.0.0.1:1/api/github/webhooks',
      log: createLogger({ destination: stream }),
      connectTimeoutMs: 2_000,
    });
    await proxy.stop();
    expect(lines().filter((l) => typeof l.msg === 'string' && l.msg.startsWith('could not connect to WEBHOOK_PROXY_URL'))).toHaveLength(1);
  });

  test('a client that fails to load or start is a warning too', async () => {
    const { stream, lines } = capture();
    await startWebhookProxy({
      source: 'https://smee.io/x',
      target: 'http://127.0.0.1:1/',
      log: createLogger({ destination: stream }),
      createClient: () => {
        throw new Error('no smee-client');
      },
    });
    expect(lines().some((l) => typeof l.msg === 'string' && l.msg.startsWith('could not connect'))).toBe(true);
  });
});
