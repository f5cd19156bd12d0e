/**
 * A Probot instance running hunkwise against nock, with the real engine, and
 * helpers that answer GitHub's side of a review.
 */
import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import nock from 'nock';
import { pino } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { createHunkwiseApp, readSettings, type HunkwiseApp, type HunkwiseAppOptions, type Settings } from '../../../src/app.js';
import { createEngine, loadBuiltinRules, parseRuleFile } from '../../../src/engine/index.js';
import type { Engine } from '../../../src/engine/engine-api.js';
import type { EngineRunner } from '../../../src/engine-pool/engine-runner.js';
import { REDACTED_PATHS } from '../../../src/logger.js';
import { API, GitHubMock, type GraphqlBody } from './github-mock.js';
import { HEAD_SHA, INSTALLATION_ID, OWNER, PULL, REPO } from './webhooks.js';

export const APP_ID = 123;
export const CHECK_RUN_ID = 777;
export const PULL_NODE_ID = 'PR_kwDOtest7';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
export const TEST_PRIVATE_KEY = privateKey;

/**
 * The built-in rules the tests count on. The rule set grows while the App's
 * behaviour does not; pinning the real rules a test relies on keeps counts
 * (comments, annotations, conclusions) about the App, not about the catalogue.
 */
export const PINNED_RULES: readonly string[] = ['subprocess-shell-true'];

const engines = new Map<string, Promise<Engine>>();
/** The real engine, built once per test file and rule set: the pinned rules, or `all` built-in rules. */
export function realEngine(rules: 'pinned' | 'all' = 'pinned'): Promise<Engine> {
  let engine = engines.get(rules);
  if (engine === undefined) {
    engine =
      rules === 'all'
        ? createEngine()
        : createEngine({ rules: loadBuiltinRules().filter((r) => PINNED_RULES.includes(r.id)) });
    engines.set(rules, engine);
  }
  return engine;
}

export interface Harness {
  readonly probot: Probot;
  readonly hunkwise: HunkwiseApp;
  readonly gh: GitHubMock;
  readonly engine: Engine;
  /** Every log line, as JSON text. */
  readonly logLines: string[];
  /** Delivers an event and waits for every review it queued. */
  deliver(event: Parameters<Probot['receive']>[0]): Promise<void>;
}

export async function startHarness(
  options: {
    baseUrl?: string;
    settings?: Partial<Settings>;
    rules?: 'pinned' | 'all';
    /** Run the engine through this runner (e.g. a worker-thread pool) instead of in-thread. */
    runner?: EngineRunner;
    /** A queue of the test's own (e.g. the in-process one with short retry timings). */
    createQueue?: HunkwiseAppOptions['createQueue'];
  } = {},
): Promise<Harness> {
  nock.disableNetConnect();
  const logLines: string[] = [];
  const log = pino(
    { level: 'debug', redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' } },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  );
  const engine = await realEngine(options.rules);
  const probot = new Probot({
    appId: APP_ID,
    privateKey: TEST_PRIVATE_KEY,
    log,
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    // The function form: Probot 14 merges its own throttle options over an object's
    // `throttle.enabled: false`, and the throttler would space writes a second apart.
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { ...(options.throttle as object | undefined), enabled: false },
    })),
  });
  const settings = { ...readSettings({}), ...options.settings };
  const hunkwise = createHunkwiseApp(
    options.runner === undefined
      ? { engine, parseRuleFile, settings, createQueue: options.createQueue }
      : { runner: options.runner, parseRuleFile, settings, createQueue: options.createQueue },
  );
  await probot.load(hunkwise.app);
  const gh = new GitHubMock(options.baseUrl ?? API);
  return {
    probot,
    hunkwise,
    gh,
    engine,
    logLines,
    async deliver(event) {
      await probot.receive(event);
      await hunkwise.drain();
    },
  };
}

export function stopHarness(): void {
  nock.cleanAll();
  nock.enableNetConnect();
}

// ── GitHub's side of a review ─────────────────────────────────────────────

