/**
 * The Docker image's claim that hunkwise runs on a read-only root filesystem
 * (`docker run --read-only --tmpfs /tmp`), checked without Docker: the built
 * server runs as an unprivileged user (uid/gid 65534, no capabilities, no
 * groups) in a mount namespace where every filesystem is remounted read-only
 * (the app directory, node_modules, HOME and the Node binary included; /proc,
 * /sys and /dev are left as Docker leaves them) and /tmp is an empty tmpfs. It
 * must answer a signed webhook, post its review, stop cleanly on SIGTERM, log
 * no error, and leave nothing in /tmp.
 *
 * `unshare --mount` needs root (CAP_SYS_ADMIN): where it is not available (CI
 * runs in a container without it) the test is skipped and its title says why.
 */
import { jest } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { completedCheck, createWorld, putPull, sendPullRequest, type World } from './support/e2e-world.js';
import { freePort } from './support/free-port.js';
import { ensureBuilt, ROOT, type LogLine } from './support/hunkwise-process.js';
import { redisServerAvailable, startRedisServer, type RedisServer } from './support/redis-server.js';

jest.setTimeout(120_000);

/** uid/gid 65534 (nobody), no supplementary groups, no capabilities now or after exec. */
const DROP_PRIVILEGES = '--reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs';

/**
 * Runs "$@" as nobody with every writable mount remounted read-only (in this
 * private mount namespace only) and an empty tmpfs on /tmp. Exits 97 if the
 * app directory is still writable; forwards SIGTERM to the command; lists what
 * the command left in /tmp on stderr (`sandbox-tmp: <path>`).
 */
const SANDBOX = `
set -eu
app="$PWD"
# A checkout under /tmp (CI may clone there) would vanish under the new tmpfs: keep it on
# /mnt meanwhile and bind it back at the same path afterwards.
under_tmp=no
case "$app" in /tmp/*) under_tmp=yes; mount --bind "$app" /mnt ;; esac
awk '{ print $5, $6 }' /proc/self/mountinfo | sort -u | while read -r point options; do
  case "$point" in /proc|/proc/*|/sys|/sys/*|/dev|/dev/pts) continue ;; esac
  case "$options" in ro|ro,*) continue ;; esac
  mount -o remount,bind,ro "$point"
done
mount -t tmpfs -o mode=1777,nosuid,nodev,noexec,size=64m tmpfs /tmp
if [ "$under_tmp" = yes ]; then
  mkdir -p "$app"
  mount --bind /mnt "$app"
  mount -o remount,bind,ro "$app"
  cd "$app"
fi
if setpriv ${DROP_PRIVILEGES} sh -c ': > "$1/.read-only-probe"' sh "$PWD" 2>/dev/null; then
  rm -f "$PWD/.read-only-probe"
  echo 'sandbox: the app directory is writable' >&2
  exit 97
fi
child=''
trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null' TERM INT
setpriv ${DROP_PRIVILEGES} "$@" &
child=$!
status=0
wait "$child" || status=$?
# A trapped signal ends the first wait early (status 143): wait for the real exit.
while kill -0 "$child" 2>/dev/null; do status=0; wait "$child" || status=$?; done
find /tmp -mindepth 1 -path "$app" -prune -o -print | while read -r left; do
  # The directories that hold a checkout under /tmp are the sandbox's, not the app's.
  case "$app/" in "$left"/*) continue ;; esac
  case "$left" in "$app"|"$app"/*) continue ;; esac
  echo "sandbox-tmp: $left" >&2
done
exit "$status"
`;

const sandboxArgs = (command: readonly string[]): string[] => [
  '--mount',
  '--propagation',
  'private',
  '--',
  'sh',
  '-c',
  SANDBOX,
  'sandbox',
  ...command,
];

