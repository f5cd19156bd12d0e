/**
 * The built server as an operator runs it (issue 12, "Running the App"):
 * - SIGTERM with a review in flight (in-process queue): exit code 0 within
 *   HUNKWISE_SHUTDOWN_MS, and the review's check run closed as failure with
 *   "/recheck" when GitHub answers; exit 0 in time when GitHub does not;
 * - GET /metrics behind METRICS_TOKEN, counting the review it just did;
 * - WEBHOOK_PROXY_URL in development: a delivery from a smee-style channel
 *   reaches the review;
 * - setup mode started from another folder shows hunkwise's manifest;
 * - a port already in use: one line, exit code 1.
 */
import { jest } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completedCheck, createWorld, putPull, sendPullRequest, until, type World } from './support/e2e-world.js';
import { freePort } from './support/free-port.js';
import { ensureBuilt, ROOT, startHunkwise, type HunkwiseProcess } from './support/hunkwise-process.js';
import { pullRequestEvent, sign } from './support/webhooks.js';

jest.setTimeout(120_000);

const SHUTDOWN_MS = 3000;
/** Beyond the deadline: the engine threads' end (500 ms) and a loaded machine's slack; the helper SIGKILLs at 15 s. */
const EXIT_MARGIN_MS = 4000;

let world: World;
beforeAll(async () => {
  await ensureBuilt();
  world = await createWorld();
}, 400_000);
afterAll(async () => {
  await world?.standin.stop();
});

/** Polls an asynchronous probe until it gives a value. */
async function poll<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends SIGTERM and resolves with the milliseconds until the process exited. */
async function terminate(proc: HunkwiseProcess): Promise<number> {
  const started = performance.now();
  await proc.stop('SIGTERM');
  return performance.now() - started;
}

describe('SIGTERM with a review in flight (in-process queue)', () => {
  test('GitHub answers the check-run calls: exit 0 in time, the check run closed as failure with /recheck', async () => {
    const ref = world.newRepo('stalled');
    const pull = putPull(world, ref, 1, 'v1');
    let stalled = false;
    world.standin.addFault({ match: { repo: 'stalled', method: 'GET', path: /\/files$/ }, kind: { type: 'hang' }, times: 100, onHit: () => (stalled = true) });
    const hunkwise = await startHunkwise({ credentials: world.credentials, gheHost: world.standin.host, env: { HUNKWISE_SHUTDOWN_MS: String(SHUTDOWN_MS) } });
    try {
      expect((await sendPullRequest(world, hunkwise.webhookUrl, pull)).status).toBe(200);
      await until(() => stalled, 'the review to reach the stalled request');
      expect(world.standin.latestCheckRun(ref.owner, ref.repo, pull.headSha)?.status).toBe('in_progress');

      const ms = await terminate(hunkwise);
      expect(hunkwise.exitCode).toBe(0);
      expect(ms).toBeLessThan(SHUTDOWN_MS + EXIT_MARGIN_MS);
      const check = world.standin.latestCheckRun(ref.owner, ref.repo, pull.headSha);
      expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
      expect(check?.title).toMatch(/\/recheck/);
      expect(world.standin.violationsOf('stalled')).toEqual([]);
      expect(hunkwise.logs.some((l) => l.msg === 'shutdown: closed the check run of an unfinished review')).toBe(true);
    } finally {
      await hunkwise.stop('SIGKILL');
      world.standin.clearFaults();
    }
  });

  test('GitHub answers nothing: still exit 0 in time (the check run is left to the next run of the pull request)', async () => {
    const ref = world.newRepo('unreachable');
    const pull = putPull(world, ref, 1, 'v1');
    let hits = 0;
    world.standin.addFault({ match: { repo: 'unreachable' }, kind: { type: 'hang' }, times: 1000, onHit: () => hits++ });
    const hunkwise = await startHunkwise({ credentials: world.credentials, gheHost: world.standin.host, env: { HUNKWISE_SHUTDOWN_MS: String(SHUTDOWN_MS) } });
    try {
      expect((await sendPullRequest(world, hunkwise.webhookUrl, pull)).status).toBe(200);
      await until(() => hits > 0, 'the review to reach GitHub');
      const ms = await terminate(hunkwise);
      expect(hunkwise.exitCode).toBe(0);
      expect(ms).toBeLessThan(SHUTDOWN_MS + EXIT_MARGIN_MS);
      expect(hunkwise.logs.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('GitHub did not answer in time'))).toHaveLength(1);
    } finally {
      await hunkwise.stop('SIGKILL');
      world.standin.clearFaults();
    }
  });
});