const repoParams = { owner: OWNER, repo: REPO };

export function mockToken(gh: GitHubMock): void {
  gh.rest(
    'POST',
    '/app/installations/{installation_id}/access_tokens',
    { installation_id: INSTALLATION_ID },
    {
      token: 'ghs_testtoken',
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      permissions: { checks: 'write', contents: 'read', pull_requests: 'write', issues: 'write', metadata: 'read' },
      repository_selection: 'all',
    },
  );
}

/** Check runs named hunkwise on the head: none unless `runs` (GitHub's check-run JSON, in part). */
export function mockCheckList(gh: GitHubMock, runs: readonly Record<string, unknown>[] = [], headSha = HEAD_SHA): void {
  gh.rest(
    'GET',
    '/repos/{owner}/{repo}/commits/{ref}/check-runs',
    { ...repoParams, ref: headSha },
    { total_count: runs.length, check_runs: runs },
    { query: { check_name: 'hunkwise', filter: 'latest' } },
  );
}

/** Step 1 as usual: no unfinished check run to resume, so a new one is created. */
export function mockCheckCreate(gh: GitHubMock, id = CHECK_RUN_ID): void {
  mockCheckList(gh);
  gh.rest('POST', '/repos/{owner}/{repo}/check-runs', repoParams, { id });
}

export function mockCheckUpdate(gh: GitHubMock, times = 1, id = CHECK_RUN_ID): void {
  gh.rest('PATCH', '/repos/{owner}/{repo}/check-runs/{check_run_id}', { ...repoParams, check_run_id: id }, { id }, { times });
}

/** `.github/hunkwise.yml`: the repository's own, or (when absent) the organisation's `.github` repository's. */
export function mockConfig(gh: GitHubMock, yaml: string | null): void {
  const path = '.github/hunkwise.yml';
  if (yaml === null) {
    gh.rest('GET', '/repos/{owner}/{repo}/contents/{path}', { ...repoParams, path }, { message: 'Not Found' }, { status: 404 });
    gh.rest('GET', '/repos/{owner}/{repo}/contents/{path}', { owner: OWNER, repo: '.github', path }, { message: 'Not Found' }, { status: 404 });
  } else {
    gh.rest('GET', '/repos/{owner}/{repo}/contents/{path}', { ...repoParams, path }, configFileBody(yaml));
  }
}

/**
 * A file as GitHub's contents API answers in JSON: base64 content up to 1 MB; past it, the
 * size with an empty content and encoding "none".
 */
export function configFileBody(yaml: string, path = '.github/hunkwise.yml'): Record<string, unknown> {
  const size = Buffer.byteLength(yaml);
  const large = size > 1024 * 1024;
  return {
    type: 'file',
    name: path.slice(path.lastIndexOf('/') + 1),
    path,
    size,
    encoding: large ? 'none' : 'base64',
    content: large ? '' : Buffer.from(yaml).toString('base64'),
  };
}

const isRulesQuery = (b: GraphqlBody) => b.query.includes('... on Tree');
const isBlobQuery = (b: GraphqlBody) => b.query.includes('object(expression: $e0)');
const isThreadsQuery = (b: GraphqlBody) => b.query.includes('reviewThreads');

export function mockRuleFiles(gh: GitHubMock, files: Readonly<Record<string, string>> | null = null): void {
  gh.graphql(isRulesQuery, {
    data: {
      repository: {
        object:
          files === null
            ? null
            : {
                entries: Object.entries(files).map(([name, text]) => ({
                  name,
                  type: 'blob',
                  object: { byteSize: text.length, isBinary: false, text },
                })),
              },
      },
    },
  });
}

export interface FileSpec {
  readonly path: string;
  readonly status?: 'added' | 'modified' | 'removed' | 'renamed';
  /** The text at the head commit; omitted for removed files. */
  readonly content?: string;
  /** The pull request patch; built from `content` for an added file when omitted. `null`: GitHub sent none. */
  readonly patch?: string | null;
  readonly binary?: boolean;
  /** A renamed file's path in the base (GitHub's `previous_filename`). */
  readonly previousPath?: string;
}

