/**
 * GET /metrics on the webhook server or its own port, open or behind a bearer
 * token, and absent unless asked for.
 */
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/runtime/metrics.js';
import { readRuntimeSettings } from '../../src/runtime/read-runtime-settings.js';
import { startMetricsServer, type MetricsServer } from '../../src/server/metrics-endpoint.js';
import { startWebhookServer, type WebhookServer } from '../../src/server/start-webhook-server.js';

const log = createLogger({ level: 'silent' });
const metrics = createMetrics({ processMetrics: false });
metrics.webhookAnswered('ping', 200);

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; type: string | null }> {
  const res = await fetch(url, { headers: { connection: 'close', ...headers } });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}

function webhookServer(options: { metrics?: boolean; token?: string } = {}): Promise<WebhookServer> {
  return startWebhookServer({
    host: '127.0.0.1',
    port: 0,
    secret: 'a-webhook-secret-of-some-length',
    receive: async () => undefined,
    log,
    ...(options.metrics === true ? { metrics: { metrics, ...(options.token === undefined ? {} : { token: options.token }) } } : {}),
  });
}

describe('on the webhook server', () => {
  let open: WebhookServer;
  let guarded: WebhookServer;
  let none: WebhookServer;
  beforeAll(async () => {
    [open, guarded, none] = await Promise.all([webhookServer({ metrics: true }), webhookServer({ metrics: true, token: 's3cret-token' }), webhookServer()]);
  });
  afterAll(() => Promise.all([open.close(), guarded.close(), none.close()]));

  test('open: the exposition text', async () => {
    const res = await get(`${open.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('hunkwise_webhooks_received_total{event="ping",status="200"} 1');
  });

  test('with METRICS_TOKEN: 401 without the bearer token or with another, 200 with it', async () => {
    expect((await get(`${guarded.url}/metrics`)).status).toBe(401);
    expect((await get(`${guarded.url}/metrics`, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get(`${guarded.url}/metrics`, { authorization: 's3cret-token' })).status).toBe(401);
    const res = await get(`${guarded.url}/metrics`, { authorization: 'Bearer s3cret-token' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('hunkwise_webhooks_received_total');
  });

  test('not asked for (METRICS_PORT serves it elsewhere): 404', async () => {
    expect((await get(`${none.url}/metrics`)).status).toBe(404);
  });

  test('POST /metrics: 405', async () => {
    const res = await fetch(`${open.url}/metrics`, { method: 'POST', body: 'x', headers: { connection: 'close' } });
    expect(res.status).toBe(405);
  });
});

describe('on a port of its own', () => {
  let server: MetricsServer;
  beforeAll(async () => {
    server = await startMetricsServer({ metrics, token: 'tok', host: '127.0.0.1', port: 0, log });
  });
  afterAll(() => server.close());

  test('serves /metrics (with the token) and nothing else', async () => {
    expect(server.url).toMatch(/\/metrics$/);
    expect((await get(server.url, { authorization: 'Bearer tok' })).status).toBe(200);
    expect((await get(server.url)).status).toBe(401);
    expect((await get(server.url.replace(/\/metrics$/, '/ping'))).status).toBe(404);
  });
});

describe('settings', () => {
  test.each([
    [{}, undefined, undefined],
    [{ METRICS_PORT: '9464', METRICS_TOKEN: ' t ' }, 9464, 't'],
    [{ METRICS_PORT: 'abc', METRICS_TOKEN: '' }, undefined, undefined],
    [{ METRICS_PORT: '70000' }, undefined, undefined],
  ])('%j', (env, port, token) => {
    const settings = readRuntimeSettings(env);
    expect(settings.metricsPort).toBe(port);
    expect(settings.metricsToken).toBe(token);
  });
});
