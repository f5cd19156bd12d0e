/** The git plumbing `review` needs, run as child processes (no shell, so no quoting issues). */
import { spawn } from 'node:child_process';

export class GitError extends Error {
  override readonly name = 'GitError';
}

interface GitOutput {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** File contents by path: undefined when the path is missing or not a regular file (e.g. a submodule). */
export type BlobContents = ReadonlyMap<string, Uint8Array | undefined>;

/**
 * Settings that would change what the commands below print are overridden, so the
 * user's git configuration cannot make review parse something unexpected.
 */
const FIXED_CONFIG: readonly string[] = ['-c', 'core.quotePath=false', '-c', 'diff.noprefix=false', '-c', 'diff.mnemonicPrefix=false'];

export class Git {
  constructor(
    private readonly cwd: string,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  private run(args: readonly string[], input?: string): Promise<GitOutput> {
    return new Promise((resolve, reject) => {
      const env: Record<string, string> = {};
      for (const [key, value] of Object.entries(this.env)) if (value !== undefined) env[key] = value;
      env.GIT_TERMINAL_PROMPT = '0';
      const child = spawn('git', [...FIXED_CONFIG, ...args], { cwd: this.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', (error: NodeJS.ErrnoException) =>
        reject(new GitError(error.code === 'ENOENT' ? 'git is not installed (or not on PATH)' : `cannot run git: ${error.message}`)),
      );
      child.on('close', (code) =>
        resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8').trim() }),
      );
      // A child that exits early closes stdin; ignore the resulting EPIPE, the exit code tells.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input ?? '');
    });
  }

  private async text(args: readonly string[], what: string): Promise<string> {
    const result = await this.run(args);
    if (result.code !== 0) throw new GitError(`${what}: ${result.stderr || `git exited with ${result.code}`}`);
    return result.stdout.toString('utf8');
  }

  /** The top folder of the working tree; a GitError outside a repository. */
  async repoRoot(): Promise<string> {
    const result = await this.run(['rev-parse', '--show-toplevel']);
    if (result.code !== 0) throw new GitError('not inside a git repository');
    return result.stdout.toString('utf8').trim();
  }

  /** The commit a ref names, or undefined when there is none. */
  async resolveCommit(ref: string): Promise<string | undefined> {
    const result = await this.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    return result.code === 0 ? result.stdout.toString('utf8').trim() : undefined;
  }

  /** origin/HEAD if set, else main, else master: the branch a pull request would target. */
  async defaultBranch(): Promise<string | undefined> {
    const remoteHead = await this.run(['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']);
    if (remoteHead.code === 0) {
      const ref = remoteHead.stdout.toString('utf8').trim();
      if (ref !== '' && (await this.resolveCommit(ref)) !== undefined) return ref.replace(/^refs\/remotes\//, '');
    }
    for (const branch of ['main', 'master']) {
      if ((await this.resolveCommit(`refs/heads/${branch}`)) !== undefined) return branch;
    }
    return undefined;
  }

  /** The `origin` remote's URL, or undefined when there is none. */
  async originUrl(): Promise<string | undefined> {
    const result = await this.run(['config', '--get', 'remote.origin.url']);
    const url = result.stdout.toString('utf8').trim();
    return result.code === 0 && url !== '' ? url : undefined;
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    const result = await this.run(['merge-base', '--end-of-options', a, b]);
    return result.code === 0 ? result.stdout.toString('utf8').trim() : undefined;
  }

  /** The pull request's diff: three dots, so it starts from the merge base of the two. */
  diff(base: string, head: string): Promise<string> {
    return this.text(
      [
        'diff',
        '--no-color',
        '--no-ext-diff',
        '--no-textconv',
        '--no-relative',
        '--src-prefix=a/',
        '--dst-prefix=b/',
        '--unified=3',
        '-M',
        `${base}...${head}`,
        '--',
      ],
      'git diff',
    );
  }

  /** Names of the regular files directly inside `dir` (from the top) at a commit; none when absent. */
  async listFiles(commit: string, dir: string): Promise<readonly string[]> {
    const result = await this.run(['ls-tree', '-z', `${commit}:${dir}`]);
    if (result.code !== 0) return [];
    return result.stdout
      .toString('utf8')
      .split('\0')
      .flatMap((entry) => {
        const match = /^\d+ blob [0-9a-f]+\t(.+)$/s.exec(entry);
        return match === null ? [] : [match[1]];
      });
  }

  /**
   * File contents at a commit, all in one `git cat-file --batch` process. Paths with a
   * newline cannot be asked for this way and come back undefined, like non-files.
   */
  async readFiles(commit: string, paths: readonly string[]): Promise<BlobContents> {
    const contents = new Map<string, Uint8Array | undefined>();
    const asked = paths.filter((p) => !p.includes('\n'));
    for (const p of paths) contents.set(p, undefined);
    if (asked.length === 0) return contents;
    const result = await this.run(['cat-file', '--batch'], asked.map((p) => `${commit}:${p}\n`).join(''));
    if (result.code !== 0) throw new GitError(`git cat-file: ${result.stderr || `git exited with ${result.code}`}`);
    const out = result.stdout;
    let offset = 0;
    for (const p of asked) {
      const lineEnd = out.indexOf(0x0a, offset);
      if (lineEnd < 0) throw new GitError('git cat-file: output ended early');
      const header = out.subarray(offset, lineEnd).toString('utf8');
      offset = lineEnd + 1;
      const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
      if (match === null) continue; // "<object> missing" or "ambiguous": no content follows
      const size = Number(match[2]);
      if (match[1] === 'blob') contents.set(p, new Uint8Array(out.subarray(offset, offset + size)));
      offset += size + 1; // content, then a newline
    }
    return contents;
  }
}