export function addedPatch(content: string): string {
  const lines = content.replace(/\n$/, '').split('\n');
  return `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}`;
}

export function blobShaOf(path: string): string {
  let h = 0;
  for (const ch of path) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(8, '0').repeat(5);
}

function fileEntry(f: FileSpec): Record<string, unknown> {
  const status = f.status ?? 'added';
  const patch = f.patch === undefined ? (f.content === undefined || f.binary ? undefined : addedPatch(f.content)) : f.patch;
  return {
    sha: blobShaOf(f.path),
    filename: f.path,
    status,
    additions: 1,
    deletions: 0,
    changes: 1,
    blob_url: `https://github.com/${OWNER}/${REPO}/blob/${HEAD_SHA}/${f.path}`,
    raw_url: `https://github.com/${OWNER}/${REPO}/raw/${HEAD_SHA}/${f.path}`,
    contents_url: `https://api.github.com/repos/${OWNER}/${REPO}/contents/${f.path}?ref=${HEAD_SHA}`,
    ...(patch === undefined || patch === null ? {} : { patch }),
    ...(f.previousPath === undefined ? {} : { previous_filename: f.previousPath }),
  };
}

/** The changed-files list, in pages of 100 with GitHub's Link header. */
export function mockChangedFiles(gh: GitHubMock, files: readonly FileSpec[]): void {
  const pages = Math.max(1, Math.ceil(files.length / 100));
  for (let page = 1; page <= pages; page++) {
    const slice = files.slice((page - 1) * 100, page * 100).map(fileEntry);
    const next = `${gh.base}/repos/${OWNER}/${REPO}/pulls/${PULL}/files?per_page=100&page=${page + 1}`;
    gh.rest(
      'GET',
      '/repos/{owner}/{repo}/pulls/{pull_number}/files',
      { ...repoParams, pull_number: PULL },
      slice,
      {
        query: page === 1 ? { per_page: '100' } : { per_page: '100', page: String(page) },
        headers: page < pages ? { link: `<${next}>; rel="next"` } : {},
      },
    );
  }
}

/** Answers the batched blob queries from `files` (as many queries as the app sends in batches). */
export function mockBlobs(gh: GitHubMock, files: readonly FileSpec[], options: { queries?: number; headSha?: string } = {}): void {
  const byExpression = new Map(files.map((f) => [`${options.headSha ?? HEAD_SHA}:${f.path}`, f]));
  gh.graphql(
    isBlobQuery,
    (body: GraphqlBody) => {
      const repository: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(body.variables)) {
        if (!/^e\d+$/.test(name)) continue;
        const f = byExpression.get(String(value));
        repository[`f${name.slice(1)}`] =
          f === undefined
            ? null
            : {
                byteSize: Buffer.byteLength(f.content ?? ''),
                isBinary: f.binary === true,
                isTruncated: false,
                text: f.binary === true ? null : (f.content ?? ''),
              };
      }
      return { data: { repository } };
    },
    { times: options.queries ?? 1 },
  );
}

export interface ThreadSpec {
  readonly id: string;
  readonly path: string;
  readonly isResolved?: boolean;
  /** `bot`: a Bot account's comment, this App's (`hunkwise`) unless `login` names another. */
  readonly comments: readonly { readonly body: string; readonly bot: boolean; readonly login?: string }[];
}

/** This App's slug: GraphQL names its bot `hunkwise` as an author, `hunkwise[bot]` as the viewer. */
export const APP_SLUG = 'hunkwise';

