/**
 * hunkwise as its own process (`node dist/src/index.js` or `dist/src/worker.js`),
 * pointed at the stand-in as a GitHub Enterprise Server, with its JSON log
 * lines kept for assertions.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppCredentials } from './app-credentials.js';
import { freePort } from './free-port.js';

/** The repository root: the nearest package.json above this file (it also runs compiled, from dist/). */
function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
const SERVER_ENTRY = join(ROOT, 'dist/src/index.js');
const WORKER_ENTRY = join(ROOT, 'dist/src/worker.js');

function sourcesNewerThanBuild(): string | undefined {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    );
  for (const source of walk(join(ROOT, 'src'))) {
    const built = join(ROOT, 'dist', relative(ROOT, source)).replace(/\.ts$/, '.js');
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs) return relative(ROOT, source);
  }
  return undefined;
}

/**
 * Builds dist/ when a source is newer than its output (CI builds in `npm ci`;
 * a developer may not have). A directory lock keeps parallel test files from
 * building at once.
 */
export async function ensureBuilt(): Promise<void> {
  if (sourcesNewerThanBuild() === undefined) return;
  const lock = join(ROOT, 'dist', '.e2e-build-lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another build of dist/');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    const stale = sourcesNewerThanBuild();
    if (stale === undefined) return;
    // Type errors elsewhere do not stop tsc from emitting; the entries must exist after.
    const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (!existsSync(SERVER_ENTRY) || !existsSync(WORKER_ENTRY)) {
      throw new Error(`npm run build produced no entry points (stale: ${stale}):\n${result.stdout}${result.stderr}`);
    }
    // The rest of `npm run build`: the built-in rule snapshot (without it the rules are read from YAML).
    spawnSync(process.execPath, [join(ROOT, 'dist/scripts/build-rule-snapshot.js')], { cwd: ROOT, encoding: 'utf8' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface LogLine {
  readonly level?: number;
  readonly msg?: string;
  readonly [key: string]: unknown;
}

export interface HunkwiseProcess {
  readonly role: 'server' | 'worker';
  readonly pid: number;
  /** http://127.0.0.1:<port>/api/github/webhooks (servers only). */
  readonly webhookUrl: string;
  readonly logs: LogLine[];
  /** Lines that were not JSON (crashes print those). */
  readonly rawOutput: string[];
  waitForLog(predicate: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  readonly exited: boolean;
  /** The exit code once exited (null while running, or when a signal ended it). */
  readonly exitCode: number | null;
}

export interface HunkwiseProcessOptions {
  readonly role?: 'server' | 'worker';
  readonly credentials: AppCredentials;
  /** The stand-in's `127.0.0.1:<port>`. */
  readonly gheHost: string;
  readonly redisUrl?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly startTimeoutMs?: number;
}

async function untilReady(check: () => Promise<boolean>, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`hunkwise exited while starting:\n${output()}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`hunkwise did not start within ${timeoutMs} ms:\n${output()}`);
}

export async function startHunkwise(options: HunkwiseProcessOptions): Promise<HunkwiseProcess> {
  const role = options.role ?? 'server';
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'production',
    APP_ID: String(options.credentials.appId),
    PRIVATE_KEY: options.credentials.privateKey,
    WEBHOOK_SECRET: options.credentials.webhookSecret,
    GHE_HOST: options.gheHost,
    GHE_PROTOCOL: 'http',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    ...(options.redisUrl === undefined ? {} : { REDIS_URL: options.redisUrl }),
    ...options.env,
  };
  const child = spawn(process.execPath, [role === 'server' ? SERVER_ENTRY : WORKER_ENTRY], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const rawOutput: string[] = [];
  const waiters: { predicate: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let buffer = '';
  const onLine = (text: string): void => {
    if (text.trim() === '') return;
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      rawOutput.push(text);
      return;
    }
    logs.push(line);
    for (const w of [...waiters]) {
      if (w.predicate(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    lines.forEach(onLine);
  });
  child.stderr?.on('data', (chunk: Buffer) => rawOutput.push(chunk.toString('utf8')));
  const exit = new Promise<void>((r) => child.once('exit', () => r()));
  const output = (): string => [...rawOutput, ...logs.slice(-20).map((l) => JSON.stringify(l))].join('\n').slice(-4000);

  const proc: HunkwiseProcess = {
    role,
    pid: child.pid ?? -1,
    webhookUrl: `http://127.0.0.1:${port}/api/github/webhooks`,
    logs,
    rawOutput,
    get exited() {
      return child.exitCode !== null || child.signalCode !== null;
    },
    get exitCode() {
      return child.exitCode;
    },
    waitForLog(predicate, what, timeoutMs = 20_000) {
      const seen = logs.find(predicate);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolveLine, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`timed out waiting for ${what} in hunkwise's log:\n${output()}`));
        }, timeoutMs);
        const waiter = {
          predicate,
          resolve: (l: LogLine) => {
            clearTimeout(timer);
            resolveLine(l);
          },
        };
        waiters.push(waiter);
      });
    },
    async stop(signal = 'SIGTERM') {
      if (proc.exited) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };

  const timeoutMs = options.startTimeoutMs ?? 60_000;
  if (role === 'server') {
    await untilReady(
      async () => (await fetch(`http://127.0.0.1:${port}/ping`, { signal: AbortSignal.timeout(2000) })).ok,
      child,
      output,
      timeoutMs,
    );
  } else {
    await untilReady(async () => logs.some((l) => l.msg === 'hunkwise worker is taking reviews'), child, output, timeoutMs);
  }
  return proc;
}