/** Why the sandbox cannot be built here, or undefined when it can. */
function sandboxUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'Linux mount namespaces only';
  if (process.getuid?.() !== 0) return 'needs root for unshare --mount';
  const readApp = "try { require('fs').readFileSync('package.json') } catch (e) { console.error('uid 65534 cannot read the app directory: ' + e.code); process.exit(1) }";
  const probe = spawnSync('unshare', sandboxArgs([process.execPath, '-e', readApp]), { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  if (probe.error !== undefined) return `unshare: ${probe.error.message}`;
  if (probe.status === 97) throw new Error('the read-only sandbox left the app directory writable');
  if (probe.status !== 0) return `unshare --mount or setpriv refused: ${probe.stderr.trim().split('\n')[0] ?? `exit ${probe.status}`}`;
  return undefined;
}

const unavailable = sandboxUnavailable();
if (unavailable !== undefined) {
  console.warn(`SKIPPED: the read-only root filesystem test (${unavailable}); run it as root on a Linux host or a privileged container.`);
}
const describeIfSandbox = unavailable === undefined ? describe : describe.skip;
const title =
  unavailable === undefined
    ? 'on a read-only root filesystem, as nobody, with only /tmp writable'
    : `on a read-only root filesystem (skipped: ${unavailable})`;

interface SandboxedServer {
  readonly webhookUrl: string;
  readonly logs: LogLine[];
  /** Everything that was not a JSON log line: stderr, the sandbox's own lines. */
  readonly other: string[];
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

async function startSandboxed(world: World, extraEnv: Readonly<Record<string, string>> = {}): Promise<SandboxedServer> {
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    // Exists and is read-only here, as the node user's HOME is in the image.
    HOME: ROOT,
    NODE_ENV: 'production',
    APP_ID: String(world.credentials.appId),
    PRIVATE_KEY: world.credentials.privateKey,
    WEBHOOK_SECRET: world.credentials.webhookSecret,
    GHE_HOST: world.standin.host,
    GHE_PROTOCOL: 'http',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  const child = spawn('unshare', sandboxArgs([process.execPath, 'dist/src/index.js']), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: LogLine[] = [];
  const other: string[] = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines.filter((l) => l.trim() !== '')) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        other.push(line);
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => other.push(...chunk.toString('utf8').split('\n').filter((l) => l !== '')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hunkwise exited while starting:\n${other.join('\n')}`);
    const up = await fetch(`http://127.0.0.1:${port}/ping`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`hunkwise did not start:\n${other.join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    webhookUrl: `http://127.0.0.1:${port}/api/github/webhooks`,
    logs,
    other,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

describeIfSandbox(title, () => {
  let world: World;
  let server: SandboxedServer | undefined;
  let redis: RedisServer | undefined;

  beforeAll(async () => {
    await ensureBuilt();
    world = await createWorld();
  }, 400_000);

  afterEach(async () => {
    await server?.stop();
    server = undefined;
    await redis?.dispose();
    redis = undefined;
  });

  afterAll(async () => {
    await world?.standin.stop();
  });

  /** One pull request reviewed through `running`, its configuration read; then SIGTERM, and what must hold. */
  async function expectReviewWithoutWrites(running: SandboxedServer, repo: string, queue: 'in-process' | 'redis'): Promise<void> {
    const ref = world.newRepo(repo);
    world.standin.addRepo({ ...ref, config: 'fail_on: medium\nexclude: ["vendor/**"]\n' });
    const pull = putPull(world, ref, 1, 'v1');

    expect((await sendPullRequest(world, running.webhookUrl, pull)).status).toBe(200);
    const check = await completedCheck(world, pull);
    const reviews = world.standin.reviewsOf(ref.owner, ref.repo, pull.number);
    const code = await running.stop();

    expect(reviews).toHaveLength(1);
    expect(reviews[0].commitId).toBe(pull.headSha);
    expect(reviews[0].comments.length).toBeGreaterThan(0);
    expect(check.conclusion).toBe('failure');
    expect(check.summary).not.toContain('Configuration warnings');
    expect(world.standin.violationsOf(repo)).toEqual([]);
    expect(code).toBe(0);
    expect(running.logs.find((l) => l.msg === 'hunkwise is receiving webhooks')?.queue).toBe(queue);
    expect(running.logs.filter((l) => (l.level ?? 0) >= 50)).toEqual([]);
    expect(running.logs.some((l) => l.msg === 'review job finished' && l.status === 'completed')).toBe(true);
    // Nothing tried to write where it could not, and nothing was left in /tmp.
    const everything = [...running.other, ...running.logs.map((l) => JSON.stringify(l))];
    expect(everything.filter((l) => /EROFS|EACCES|read-only file system/i.test(l))).toEqual([]);
    expect(running.other.filter((l) => l.startsWith('sandbox'))).toEqual([]);
  }

  it('reviews a pull request with the in-process queue, and writes nothing', async () => {
    server = await startSandboxed(world);
    await expectReviewWithoutWrites(server, 'read-only', 'in-process');
  });

  (redisServerAvailable() ? it : it.skip)('reviews a pull request through Redis (REDIS_URL), and writes nothing', async () => {
    redis = await startRedisServer();
    server = await startSandboxed(world, { REDIS_URL: redis.url });
    await expectReviewWithoutWrites(server, 'read-only-redis', 'redis');
  });
});
