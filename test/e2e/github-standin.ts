/**
 * A small GitHub (Enterprise Server layout: REST under /api/v3, GraphQL under
 * /api/graphql) on loopback, implementing only what hunkwise calls, and
 * enforcing the rules GitHub enforces on it:
 * - authentication: a valid app JWT (RS256, signed with the app's key) for
 *   /app endpoints, an unexpired installation token of the repository's
 *   installation everywhere else;
 * - a review's commit_id is the pull request's head; each comment's lines are
 *   on the right side of one hunk of the file's diff (422 otherwise);
 * - at most 50 annotations per check-run request, summary ≤ 65535 and bodies
 *   ≤ 65536 characters.
 * Every request is recorded, and every refusal of the rules above is kept in
 * `violations`, so a test can assert hunkwise never broke one. Faults (5xx,
 * hangs, resets, rate limits, 401) and slow answers are injected per route.
 */
import { createPublicKey, createVerify, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// ── the world it serves ────────────────────────────────────────────────────

export interface StandinFile {
  readonly path: string;
  readonly status?: 'added' | 'modified' | 'removed' | 'renamed';
  /** Text at the head commit (absent for a removed file). */
  readonly content?: string;
  /** The diff GitHub shows; every line added when omitted. */
  readonly patch?: string;
}

export interface StandinPull {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  readonly headSha: string;
  readonly files: readonly StandinFile[];
  readonly state?: 'open' | 'closed';
  readonly draft?: boolean;
  readonly author?: string;
}

export interface StandinRepo {
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
  /** `.github/hunkwise.yml` on the default branch; none when absent. */
  readonly config?: string;
}

export interface PostedComment {
  readonly path: string;
  readonly line: number;
  readonly startLine?: number;
  readonly body: string;
}

export interface PostedReview {
  readonly id: number;
  readonly owner: string;
  readonly repo: string;
  readonly pull: number;
  readonly commitId: string;
  readonly body: string;
  readonly comments: readonly PostedComment[];
  readonly via: 'rest' | 'graphql';
  readonly postedAt: number;
}

export interface CheckRunRecord {
  readonly id: number;
  readonly owner: string;
  readonly repo: string;
  readonly headSha: string;
  readonly name: string;
  readonly externalId?: string;
  readonly startedAt?: string;
  readonly createdAt: number;
  status: string;
  conclusion?: string;
  /** When the run was completed (the job's end). */
  completedAt?: number;
  title?: string;
  summary?: string;
  annotations: Record<string, unknown>[];
  updates: number;
}

export interface RecordedRequest {
  readonly method: string;
  /** Without the /api/v3 prefix; GraphQL as `/graphql`. */
  readonly path: string;
  readonly status: number;
  readonly installationId?: number;
  /** For GraphQL: the first operation's field names, e.g. `resolveReviewThread`. */
  readonly graphql?: string;
  readonly at: number;
}

// ── faults ─────────────────────────────────────────────────────────────────

export interface FaultMatch {
  readonly method?: string;
  /** The repository name (REST path, or a GraphQL request's `repo` variable). */
  readonly repo?: string;
  /** Against the path without /api/v3 and query string (GraphQL: `/graphql`). */
  readonly path?: RegExp;
  /** Against a GraphQL request's query text. */
  readonly graphql?: RegExp;
}

export type FaultKind =
  | { readonly type: 'status'; readonly status: number }
  /** Never answers (the client's timeout must fire). */
  | { readonly type: 'hang' }
  /** Drops the connection without an answer. */
  | { readonly type: 'reset' }
  /** 403 or 429 "You have exceeded a secondary rate limit" with Retry-After. */
  | { readonly type: 'secondary-rate-limit'; readonly status: 403 | 429; readonly retryAfterSeconds: number }
  /** 403 with x-ratelimit-remaining 0 and a reset this many seconds ahead. */
  | { readonly type: 'primary-rate-limit'; readonly resetInSeconds: number }
  /** 401 Bad credentials, the token stays valid (GitHub's replication delay). */
  | { readonly type: 'unauthorized' }
  /** Handles the request now, answers after this long (a slow GitHub). */
  | { readonly type: 'slow'; readonly delayMs: number }
  /** Handles the request (the object is created) but answers with this error: the answer is lost. */
  | { readonly type: 'lost-answer'; readonly status: number };

export interface Fault {
  readonly match: FaultMatch;
  readonly kind: FaultKind;
  /** How many matching requests it hits (default 1). */
  times?: number;
  /** Called when it hits, e.g. to learn that a job is mid-flight. */
  readonly onHit?: () => void;
}

// ── rules (named, with GitHub's numbers) ───────────────────────────────────

export const MAX_ANNOTATIONS_PER_REQUEST = 50;
export const MAX_CHECK_SUMMARY = 65_535;
export const MAX_CHECK_TEXT = 65_535;
export const MAX_COMMENT_BODY = 65_536;
const TOKEN_LIFETIME_MS = 3600_000;

// ── diff positions ─────────────────────────────────────────────────────────

/** Right-side line → index of its hunk, for the lines a comment may be anchored on. */
export function commentableLines(patch: string): Map<number, number> {
  const lines = new Map<number, number>();
  let right = 0;
  let hunk = -1;
  for (const text of patch.split('\n')) {
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (header !== null) {
      right = Number(header[1]);
      hunk++;
      continue;
    }
    if (hunk < 0 || text.startsWith('\\')) continue;
    if (text.startsWith('-')) continue;
    // An added or a context line: on the right side.
    lines.set(right, hunk);
    right++;
  }
  return lines;
}

export function addedFilePatch(content: string): string {
  const lines = content.replace(/\n$/, '').split('\n');
  return `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}`;
}

function patchOf(file: StandinFile): string | undefined {
  if (file.patch !== undefined) return file.patch;
  if (file.status === 'removed' || file.content === undefined) return undefined;
  return addedFilePatch(file.content);
}

function blobSha(owner: string, repo: string, headSha: string, path: string): string {
  // A stable fake sha per (commit, path); hex, 40 characters.
  let h1 = 0x811c9dc5;
  let h2 = 0x1234567;
  for (const ch of `${owner}/${repo}@${headSha}:${path}`) {
    h1 = Math.imul(h1 ^ ch.charCodeAt(0), 16777619) >>> 0;
    h2 = Math.imul(h2 + ch.charCodeAt(0), 2654435761) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`.repeat(3).slice(0, 40);
}

// ── JSON helpers ───────────────────────────────────────────────────────────

type Json = Record<string, unknown>;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Json = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

function b64urlDecode(part: string): Buffer {
  return Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

interface PendingReview {
  readonly id: string;
  readonly owner: string;
  readonly repo: string;
  readonly pull: number;
  readonly commitId: string;
  readonly comments: PostedComment[];
}

interface Thread {
  readonly id: string;
  readonly owner: string;
  readonly repo: string;
  readonly pull: number;
  readonly path: string;
  isResolved: boolean;
  readonly comments: { body: string; bot: boolean }[];
}

interface Token {
  readonly installationId: number;
  readonly expiresAt: number;
  revoked: boolean;
}

interface PullState {
  readonly owner: string;
  readonly repo: string;
  readonly number: number;
  readonly nodeId: string;
  headSha: string;
  state: 'open' | 'closed';
  draft: boolean;
  author: string;
  /** Files of each head the pull request had, for blob lookups at an older head too. */
  readonly filesBySha: Map<string, readonly StandinFile[]>;
}

export interface StandinOptions {
  readonly appId: number;
  /** The app's public key (PEM), to verify its JWTs. */
  readonly appPublicKey: string;
  /** The bot's login, as GitHub names an app's actor. */
  readonly botLogin?: string;
}

export class GitHubStandin {
  readonly requests: RecordedRequest[] = [];
  readonly reviews: PostedReview[] = [];
  readonly checkRuns = new Map<number, CheckRunRecord>();
  /** Every refusal of GitHub's rules, with the repository it concerned ('' when unknown). */
  readonly violations: { readonly repo: string; readonly message: string }[] = [];
  /** Reviews refused because the head moved after the app looked (a push racing the post): GitHub's rule held. */
  readonly staleHeadRefusals: string[] = [];
  readonly reactions: { commentId: number; content: string }[] = [];
  readonly issueComments: { pull: number; body: string }[] = [];
  readonly tokensIssued: { installationId: number; at: number }[] = [];
  private readonly faults: Fault[] = [];
  private readonly repos = new Map<string, StandinRepo>();
  private readonly pulls = new Map<string, PullState>();
  private readonly threads: Thread[] = [];
  private readonly pending = new Map<string, PendingReview>();
  private readonly tokens = new Map<string, Token>();
  private readonly hanging = new Set<ServerResponse>();
  /** Slow answers still waiting; stop() drops them. */
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly publicKey: KeyObject;
  private readonly botLogin: string;
  private nextId = 1000;
  private server: Server | undefined;
  /** The repository of the request being handled (handling is synchronous), for violations. */
  private currentRepo = '';
  private port = 0;

  constructor(private readonly options: StandinOptions) {
    this.publicKey = createPublicKey(options.appPublicKey);
    this.botLogin = options.botLogin ?? 'hunkwise[bot]';
  }

  /** `127.0.0.1:<port>`, for GHE_HOST. */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  get apiBase(): string {
    return `http://${this.host}/api/v3`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      void this.handle(req, res);
    });
    // Keep-alive sockets of killed clients must not hold close() up.
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ── the world ──

  addRepo(repo: StandinRepo): void {
    this.repos.set(`${repo.owner}/${repo.repo}`.toLowerCase(), repo);
  }

  /** Opens a pull request, or pushes to it (a new head with its files). */
  setPull(pull: StandinPull): void {
    const key = `${pull.owner}/${pull.repo}#${pull.number}`.toLowerCase();
    const existing = this.pulls.get(key);
    const state: PullState = existing ?? {
      owner: pull.owner,
      repo: pull.repo,
      number: pull.number,
      nodeId: `PR_${randomBytes(6).toString('hex')}`,
      headSha: pull.headSha,
      state: 'open',
      draft: false,
      author: 'alice',
      filesBySha: new Map(),
    };
    state.headSha = pull.headSha;
    state.state = pull.state ?? 'open';
    state.draft = pull.draft ?? false;
    state.author = pull.author ?? state.author;
    state.filesBySha.set(pull.headSha, pull.files);
    this.pulls.set(key, state);
  }

  headOf(owner: string, repo: string, number: number): string | undefined {
    return this.pulls.get(`${owner}/${repo}#${number}`.toLowerCase())?.headSha;
  }

  addFault(fault: Fault): void {
    this.faults.push({ ...fault, times: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** The installation's tokens issued so far stop working (401), as expired ones do. */
  expireTokens(installationId: number): void {
    for (const t of this.tokens.values()) if (t.installationId === installationId) t.revoked = true;
  }

  violationsOf(repo: string): string[] {
    return this.violations.filter((v) => v.repo === repo || v.repo === '').map((v) => v.message);
  }

  private violate(message: string): void {
    this.violations.push({ repo: this.currentRepo, message });
  }

  reviewsOf(owner: string, repo: string, pull: number): PostedReview[] {
    return this.reviews.filter((r) => r.owner === owner && r.repo === repo && r.pull === pull);
  }

  checkRunsOf(owner: string, repo: string, headSha?: string): CheckRunRecord[] {
    return [...this.checkRuns.values()].filter(
      (c) => c.owner === owner && c.repo === repo && (headSha === undefined || c.headSha === headSha),
    );
  }

  /** The check run GitHub would show for a head: the last one created. */
  latestCheckRun(owner: string, repo: string, headSha: string): CheckRunRecord | undefined {
    return this.checkRunsOf(owner, repo, headSha).at(-1);
  }

  count(method: string, path: RegExp): number {
    return this.requests.filter((r) => r.method === method && path.test(r.path)).length;
  }

  // ── HTTP ──

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${this.host}`);
    const method = (req.method ?? 'GET').toUpperCase();
    let path = url.pathname;
    let raw = '';
    try {
      for await (const chunk of req) raw += (chunk as Buffer).toString('utf8');
    } catch {
      return;
    }
    const isGraphql = path === '/api/graphql';
    if (isGraphql) path = '/graphql';
    else if (path.startsWith('/api/v3/')) path = path.slice('/api/v3'.length);
    else {
      this.send(res, 404, { message: 'Not Found' });
      return;
    }
    let body: Json = {};
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw) as Json;
      } catch {
        this.send(res, 400, { message: 'Problems parsing JSON' });
        return;
      }
    }
    const query = isGraphql ? String(body.query ?? '') : '';
    const record = (status: number, installationId?: number): void => {
      this.requests.push({
        method,
        path,
        status,
        ...(installationId === undefined ? {} : { installationId }),
        ...(isGraphql ? { graphql: graphqlFields(query) } : {}),
        at: Date.now(),
      });
    };

    const repoName = isGraphql ? String((body.variables as Json | undefined)?.repo ?? '') : (/^\/repos\/[^/]+\/([^/]+)/.exec(path)?.[1] ?? '');
    const fault = this.takeFault(method, path, query, decodeURIComponent(repoName));
    this.currentRepo = decodeURIComponent(repoName);
    if (fault !== undefined && fault.kind.type !== 'slow' && fault.kind.type !== 'lost-answer') {
      this.injectFault(fault.kind, res, record);
      return;
    }
    let status = 200;
    let payload: unknown;
    let headers: Record<string, string> = {};
    let installationId: number | undefined;
    try {
      installationId = this.authenticate(req, path);
      const answer = isGraphql ? this.graphql(body, installationId) : this.rest(method, path, url, body, req, installationId);
      status = answer.status ?? 200;
      payload = answer.body;
      headers = answer.headers ?? {};
    } catch (error) {
      if (error instanceof HttpError) {
        status = error.status;
        payload = { message: error.message, ...error.extra, documentation_url: 'https://docs.github.com/rest' };
        headers = { ...error.headers };
      } else {
        status = 500;
        payload = { message: `stand-in bug: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    if (fault?.kind.type === 'lost-answer') {
      record(fault.kind.status, installationId);
      this.send(res, fault.kind.status, { message: 'Server Error' });
      return;
    }
    record(status, installationId);
    if (fault?.kind.type === 'slow') {
      const delayMs = fault.kind.delayMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, delayMs);
        this.timers.add(timer);
      });
    }
    this.send(res, status, payload, headers);
  }

  private takeFault(method: string, path: string, query: string, repo: string): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        (f.times ?? 1) > 0 &&
        (f.match.method === undefined || f.match.method === method) &&
        (f.match.repo === undefined || f.match.repo.toLowerCase() === repo.toLowerCase()) &&
        (f.match.path === undefined || f.match.path.test(path)) &&
        (f.match.graphql === undefined || f.match.graphql.test(query)),
    );
    if (fault === undefined) return undefined;
    fault.times = (fault.times ?? 1) - 1;
    fault.onHit?.();
    return fault;
  }

  private injectFault(kind: FaultKind, res: ServerResponse, record: (status: number) => void): void {
    switch (kind.type) {
      case 'status':
        record(kind.status);
        this.send(res, kind.status, { message: kind.status === 502 ? 'Bad Gateway' : 'Server Error' });
        return;
      case 'hang':
        record(0);
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      case 'reset':
        record(0);
        res.socket?.destroy();
        return;
      case 'secondary-rate-limit':
        record(kind.status);
        this.send(
          res,
          kind.status,
          { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
          { 'retry-after': String(kind.retryAfterSeconds) },
        );
        return;
      case 'primary-rate-limit':
        record(403);
        this.send(res, 403, { message: 'API rate limit exceeded for installation.' }, {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + kind.resetInSeconds),
        });
        return;
      case 'unauthorized':
        record(401);
        this.send(res, 401, { message: 'Bad credentials' });
        return;
      case 'slow':
      case 'lost-answer':
        return;
    }
  }

  private send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    if (res.destroyed) return;
    if (typeof payload === 'string') {
      res.writeHead(status, { 'content-type': 'application/vnd.github.raw; charset=utf-8', ...headers });
      res.end(payload);
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(status === 204 ? undefined : JSON.stringify(payload ?? {}));
  }

  // ── authentication ──

  private authenticate(req: IncomingMessage, path: string): number | undefined {
    const header = req.headers.authorization ?? '';
    if (path.startsWith('/app/') || path === '/app') {
      const jwt = /^bearer\s+(.+)$/i.exec(header)?.[1];
      if (jwt === undefined || !this.validJwt(jwt)) {
        this.violate(`${path}: called without a valid app JWT`);
        throw new HttpError(401, 'A JSON web token could not be decoded');
      }
      return undefined;
    }
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(header)?.[1];
    const known = token === undefined ? undefined : this.tokens.get(token);
    if (known === undefined || known.revoked || known.expiresAt < Date.now()) {
      if (token === undefined || known === undefined) this.violate(`${path}: called without an installation token`);
      throw new HttpError(401, 'Bad credentials');
    }
    return known.installationId;
  }

  private validJwt(jwt: string): boolean {
    const parts = jwt.split('.');
    if (parts.length !== 3) return false;
    try {
      const header = JSON.parse(b64urlDecode(parts[0]).toString('utf8')) as Json;
      const claims = JSON.parse(b64urlDecode(parts[1]).toString('utf8')) as Json;
      if (header.alg !== 'RS256') return false;
      const verifier = createVerify('RSA-SHA256');
      verifier.update(`${parts[0]}.${parts[1]}`);
      if (!verifier.verify(this.publicKey, b64urlDecode(parts[2]))) return false;
      const now = Math.floor(Date.now() / 1000);
      return String(claims.iss) === String(this.options.appId) && Number(claims.exp) > now && Number(claims.iat) <= now + 60;
    } catch {
      return false;
    }
  }

  private repoFor(owner: string, repo: string, installationId: number | undefined): StandinRepo {
    const found = this.repos.get(`${owner}/${repo}`.toLowerCase());
    // GitHub answers 404, not 403, for a repository the installation cannot see.
    if (found === undefined || found.installationId !== installationId) throw new HttpError(404, 'Not Found');
    return found;
  }

  private pullFor(owner: string, repo: string, number: number): PullState {
    const pull = this.pulls.get(`${owner}/${repo}#${number}`.toLowerCase());
    if (pull === undefined) throw new HttpError(404, 'Not Found');
    return pull;
  }

  private knownCommit(owner: string, repo: string, sha: string): boolean {
    for (const p of this.pulls.values()) {
      if (p.owner.toLowerCase() === owner.toLowerCase() && p.repo.toLowerCase() === repo.toLowerCase() && p.filesBySha.has(sha)) {
        return true;
      }
    }
    return false;
  }

  private headFiles(pull: PullState): readonly StandinFile[] {
    return pull.filesBySha.get(pull.headSha) ?? [];
  }

  private refuse(status: number, message: string, violation: string, errors: readonly unknown[] = []): never {
    this.violate(violation);
    throw new HttpError(status, message, errors.length > 0 ? { errors, status: String(status) } : { status: String(status) });
  }

  // ── REST ──

  private rest(
    method: string,
    path: string,
    url: URL,
    body: Json,
    req: IncomingMessage,
    installationId: number | undefined,
  ): { status?: number; body: unknown; headers?: Record<string, string> } {
    let m: RegExpExecArray | null;

    if (method === 'POST' && (m = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path))) {
      const id = Number(m[1]);
      if (![...this.repos.values()].some((r) => r.installationId === id)) throw new HttpError(404, 'Not Found');
      const token = `ghs_${randomBytes(18).toString('hex')}`;
      const expiresAt = Date.now() + TOKEN_LIFETIME_MS;
      this.tokens.set(token, { installationId: id, expiresAt, revoked: false });
      this.tokensIssued.push({ installationId: id, at: Date.now() });
      return {
        status: 201,
        body: {
          token,
          expires_at: new Date(expiresAt).toISOString(),
          permissions: { checks: 'write', contents: 'read', pull_requests: 'write', issues: 'write', metadata: 'read' },
          repository_selection: 'all',
        },
      };
    }

    if ((m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path)) === null) throw new HttpError(404, 'Not Found');
    const owner = decodeURIComponent(m[1]);
    const repoName = decodeURIComponent(m[2]);
    const rest = m[3] ?? '';
    const repo = this.repoFor(owner, repoName, installationId);
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? '30') || 30);
    const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
    const paginate = <T>(items: readonly T[]): { body: T[]; headers: Record<string, string> } => {
      const slice = items.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page * perPage < items.length) {
        const next = new URL(url.href);
        next.pathname = `/api/v3${path}`;
        next.searchParams.set('per_page', String(perPage));
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${next.href}>; rel="next"`;
      }
      return { body: slice, headers };
    };

    if (method === 'GET' && (m = /^\/pulls\/(\d+)$/.exec(rest))) {
      const pull = this.pullFor(owner, repoName, Number(m[1]));
      return { body: this.pullJson(pull) };
    }
    if (method === 'GET' && (m = /^\/pulls\/(\d+)\/files$/.exec(rest))) {
      const pull = this.pullFor(owner, repoName, Number(m[1]));
      const files = this.headFiles(pull).map((f) => {
        const patch = patchOf(f);
        return {
          sha: blobSha(owner, repoName, pull.headSha, f.path),
          filename: f.path,
          status: f.status ?? 'added',
          additions: 1,
          deletions: 0,
          changes: 1,
          blob_url: `http://${this.host}/${owner}/${repoName}/blob/${pull.headSha}/${f.path}`,
          raw_url: `http://${this.host}/${owner}/${repoName}/raw/${pull.headSha}/${f.path}`,
          contents_url: `${this.apiBase}/repos/${owner}/${repoName}/contents/${f.path}?ref=${pull.headSha}`,
          ...(patch === undefined ? {} : { patch }),
        };
      });
      return paginate(files);
    }
    if (method === 'GET' && (m = /^\/contents\/(.+)$/.exec(rest))) {
      const filePath = decodeURIComponent(m[1]);
      if (filePath !== '.github/hunkwise.yml' || repo.config === undefined) throw new HttpError(404, 'Not Found');
      if (/raw/.test(String(req.headers.accept ?? ''))) return { body: repo.config };
      return {
        body: {
          type: 'file',
          path: filePath,
          name: 'hunkwise.yml',
          encoding: 'base64',
          content: Buffer.from(repo.config).toString('base64'),
          size: Buffer.byteLength(repo.config),
        },
      };
    }
    if (method === 'GET' && (m = /^\/git\/blobs\/([0-9a-f]{40})$/.exec(rest))) {
      for (const pull of this.pulls.values()) {
        if (pull.owner.toLowerCase() !== owner.toLowerCase() || pull.repo.toLowerCase() !== repoName.toLowerCase()) continue;
        for (const [sha, files] of pull.filesBySha) {
          const f = files.find((x) => blobSha(owner, repoName, sha, x.path) === m?.[1]);
          if (f?.content !== undefined) {
            return {
              body: { sha: m[1], size: Buffer.byteLength(f.content), encoding: 'base64', content: Buffer.from(f.content).toString('base64') },
            };
          }
        }
      }
      throw new HttpError(404, 'Not Found');
    }
    if (method === 'POST' && rest === '/check-runs') return { status: 201, body: this.createCheckRun(owner, repoName, body) };
    if (method === 'PATCH' && (m = /^\/check-runs\/(\d+)$/.exec(rest))) {
      return { body: this.updateCheckRun(owner, repoName, Number(m[1]), body) };
    }
    if (method === 'GET' && (m = /^\/commits\/([0-9a-f]{40})\/check-runs$/.exec(rest))) {
      const name = url.searchParams.get('check_name');
      const runs = this.checkRunsOf(owner, repoName, m[1]).filter((c) => name === null || c.name === name);
      return { body: { total_count: runs.length, check_runs: runs.map((c) => this.checkRunJson(c)) } };
    }
    if (method === 'GET' && (m = /^\/pulls\/(\d+)\/reviews$/.exec(rest))) {
      const number = Number(m[1]);
      this.pullFor(owner, repoName, number);
      return paginate(this.reviewsOf(owner, repoName, number).map((r) => this.reviewJson(r)));
    }
    if (method === 'POST' && (m = /^\/pulls\/(\d+)\/reviews$/.exec(rest))) {
      return { body: this.reviewJson(this.createReview(owner, repoName, Number(m[1]), body)) };
    }
    if (method === 'GET' && (m = /^\/pulls\/(\d+)\/comments$/.exec(rest))) {
      const number = Number(m[1]);
      const comments = this.reviewsOf(owner, repoName, number).flatMap((r) =>
        r.comments.map((c, i) => ({ id: r.id * 100 + i, pull_request_review_id: r.id, path: c.path, line: c.line, body: c.body, user: this.botUser() })),
      );
      return paginate(comments);
    }
    if (method === 'POST' && (m = /^\/issues\/comments\/(\d+)\/reactions$/.exec(rest))) {
      const content = String(body.content ?? '');
      if (!['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'].includes(content)) {
        this.refuse(422, 'Validation Failed', `reaction "${content}" is not one GitHub knows`);
      }
      this.reactions.push({ commentId: Number(m[1]), content });
      return { status: 201, body: { id: this.nextId++, content } };
    }
    if (method === 'POST' && (m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const text = String(body.body ?? '');
      if (text.length > MAX_COMMENT_BODY) this.refuse(422, 'Validation Failed', `issue comment body of ${text.length} characters`);
      this.issueComments.push({ pull: Number(m[1]), body: text });
      return { status: 201, body: { id: this.nextId++, body: text } };
    }
    if (method === 'GET' && (m = /^\/collaborators\/([^/]+)\/permission$/.exec(rest))) {
      const login = decodeURIComponent(m[1]);
      const role = login === 'maintainer' ? 'maintain' : login.startsWith('outsider') ? 'read' : 'write';
      return { body: { permission: role === 'maintain' ? 'write' : role, role_name: role, user: { login } } };
    }
    throw new HttpError(404, 'Not Found');
  }

  private botUser(): Json {
    return { login: this.botLogin, type: 'Bot', id: 1 };
  }

  private pullJson(pull: PullState): Json {
    return {
      number: pull.number,
      node_id: pull.nodeId,
      state: pull.state,
      draft: pull.draft,
      user: { login: pull.author, type: 'User' },
      head: { sha: pull.headSha, ref: 'feature' },
      base: { sha: '0'.repeat(40), ref: 'main' },
    };
  }

  // ── check runs ──

  private validateOutput(where: string, output: unknown): void {
    if (output === undefined) return;
    const o = output as Json;
    if (typeof o.title !== 'string' || typeof o.summary !== 'string') {
      this.refuse(422, 'Invalid request', `${where}: output without title or summary`);
    }
    if (o.summary.length > MAX_CHECK_SUMMARY) {
      this.refuse(422, 'Invalid request', `${where}: summary of ${o.summary.length} characters (max ${MAX_CHECK_SUMMARY})`);
    }
    if (typeof o.text === 'string' && o.text.length > MAX_CHECK_TEXT) {
      this.refuse(422, 'Invalid request', `${where}: text of ${o.text.length} characters`);
    }
    const annotations = Array.isArray(o.annotations) ? o.annotations : [];
    if (annotations.length > MAX_ANNOTATIONS_PER_REQUEST) {
      this.refuse(422, 'Invalid request', `${where}: ${annotations.length} annotations in one request (max ${MAX_ANNOTATIONS_PER_REQUEST})`);
    }
    for (const a of annotations as Json[]) {
      if (typeof a.path !== 'string' || typeof a.start_line !== 'number' || typeof a.end_line !== 'number' || typeof a.message !== 'string') {
        this.refuse(422, 'Invalid request', `${where}: an annotation without path, lines or message`);
      }
      if (!['notice', 'warning', 'failure'].includes(String(a.annotation_level))) {
        this.refuse(422, 'Invalid request', `${where}: annotation level ${String(a.annotation_level)}`);
      }
    }
  }

  private createCheckRun(owner: string, repo: string, body: Json): Json {
    const headSha = String(body.head_sha ?? '');
    if (typeof body.name !== 'string' || body.name === '') this.refuse(422, 'Invalid request', 'check run without a name');
    if (!this.knownCommit(owner, repo, headSha)) this.refuse(422, 'No commit found for SHA', `check run for unknown commit ${headSha}`);
    this.validateOutput('create check run', body.output);
    const run: CheckRunRecord = {
      id: this.nextId++,
      owner,
      repo,
      headSha,
      name: body.name,
      ...(typeof body.external_id === 'string' ? { externalId: body.external_id } : {}),
      ...(typeof body.started_at === 'string' ? { startedAt: new Date(body.started_at).toISOString().replace(/\.\d+Z$/, 'Z') } : {}),
      createdAt: Date.now(),
      status: String(body.status ?? 'queued'),
      annotations: [],
      updates: 0,
    };
    this.applyCheckOutput(run, body);
    this.checkRuns.set(run.id, run);
    return this.checkRunJson(run);
  }

  private updateCheckRun(owner: string, repo: string, id: number, body: Json): Json {
    const run = this.checkRuns.get(id);
    if (run === undefined || run.owner !== owner || run.repo !== repo) throw new HttpError(404, 'Not Found');
    this.validateOutput(`update check run ${id}`, body.output);
    if (body.conclusion !== undefined && !['success', 'failure', 'neutral', 'cancelled', 'skipped', 'timed_out', 'action_required'].includes(String(body.conclusion))) {
      this.refuse(422, 'Invalid request', `conclusion ${String(body.conclusion)}`);
    }
    run.updates++;
    this.applyCheckOutput(run, body);
    return this.checkRunJson(run);
  }

  private applyCheckOutput(run: CheckRunRecord, body: Json): void {
    if (typeof body.status === 'string') run.status = body.status;
    if (typeof body.conclusion === 'string') {
      run.conclusion = body.conclusion;
      run.status = 'completed';
      run.completedAt = Date.now();
    }
    const output = body.output as Json | undefined;
    if (output !== undefined) {
      run.title = String(output.title);
      run.summary = String(output.summary);
      // Annotations add up across updates, as on GitHub.
      if (Array.isArray(output.annotations)) run.annotations.push(...(output.annotations as Json[]));
    }
  }

  private checkRunJson(run: CheckRunRecord): Json {
    return {
      id: run.id,
      name: run.name,
      head_sha: run.headSha,
      external_id: run.externalId ?? null,
      started_at: run.startedAt ?? null,
      status: run.status,
      conclusion: run.conclusion ?? null,
      output: { title: run.title ?? null, summary: run.summary ?? null, annotations_count: run.annotations.length },
      html_url: `http://${this.host}/${run.owner}/${run.repo}/runs/${run.id}`,
      // Only one app writes check runs here: this one.
      app: { id: this.options.appId },
    };
  }

  // ── reviews ──

  /** GitHub's checks on one review comment; a refusal is a 422 and a recorded violation. */
  private checkComment(pull: PullState, c: PostedComment, where: string): string | undefined {
    const file = this.headFiles(pull).find((f) => f.path === c.path);
    const patch = file === undefined ? undefined : patchOf(file);
    if (patch === undefined) return `${where}: ${c.path} is not in the diff`;
    const lines = commentableLines(patch);
    const hunk = lines.get(c.line);
    if (hunk === undefined) return `${where}: ${c.path}:${c.line} is outside the diff`;
    if (c.startLine !== undefined) {
      if (c.startLine > c.line) return `${where}: start_line ${c.startLine} after line ${c.line}`;
      if (lines.get(c.startLine) !== hunk) return `${where}: ${c.path}:${c.startLine}-${c.line} spans hunks or leaves the diff`;
    }
    if (c.body.length > MAX_COMMENT_BODY) return `${where}: comment body of ${c.body.length} characters`;
    return undefined;
  }

  private createReview(owner: string, repo: string, number: number, body: Json): PostedReview {
    const pull = this.pullFor(owner, repo, number);
    const where = `review on ${owner}/${repo}#${number}`;
    if (body.commit_id !== pull.headSha) {
      const message = `${where}: commit_id ${String(body.commit_id)} is not the head ${pull.headSha}`;
      // A head pushed over between the app's last look and its post: a race, not a broken rule.
      if (pull.filesBySha.has(String(body.commit_id))) this.staleHeadRefusals.push(message);
      else this.violate(message);
      throw new HttpError(422, 'Unprocessable Entity', { errors: ['commit_id is not the head of the pull request'], status: '422' });
    }
    if (!['COMMENT', 'APPROVE', 'REQUEST_CHANGES'].includes(String(body.event))) {
      this.refuse(422, 'Unprocessable Entity', `${where}: event ${String(body.event)}`);
    }
    const text = String(body.body ?? '');
    if (text.length > MAX_COMMENT_BODY) this.refuse(422, 'Unprocessable Entity', `${where}: body of ${text.length} characters`);
    const comments: PostedComment[] = (Array.isArray(body.comments) ? (body.comments as Json[]) : []).map((c) => {
      if (c.side !== undefined && c.side !== 'RIGHT') this.refuse(422, 'Unprocessable Entity', `${where}: side ${String(c.side)}`);
      return {
        path: String(c.path),
        line: Number(c.line),
        ...(c.start_line === undefined ? {} : { startLine: Number(c.start_line) }),
        body: String(c.body ?? ''),
      };
    });
    for (const c of comments) {
      const problem = this.checkComment(pull, c, where);
      if (problem !== undefined) this.refuse(422, 'Unprocessable Entity', problem, ['Line could not be resolved']);
    }
    return this.postReview(pull, String(body.commit_id), text, comments, 'rest');
  }

  private postReview(pull: PullState, commitId: string, body: string, comments: readonly PostedComment[], via: 'rest' | 'graphql'): PostedReview {
    const review: PostedReview = {
      id: this.nextId++,
      owner: pull.owner,
      repo: pull.repo,
      pull: pull.number,
      commitId,
      body,
      comments,
      via,
      postedAt: Date.now(),
    };
    this.reviews.push(review);
    for (const c of comments) {
      this.threads.push({
        id: `PRRT_${this.nextId++}`,
        owner: pull.owner,
        repo: pull.repo,
        pull: pull.number,
        path: c.path,
        isResolved: false,
        comments: [{ body: c.body, bot: true }],
      });
    }
    return review;
  }

  private reviewJson(r: PostedReview): Json {
    return { id: r.id, user: this.botUser(), body: r.body, commit_id: r.commitId, state: 'COMMENTED' };
  }

  // ── GraphQL ──

  private graphql(body: Json, installationId: number | undefined): { status?: number; body: unknown; headers?: Record<string, string> } {
    const query = String(body.query ?? '');
    const vars = (body.variables ?? {}) as Json;
    const owner = String(vars.owner ?? '');
    const repoName = String(vars.repo ?? '');
    if (/^\s*mutation\b/.test(query)) return this.graphqlMutation(query, vars, installationId);
    this.repoFor(owner, repoName, installationId);

    if (query.includes('... on Tree')) return { body: { data: { repository: { object: null } } } };
    if (/object\(expression: \$e\d+\)/.test(query)) {
      const repository: Json = {};
      for (const [name, value] of Object.entries(vars)) {
        const i = /^e(\d+)$/.exec(name)?.[1];
        if (i === undefined) continue;
        const [sha, ...pathParts] = String(value).split(':');
        const path = pathParts.join(':');
        let file: StandinFile | undefined;
        for (const p of this.pulls.values()) {
          if (p.owner.toLowerCase() === owner.toLowerCase() && p.repo.toLowerCase() === repoName.toLowerCase()) {
            file = file ?? p.filesBySha.get(sha)?.find((f) => f.path === path);
          }
        }
        repository[`f${i}`] =
          file?.content === undefined
            ? null
            : { byteSize: Buffer.byteLength(file.content), isBinary: false, isTruncated: false, text: file.content };
      }
      return { body: { data: { repository } } };
    }
    if (query.includes('reviewThreads')) {
      const pull = this.pullFor(owner, repoName, Number(vars.number));
      const all = this.threads.filter((t) => t.owner === pull.owner && t.repo === pull.repo && t.pull === pull.number);
      const first = Number(/reviewThreads\(first: (\d+)/.exec(query)?.[1] ?? '100');
      const start = typeof vars.cursor === 'string' ? Number(vars.cursor) : 0;
      const slice = all.slice(start, start + first);
      const end = start + slice.length;
      return {
        body: {
          data: {
            viewer: { login: this.botLogin },
            repository: {
              pullRequest: {
                id: pull.nodeId,
                reviewThreads: {
                  pageInfo: { hasNextPage: end < all.length, endCursor: end < all.length ? String(end) : null },
                  nodes: slice.map((t) => ({
                    id: t.id,
                    path: t.path,
                    isResolved: t.isResolved,
                    comments: {
                      totalCount: t.comments.length,
                      nodes: t.comments.slice(0, 10).map((c) => ({
                        body: c.body,
                        // GraphQL names an app's bot by its slug as an author, `<slug>[bot]` as the viewer.
                        author: c.bot ? { __typename: 'Bot', login: this.botLogin.replace(/\[bot\]$/, '') } : { __typename: 'User', login: 'alice' },
                      })),
                    },
                  })),
                },
              },
            },
          },
        },
      };
    }
    this.violate(`GraphQL query the stand-in does not know: ${query.slice(0, 80)}`);
    return { body: { data: null, errors: [{ message: 'unknown query' }] } };
  }

  private graphqlMutation(query: string, vars: Json, installationId: number | undefined): { body: unknown } {
    const data: Json = {};
    const errors: Json[] = [];
    const call = /(\w+)\s*:\s*(\w+)\s*\(\s*input:\s*\{([^}]*)\}\s*\)/g;
    let m: RegExpExecArray | null;
    while ((m = call.exec(query)) !== null) {
      const [, alias, field, inputText] = m;
      const input: Json = {};
      for (const part of inputText.split(',')) {
        const kv = /^\s*(\w+)\s*:\s*(\$?\w+)\s*$/.exec(part);
        if (kv === null) continue;
        input[kv[1]] = kv[2].startsWith('$') ? vars[kv[2].slice(1)] : kv[2];
      }
      try {
        data[alias] = this.mutate(field, input, installationId);
      } catch (error) {
        data[alias] = null;
        errors.push({ message: error instanceof Error ? error.message : String(error), path: [alias] });
      }
    }
    return { body: errors.length > 0 ? { data, errors } : { data } };
  }

  private threadById(id: unknown, installationId: number | undefined): Thread {
    const thread = this.threads.find((t) => t.id === id);
    if (thread === undefined) throw new Error(`Could not resolve to a node with the global id of '${String(id)}'`);
    this.repoFor(thread.owner, thread.repo, installationId);
    return thread;
  }

  private mutate(field: string, input: Json, installationId: number | undefined): Json {
    switch (field) {
      case 'addPullRequestReviewThreadReply': {
        const thread = this.threadById(input.pullRequestReviewThreadId, installationId);
        thread.comments.push({ body: String(input.body ?? ''), bot: true });
        return { comment: { id: `PRRC_${this.nextId++}` } };
      }
      case 'resolveReviewThread': {
        const thread = this.threadById(input.threadId, installationId);
        thread.isResolved = true;
        return { thread: { id: thread.id } };
      }
      case 'addPullRequestReview': {
        const pull = [...this.pulls.values()].find((p) => p.nodeId === input.pullRequestId);
        if (pull === undefined) throw new Error('Could not resolve the pull request');
        this.repoFor(pull.owner, pull.repo, installationId);
        if (input.commitOID !== pull.headSha) {
          const message = `pending review on ${String(input.commitOID)}, not the head`;
          if (pull.filesBySha.has(String(input.commitOID))) this.staleHeadRefusals.push(message);
          else this.violate(message);
          throw new Error('commitOID is not the head of the pull request');
        }
        const id = `PRR_${this.nextId++}`;
        this.pending.set(id, { id, owner: pull.owner, repo: pull.repo, pull: pull.number, commitId: String(input.commitOID), comments: [] });
        return { pullRequestReview: { id } };
      }
      case 'addPullRequestReviewThread': {
        const review = this.pending.get(String(input.pullRequestReviewId));
        if (review === undefined) throw new Error('Could not resolve the pending review');
        const pull = this.pullFor(review.owner, review.repo, review.pull);
        const comment: PostedComment = {
          path: String(input.path),
          line: Number(input.line),
          ...(input.startLine === undefined ? {} : { startLine: Number(input.startLine) }),
          body: String(input.body ?? ''),
        };
        const problem = this.checkComment(pull, comment, 'pending review thread');
        // GitHub refuses the one thread; the fallback path expects exactly that, so it is no violation.
        if (problem !== undefined) throw new Error(problem);
        review.comments.push(comment);
        return { thread: { id: `PRRT_pending_${this.nextId++}` } };
      }
      case 'submitPullRequestReview': {
        const review = this.pending.get(String(input.pullRequestReviewId));
        if (review === undefined) throw new Error('Could not resolve the pending review');
        this.pending.delete(review.id);
        const pull = this.pullFor(review.owner, review.repo, review.pull);
        this.postReview(pull, review.commitId, String(input.body ?? ''), review.comments, 'graphql');
        return { pullRequestReview: { id: review.id } };
      }
      case 'deletePullRequestReview': {
        this.pending.delete(String(input.pullRequestReviewId));
        return { pullRequestReview: { id: String(input.pullRequestReviewId) } };
      }
      default:
        this.violate(`GraphQL mutation the stand-in does not know: ${field}`);
        throw new Error(`unknown mutation ${field}`);
    }
  }
}

/** The top-level fields a GraphQL request asks for, to name it in the request log. */
function graphqlFields(query: string): string {
  if (/^\s*mutation\b/.test(query)) {
    const fields = new Set<string>();
    for (const m of query.matchAll(/\w+\s*:\s*(\w+)\s*\(\s*input:/g)) fields.add(m[1]);
    return [...fields].join(',');
  }
  if (query.includes('... on Tree')) return 'ruleFiles';
  if (/object\(expression: \$e\d+\)/.test(query)) return 'blobs';
  if (query.includes('reviewThreads')) return 'reviewThreads';
  return 'unknown';
}