describe('GET /metrics', () => {
  let hunkwise: HunkwiseProcess;
  beforeAll(async () => {
    hunkwise = await startHunkwise({ credentials: world.credentials, gheHost: world.standin.host, env: { METRICS_TOKEN: 'scrape-token-123' } });
  }, 120_000);
  afterAll(() => hunkwise?.stop('SIGKILL'));

  test('with METRICS_TOKEN: 401 without it; with it, the review just done is counted', async () => {
    const url = new URL('/metrics', hunkwise.webhookUrl).href;
    expect((await fetch(url)).status).toBe(401);
    const ref = world.newRepo('metered');
    const pull = putPull(world, ref, 1, 'v1');
    expect((await sendPullRequest(world, hunkwise.webhookUrl, pull)).status).toBe(200);
    const check = await completedCheck(world, pull);
    const scrape = async (): Promise<string> => (await fetch(url, { headers: { authorization: 'Bearer scrape-token-123' } })).text();
    // The job's outcome is recorded just after its last request.
    const body = await poll(async () => {
      const text = await scrape();
      return text.includes('hunkwise_reviews_total{') ? text : undefined;
    }, 'the review in the metrics');
    expect(body).toContain(`hunkwise_reviews_total{status="completed",conclusion="${check.conclusion ?? ''}"} 1`);
    expect(body).toContain('hunkwise_webhooks_received_total{event="pull_request",status="200"} 1');
    expect(body).toMatch(/hunkwise_github_requests_total\{method="POST",status="2xx"\} [1-9]/);
    expect(body).toMatch(/hunkwise_engine_findings_total\{severity="high"\} [1-9]/);
    expect(body).toMatch(/hunkwise_review_duration_seconds_count\{status="completed"\} 1/);
    expect(body).toMatch(/^hunkwise_queue_depth 0$/m);
    expect(body).toContain('process_resident_memory_bytes');
  });
});

describe('WEBHOOK_PROXY_URL (development)', () => {
  let channel: Server;
  let hunkwise: HunkwiseProcess | undefined;
  afterAll(async () => {
    await hunkwise?.stop('SIGKILL');
    channel?.closeAllConnections();
    await new Promise((r) => channel?.close(r));
  });

  test('a delivery on the channel is forwarded to the server, verified and reviewed', async () => {
    const ref = world.newRepo('proxied');
    const pull = putPull(world, ref, 1, 'v1');
    const payload = pullRequestEvent(ref, pull.number, pull.headSha);
    const delivery = {
      'x-github-event': 'pull_request',
      'x-github-delivery': 'proxied-1',
      'x-hub-signature-256': sign(JSON.stringify(payload), world.credentials.webhookSecret),
      body: payload,
      query: {},
    };
    channel = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('event: ready\ndata: {}\n\n');
      setTimeout(() => res.write(`data: ${JSON.stringify(delivery)}\n\n`), 200);
    });
    await new Promise<void>((resolve) => channel.listen(0, '127.0.0.1', resolve));
    const source = `http://127.0.0.1:${(channel.address() as AddressInfo).port}/channel-name`;
    hunkwise = await startHunkwise({
      credentials: world.credentials,
      gheHost: world.standin.host,
      env: { NODE_ENV: 'development', WEBHOOK_PROXY_URL: source },
    });
    const check = await completedCheck(world, pull);
    expect(check.conclusion).toBe('failure');
    expect(hunkwise.logs.some((l) => l.msg === 'webhook answered' && l.id === 'proxied-1' && l.status === 200)).toBe(true);
  });

  test('NODE_ENV=production: not followed, one warning', async () => {
    const proc = await startHunkwise({
      credentials: world.credentials,
      gheHost: world.standin.host,
      env: { WEBHOOK_PROXY_URL: 'http://127.0.0.1:9/never' },
    });
    try {
      await proc.waitForLog((l) => l.msg === 'hunkwise is receiving webhooks', 'the server to be up');
      expect(proc.logs.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('WEBHOOK_PROXY_URL is ignored with NODE_ENV=production'))).toHaveLength(1);
      expect(proc.logs.some((l) => l.name === 'webhook-proxy')).toBe(false);
    } finally {
      await proc.stop('SIGKILL');
    }
  });
});

describe('setup mode', () => {
  test("started from another folder, the registration page carries hunkwise's manifest", async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hw-setup-'));
    const port = await freePort();
    const child = spawn(process.execPath, [join(ROOT, 'dist/src/index.js')], {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, NODE_ENV: 'development', NO_SMEE_SETUP: 'true', HOST: '127.0.0.1', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const html = await poll(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/probot`);
        return res.ok ? res.text() : undefined;
      }, 'setup mode to serve /probot', 60_000);
      const decoded = html.replace(/&quot;/g, '"').replace(/&#34;/g, '"');
      expect(decoded).toContain('"name":"hunkwise"');
      expect(decoded).toMatch(/"default_permissions":\{"contents":"read","pull_requests":"write","checks":"write"/);
      expect(decoded).toContain('"check_suite"');
    } finally {
      child.kill('SIGKILL');
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('a port already in use', () => {
  test('one line on stderr, exit code 1', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      const result = spawnSync(process.execPath, [join(ROOT, 'dist/src/index.js')], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/tmp',
          NODE_ENV: 'production',
          APP_ID: String(world.credentials.appId),
          PRIVATE_KEY: world.credentials.privateKey,
          WEBHOOK_SECRET: world.credentials.webhookSecret,
          GHE_HOST: world.standin.host,
          GHE_PROTOCOL: 'http',
          HOST: '127.0.0.1',
          PORT: String(port),
        },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.status).toBe(1);
      const lines = result.stderr.split('\n').filter((l) => l !== '');
      expect(lines).toEqual([`hunkwise cannot start: 127.0.0.1:${port} is already in use (EADDRINUSE): stop what listens there or set another PORT`]);
    } finally {
      await new Promise((r) => holder.close(r));
    }
  });
});
