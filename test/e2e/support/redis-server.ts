/**
 * A throwaway redis-server on loopback and a free port, for the tests and the
 * load script: started, stopped, killed and restarted on the same port and
 * data directory (with appendonly on, a restart keeps the queue).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? 'redis-server';

/** Whether redis-server can be started here (the Redis tests skip, loudly, when not). */
export function redisServerAvailable(): boolean {
  if (REDIS_SERVER_BIN.includes('/')) return existsSync(REDIS_SERVER_BIN);
  return spawnSync(REDIS_SERVER_BIN, ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** SIGTERM and wait: Redis flushes its append-only file first. */
  stop(): Promise<void>;
  /** SIGKILL: nothing is flushed beyond what appendfsync already wrote. */
  kill(): Promise<void>;
  /** Starts again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops it and removes its data directory. */
  dispose(): Promise<void>;
}

export interface RedisServerOptions {
  /** Persist every write to an append-only file (for restart tests). */
  readonly appendOnly?: boolean;
}

async function waitForReady(child: ChildProcess, port: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited: ${output.slice(-500)}`);
    if (/Ready to accept connections/.test(output)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on ${port} did not start in time: ${output.slice(-500)}`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hunkwise-redis-'));
  let child: ChildProcess | undefined;
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--save', '',
    '--appendonly', options.appendOnly ? 'yes' : 'no',
    // Every write reaches the file before Redis answers: a kill loses nothing acknowledged.
    ...(options.appendOnly ? ['--appendfsync', 'always'] : []),
    '--protected-mode', 'yes',
  ];
  const start = async (): Promise<void> => {
    const c = spawn(REDIS_SERVER_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    await waitForReady(c, port);
  };
  const signal = async (sig: NodeJS.Signals): Promise<void> => {
    const c = child;
    if (c === undefined) return;
    child = undefined;
    c.kill(sig);
    await exited(c);
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    start,
    async dispose() {
      await signal('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
