/**
 * The built server's health endpoints and its shutdown: GET /health and /ready
 * answer, /ready follows Redis, and SIGTERM ends the process with exit code 0
 * within HUNKWISE_SHUTDOWN_MS, Redis up or (here) unreachable.
 */
import { jest } from '@jest/globals';
import { createWorld, type World } from './support/e2e-world.js';
import { freePort } from './support/free-port.js';
import { ensureBuilt, startHunkwise, type HunkwiseProcess } from './support/hunkwise-process.js';

jest.setTimeout(90_000);

/** Short, so a hung shutdown shows well before the helper's SIGKILL (15 s). */
const SHUTDOWN_ENV = { HUNKWISE_SHUTDOWN_MS: '3000' };

async function get(proc: HunkwiseProcess, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(new URL(path, proc.webhookUrl), { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, body: await res.text() };
}

let world: World;
beforeAll(async () => {
  await ensureBuilt();
  world = await createWorld();
}, 400_000);
afterAll(async () => {
  await world?.standin.stop();
});

describe('in-process queue', () => {
  let hunkwise: HunkwiseProcess;
  beforeAll(async () => {
    hunkwise = await startHunkwise({ credentials: world.credentials, gheHost: world.standin.host, env: SHUTDOWN_ENV });
  }, 120_000);
  afterAll(() => hunkwise?.stop('SIGKILL'));

  test('GET /health and GET /ready answer 200', async () => {
    await expect(get(hunkwise, '/health')).resolves.toEqual({ status: 200, body: 'ok' });
    await expect(get(hunkwise, '/ready')).resolves.toEqual({ status: 200, body: 'ready' });
    await expect(get(hunkwise, '/ping')).resolves.toEqual({ status: 200, body: 'PONG' });
  });

  test('SIGTERM: the process exits with code 0', async () => {
    await hunkwise.stop('SIGTERM');
    expect(hunkwise.exited).toBe(true);
    expect(hunkwise.exitCode).toBe(0);
    expect(hunkwise.logs.some((l) => typeof l.msg === 'string' && l.msg.startsWith('SIGTERM: no new webhooks'))).toBe(true);
  });
});

describe('REDIS_URL where nothing listens', () => {
  let hunkwise: HunkwiseProcess;
  beforeAll(async () => {
    const port = await freePort();
    hunkwise = await startHunkwise({
      credentials: world.credentials,
      gheHost: world.standin.host,
      redisUrl: `redis://127.0.0.1:${port}`,
      env: SHUTDOWN_ENV,
    });
  }, 120_000);
  afterAll(() => hunkwise?.stop('SIGKILL'));

  test('GET /health answers 200 and GET /ready 503, with no error in the body', async () => {
    await expect(get(hunkwise, '/health')).resolves.toEqual({ status: 200, body: 'ok' });
    await expect(get(hunkwise, '/ready')).resolves.toEqual({ status: 503, body: 'not ready' });
  });

  test('SIGTERM: the deadline cuts the wait for Redis, and the process still exits with code 0', async () => {
    await hunkwise.stop('SIGTERM');
    expect(hunkwise.exited).toBe(true);
    expect(hunkwise.exitCode).toBe(0);
    expect(hunkwise.logs.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('shutdown deadline reached'))).toHaveLength(1);
  });
});