/** GraphQL's review threads of a pull request, as the app's installation token sees them. */
export function reviewThreadsData(threads: readonly ThreadSpec[]): Record<string, unknown> {
  return {
    viewer: { login: `${APP_SLUG}[bot]` },
    repository: {
      pullRequest: {
        id: PULL_NODE_ID,
        reviewThreads: {
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: threads.map((t) => ({
            id: t.id,
            path: t.path,
            isResolved: t.isResolved ?? false,
            comments: {
              totalCount: t.comments.length,
              nodes: t.comments.map((c) => ({
                body: c.body,
                author: c.bot ? { __typename: 'Bot', login: c.login ?? APP_SLUG } : { __typename: 'User', login: c.login ?? 'alice' },
              })),
            },
          })),
        },
      },
    },
  };
}

export function mockReviewState(gh: GitHubMock, threads: readonly ThreadSpec[] = []): void {
  gh.graphql(isThreadsQuery, { data: reviewThreadsData(threads) });
}

export function pullResponse(options: { headSha?: string; state?: 'open' | 'closed'; draft?: boolean } = {}): Record<string, unknown> {
  return {
    number: PULL,
    state: options.state ?? 'open',
    draft: options.draft ?? false,
    user: { login: 'alice', type: 'User' },
    head: { sha: options.headSha ?? HEAD_SHA, ref: 'feature' },
    base: { sha: '0'.repeat(40), ref: 'main' },
  };
}

export function mockPull(gh: GitHubMock, options: Parameters<typeof pullResponse>[0] = {}): void {
  gh.rest('GET', '/repos/{owner}/{repo}/pulls/{pull_number}', { ...repoParams, pull_number: PULL }, pullResponse(options));
}

export function mockReview(gh: GitHubMock, options: { status?: number } = {}): void {
  gh.rest(
    'POST',
    '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    { ...repoParams, pull_number: PULL },
    options.status === 422
      ? { message: 'Unprocessable Entity', errors: ['Line could not be resolved'], status: '422' }
      : { id: 31337, state: 'COMMENTED' },
    { status: options.status ?? 200 },
  );
}

/**
 * The usual review of `files` up to posting: token, check created, no
 * configuration (or `config`), no repository rules (or `ruleFiles`), the files,
 * their contents (unless `blobs: false`), no earlier threads (or `threads`),
 * and the head unchanged (or moved to `movedTo`). Posting and completing are left to the test.
 */
export function mockReviewUpTo(
  gh: GitHubMock,
  files: readonly FileSpec[],
  options: {
    config?: string | null;
    ruleFiles?: Readonly<Record<string, string>>;
    threads?: readonly ThreadSpec[];
    token?: boolean;
    blobs?: boolean;
    movedTo?: string;
  } = {},
): void {
  if (options.token !== false) mockToken(gh);
  mockCheckCreate(gh);
  mockConfig(gh, options.config ?? null);
  mockRuleFiles(gh, options.ruleFiles ?? null);
  mockChangedFiles(gh, files);
  const fetched = files.filter((f) => f.status !== 'removed' && /\.pyi?$/.test(f.path));
  if (fetched.length > 0 && options.blobs !== false) mockBlobs(gh, fetched, { queries: Math.ceil(fetched.length / 50) });
  mockReviewState(gh, options.threads);
  mockPull(gh, options.movedTo === undefined ? {} : { headSha: options.movedTo });
}

export interface PostedReview {
  readonly commit_id: string;
  readonly event: string;
  readonly body: string;
  readonly comments: readonly { path: string; line: number; start_line?: number; side: string; body: string }[];
}

export interface CheckUpdate {
  readonly status?: string;
  readonly conclusion?: string;
  readonly output: { title: string; summary: string; annotations?: readonly Record<string, unknown>[] };
}

export function postedReviews(gh: GitHubMock): PostedReview[] {
  return gh.bodies('POST', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews') as PostedReview[];
}

export function checkUpdates(gh: GitHubMock): CheckUpdate[] {
  return gh.bodies('PATCH', '/repos/{owner}/{repo}/check-runs/{check_run_id}') as CheckUpdate[];
}

export function finalCheck(gh: GitHubMock): CheckUpdate {
  const updates = checkUpdates(gh);
  const last = updates.at(-1);
  if (last === undefined) throw new Error('the check run was never updated');
  return last;
}
