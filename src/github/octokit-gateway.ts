/**
 * The GitHubGateway over Probot's Octokit. All GraphQL goes through
 * `octokit.graphql`, so on GitHub Enterprise Server it follows the client's
 * base URL (`/api/v3` → `/api/graphql`) like REST does.
 */
import type { ProbotOctokit } from 'probot';
import { CONFIG_PATH, CUSTOM_RULES_DIR } from '../config/config-schema.js';
import { loadConfigLayers, type ConfigFileTooLarge, type ConfigLocation } from '../config/load-config-layers.js';
import { MAX_CONFIG_FILE_BYTES } from '../config/parse-config-text.js';
import {
  BLOBS_PER_QUERY,
  CHECK_NAME,
  MAX_LISTED_FILES,
  errorMessage,
  httpStatusOf,
  type ChangedFile,
  type ChangedFileList,
  type CheckConclusion,
  type CheckRunOutput,
  type FetchedFile,
  type FileToFetch,
  type GitHubGateway,
  type LoadedConfig,
  type NewReviewComment,
  type PullRequestInfo,
  type ReactionContent,
  type ReviewState,
  type ReviewThreadInfo,
  type RuleFileText,
  type ThreadResult,
} from './gateway.js';
import { asGitHubUnavailable } from './github-unavailable.js';

/** The files endpoint's page size ceiling. */
const FILES_PER_PAGE = 100;
/** Parallel REST blob requests in the fallback path; GitHub frowns on bursts. */
const REST_FALLBACK_CONCURRENCY = 8;
/** Review threads per GraphQL page (the API maximum). */
const THREADS_PER_PAGE = 100;
/** Comments read per thread: enough to see the bot's comment and any human reply. */
const COMMENTS_PER_THREAD = 10;
/** Mutations per GraphQL request; GitHub limits the cost of one request. */
const MUTATIONS_PER_REQUEST = 20;
/**
 * Request options for a mutation that adds something (a reply, a pending
 * thread): the retry plugin must not send it again after a lost answer, or it
 * is added twice. The caller decides, after looking, whether to try again.
 */
const NO_BLIND_RETRY = { request: { retries: 0 } } as const;
/** A repository rule file larger than this is not a rule. */
const MAX_RULE_FILE_BYTES = 64 * 1024;
/** Git's own heuristic: a NUL byte in the first 8000 bytes means binary. */
const BINARY_SNIFF_BYTES = 8000;

type Octokit = ProbotOctokit;

/**
 * One configuration file's content on a repository's default branch, or null
 * when there is none. The JSON form gives the size first: a file over the
 * limit is not decoded, and GitHub sends no content at all past 1 MB, so a
 * huge file is never downloaded.
 */
async function readConfigFile(octokit: Octokit, at: ConfigLocation): Promise<string | Uint8Array | ConfigFileTooLarge | null> {
  let data: unknown;
  try {
    ({ data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { owner: at.owner, repo: at.repo, path: at.path }));
  } catch (error) {
    if (httpStatusOf(error) === 404) return null;
    throw error;
  }
  const where = `${at.owner}/${at.repo}:${at.path}`;
  const file = data as { type?: unknown; size?: unknown; encoding?: unknown; content?: unknown };
  if (Array.isArray(data) || file.type !== 'file') throw new Error(`${where} is a directory, a symlink or a submodule, not a file`);
  if (typeof file.size === 'number' && file.size > MAX_CONFIG_FILE_BYTES) return { tooLargeBytes: file.size };
  if (file.encoding !== 'base64' || typeof file.content !== 'string') throw new Error(`${where} came without its content`);
  return Buffer.from(file.content, 'base64');
}

interface GraphqlErrorLike {
  readonly data?: unknown;
  readonly errors?: readonly { readonly message?: string; readonly path?: readonly (string | number)[] }[];
}

/** A GraphQL error response still carries the fields that worked. */
function partialGraphql(error: unknown): GraphqlErrorLike | undefined {
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'GraphqlResponseError') {
    return error as GraphqlErrorLike;
  }
  return undefined;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

interface BlobNode {
  readonly byteSize?: number;
  readonly isBinary?: boolean | null;
  readonly isTruncated?: boolean;
  readonly text?: string | null;
}

/**
 * A GraphQL actor's login, compared without case and without the `[bot]`
 * suffix: GraphQL names an app's bot `<slug>` as a comment author but
 * `<slug>[bot]` as the viewer, REST always `<slug>[bot]`.
 */
export function sameActor(a: string, b: string): boolean {
  const norm = (login: string): string => login.replace(/\[bot\]$/i, '').toLowerCase();
  return norm(a) !== '' && norm(a) === norm(b);
}

interface ThreadsPage {
  /** Who this token is: for an installation token, the App's own bot account. */
  readonly viewer: { readonly login: string } | null;
  readonly repository: {
    readonly pullRequest: {
      readonly id: string;
      readonly reviewThreads: {
        readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
        readonly nodes: readonly {
          readonly id: string;
          readonly path: string;
          readonly isResolved: boolean;
          readonly comments: {
            readonly totalCount: number;
            readonly nodes: readonly {
              readonly body: string;
              readonly author: { readonly __typename: string; readonly login: string } | null;
            }[];
          };
        }[];
      };
    } | null;
  };
}

export function createOctokitGateway(octokit: Octokit, repository: { owner: string; repo: string }): GitHubGateway {
  const { owner, repo } = repository;

  /** The app's id from its own credentials (a locally signed JWT, no request); undefined when the client has none. */
  async function ownAppId(): Promise<number | undefined> {
    try {
      const auth = (await octokit.auth({ type: 'app' })) as { appId?: unknown } | undefined;
      return typeof auth?.appId === 'number' ? auth.appId : undefined;
    } catch {
      return undefined;
    }
  }

  /** This app's latest hunkwise check runs on a commit for one pull request (another app's cannot be updated with our token). */
  async function ownCheckRuns(headSha: string, externalId: string) {
    const appId = await ownAppId();
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
      owner,
      repo,
      ref: headSha,
      check_name: CHECK_NAME,
      filter: 'latest',
    });
    return data.check_runs.filter((c) => c.external_id === externalId && (appId === undefined || c.app?.id === appId));
  }

  /** A file whose blob is not known (a base version), by path at a commit; the contents API answers up to 1 MB. */
  async function fetchContentRest(file: FileToFetch, sha: string, maxBytes: number): Promise<FetchedFile> {
    try {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path: file.path, ref: sha });
      if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
        return { path: file.path, kind: 'error', message: 'not a regular file at the base' };
      }
      if (data.size > maxBytes) return { path: file.path, kind: 'too-large', byteSize: data.size };
      if (data.encoding !== 'base64') return { path: file.path, kind: 'error', message: 'too large for the contents API' };
      const bytes = new Uint8Array(Buffer.from(data.content, 'base64'));
      if (bytes.length > maxBytes) return { path: file.path, kind: 'too-large', byteSize: bytes.length };
      if (looksBinary(bytes)) return { path: file.path, kind: 'binary', byteSize: bytes.length };
      return { path: file.path, kind: 'content', content: bytes, byteSize: bytes.length };
    } catch (error) {
      return { path: file.path, kind: 'error', message: `could not fetch the file (${errorMessage(error)})` };
    }
  }

  async function fetchBlobRest(file: FileToFetch, maxBytes: number): Promise<FetchedFile> {
    try {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
        owner,
        repo,
        file_sha: file.blobSha,
      });
      if (data.size !== null && data.size !== undefined && data.size > maxBytes) {
        return { path: file.path, kind: 'too-large', byteSize: data.size };
      }
      const bytes = new Uint8Array(Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8'));
      if (bytes.length > maxBytes) return { path: file.path, kind: 'too-large', byteSize: bytes.length };
      if (looksBinary(bytes)) return { path: file.path, kind: 'binary', byteSize: bytes.length };
      return { path: file.path, kind: 'content', content: bytes, byteSize: bytes.length };
    } catch (error) {
      return { path: file.path, kind: 'error', message: `could not fetch the file (${errorMessage(error)})` };
    }
  }

  /** One GraphQL query for a batch; null entries need the REST fallback. */
  async function fetchBatchGraphql(
    batch: readonly FileToFetch[],
    headSha: string,
    maxBytes: number,
  ): Promise<(FetchedFile | null)[]> {
    const vars: Record<string, string> = { owner, repo };
    const defs = ['$owner: String!', '$repo: String!'];
    const fields: string[] = [];
    batch.forEach((f, i) => {
      // Paths go in as variables, never spliced into the query text.
      vars[`e${i}`] = `${headSha}:${f.path}`;
      defs.push(`$e${i}: String!`);
      fields.push(`f${i}: object(expression: $e${i}) { ... on Blob { byteSize isBinary isTruncated text } }`);
    });
    const query = `query(${defs.join(', ')}) { repository(owner: $owner, name: $repo) { ${fields.join(' ')} } }`;
    let repoData: Record<string, BlobNode | null> | undefined;
    try {
      const data = await octokit.graphql<{ repository: Record<string, BlobNode | null> }>(query, vars);
      repoData = data.repository;
    } catch (error) {
      const partial = partialGraphql(error);
      const data = partial?.data as { repository?: Record<string, BlobNode | null> } | undefined;
      repoData = data?.repository ?? undefined;
    }
    return batch.map((f, i): FetchedFile | null => {
      const node = repoData?.[`f${i}`];
      if (node === null || node === undefined || node.byteSize === undefined) return null;
      if (node.isBinary === true) return { path: f.path, kind: 'binary', byteSize: node.byteSize };
      if (node.byteSize > maxBytes) return { path: f.path, kind: 'too-large', byteSize: node.byteSize };
      if (node.isTruncated === true || typeof node.text !== 'string') return null;
      return { path: f.path, kind: 'content', content: node.text, byteSize: node.byteSize };
    });
  }

  /** Mutations that add something, in batches; each request is sent once (NO_BLIND_RETRY). */
  async function mutateInBatches<T>(
    items: readonly T[],
    build: (item: T, i: number, vars: Record<string, unknown>, defs: string[]) => string,
  ): Promise<ThreadResult[]> {
    const results: ThreadResult[] = [];
    for (const batch of chunk(items, MUTATIONS_PER_REQUEST)) {
      const vars: Record<string, unknown> = {};
      const defs: string[] = [];
      const fields = batch.map((item, i) => build(item, i, vars, defs));
      const mutation = `mutation(${defs.join(', ')}) { ${fields.join(' ')} }`;
      try {
        await octokit.graphql(mutation, { ...vars, ...NO_BLIND_RETRY });
        results.push(...batch.map(() => ({ ok: true })));
      } catch (error) {
        const partial = partialGraphql(error);
        if (partial === undefined) throw error;
        const data = (partial.data ?? {}) as Record<string, unknown>;
        batch.forEach((_, i) => {
          const failed = (partial.errors ?? []).find((e) => e.path?.[0] === `t${i}`);
          const ok = data[`t${i}`] !== null && data[`t${i}`] !== undefined && failed === undefined;
          results.push(ok ? { ok } : { ok, message: failed?.message ?? 'refused by GitHub' });
        });
      }
    }
    return results;
  }

  return {
    owner,
    repo,

    async createCheckRun({ headSha, externalId, output, conclusion }) {
      const now = new Date().toISOString();
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
        owner,
        repo,
        name: CHECK_NAME,
        head_sha: headSha,
        external_id: externalId,
        started_at: now,
        ...(conclusion === undefined ? { status: 'in_progress' as const } : { status: 'completed' as const, conclusion, completed_at: now }),
        output: { title: output.title, summary: output.summary },
      });
      return Number(data.id);
    },

    async findUnfinishedCheckRun({ headSha, externalId }) {
      const run = (await ownCheckRuns(headSha, externalId)).find((c) => c.status === 'in_progress' || c.status === 'queued');
      return run === undefined ? undefined : Number(run.id);
    },

    async findCheckRun({ headSha, externalId }) {
      const [run] = await ownCheckRuns(headSha, externalId);
      return run === undefined ? undefined : { id: Number(run.id), status: run.status };
    },

    async updateCheckRun(
      checkRunId: number,
      input: { conclusion?: CheckConclusion; status?: 'in_progress'; output: CheckRunOutput },
    ) {
      const { annotations, ...text } = input.output;
      await octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
        owner,
        repo,
        check_run_id: checkRunId,
        ...(input.status === undefined ? {} : { status: input.status, started_at: new Date().toISOString() }),
        ...(input.conclusion === undefined
          ? {}
          : { status: 'completed' as const, conclusion: input.conclusion, completed_at: new Date().toISOString() }),
        output: { ...text, ...(annotations === undefined ? {} : { annotations: [...annotations] }) },
      });
    },

    async loadConfig(): Promise<LoadedConfig> {
      // Not Probot's context.config: it parses files of any size. loadConfigLayers
      // follows the same lookup (repository, organisation, _extends) within bounds.
      try {
        return await loadConfigLayers({ owner, repo }, (at) => readConfigFile(octokit, at));
      } catch (error) {
        // An outage is not a bad configuration: the review waits for GitHub rather than run on defaults.
        if (asGitHubUnavailable(error) !== undefined) throw error;
        return { raw: null, error: `Could not read ${CONFIG_PATH}: ${errorMessage(error)}` };
      }
    },

    async loadRuleFiles(): Promise<readonly RuleFileText[]> {
      interface TreeData {
        readonly repository: {
          readonly object: {
            readonly entries?: readonly { readonly name: string; readonly type: string; readonly object: BlobNode | null }[];
          } | null;
        };
      }
      const data = await octokit.graphql<TreeData>(
        `query($owner: String!, $repo: String!, $expression: String!) {
          repository(owner: $owner, name: $repo) {
            object(expression: $expression) {
              ... on Tree { entries { name type object { ... on Blob { byteSize isBinary text } } } }
            }
          }
        }`,
        // HEAD: the default branch, like the configuration: a pull request cannot change its own rules.
        { owner, repo, expression: `HEAD:${CUSTOM_RULES_DIR}` },
      );
      const entries = data.repository.object?.entries ?? [];
      return entries
        .filter((e) => e.type === 'blob' && /\.ya?ml$/i.test(e.name))
        .map((e): RuleFileText => {
          const size = e.object?.byteSize ?? 0;
          if (size > MAX_RULE_FILE_BYTES) return { name: e.name, text: '', unread: `it is ${size} bytes, over the ${MAX_RULE_FILE_BYTES}-byte limit` };
          if (e.object?.isBinary === true || typeof e.object?.text !== 'string') return { name: e.name, text: '', unread: 'it is not text' };
          return { name: e.name, text: e.object.text };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
    },

    async getPullRequest(pull: number): Promise<PullRequestInfo> {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
        owner,
        repo,
        pull_number: pull,
      });
      return {
        number: data.number,
        state: data.state === 'open' ? 'open' : 'closed',
        headSha: data.head.sha,
        baseSha: data.base.sha,
        draft: data.draft === true,
        authorLogin: data.user.login,
      };
    },

    async listChangedFiles(pull: number): Promise<ChangedFileList> {
      const data = await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
        owner,
        repo,
        pull_number: pull,
        per_page: FILES_PER_PAGE,
      });
      const files = data.map(
        (f): ChangedFile => ({
          path: f.filename,
          status: f.status,
          blobSha: f.sha ?? '',
          ...(typeof f.patch === 'string' ? { patch: f.patch } : {}),
          ...(typeof f.previous_filename === 'string' ? { previousPath: f.previous_filename } : {}),
        }),
      );
      return { files, truncated: files.length >= MAX_LISTED_FILES };
    },

    async fetchFiles(files: readonly FileToFetch[], headSha: string, maxBytes: number): Promise<readonly FetchedFile[]> {
      const results: FetchedFile[] = [];
      for (const batch of chunk(files, BLOBS_PER_QUERY)) {
        const viaGraphql = await fetchBatchGraphql(batch, headSha, maxBytes);
        const missing = batch.filter((_, i) => viaGraphql[i] === null);
        const viaRest = await mapLimited(missing, REST_FALLBACK_CONCURRENCY, (f) =>
          f.blobSha === '' ? fetchContentRest(f, headSha, maxBytes) : fetchBlobRest(f, maxBytes),
        );
        let r = 0;
        results.push(...viaGraphql.map((g) => g ?? viaRest[r++]));
      }
      return results;
    },

    async getReviewState(pull: number): Promise<ReviewState> {
      const threads: ReviewThreadInfo[] = [];
      let pullRequestId = '';
      let cursor: string | null = null;
      do {
        const page: ThreadsPage = await octokit.graphql<ThreadsPage>(
          `query($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
            viewer { login }
            repository(owner: $owner, name: $repo) {
              pullRequest(number: $number) {
                id
                reviewThreads(first: ${THREADS_PER_PAGE}, after: $cursor) {
                  pageInfo { hasNextPage endCursor }
                  nodes {
                    id path isResolved
                    comments(first: ${COMMENTS_PER_THREAD}) { totalCount nodes { body author { __typename login } } }
                  }
                }
              }
            }
          }`,
          { owner, repo, number: pull, cursor },
        );
        const pr = page.repository.pullRequest;
        if (pr === null) throw new Error(`pull request #${pull} not found`);
        // Without knowing who we are, no marker can be trusted: fail rather than guess.
        const self = page.viewer?.login;
        if (typeof self !== 'string' || self === '') throw new Error('GitHub did not say which account this token is');
        pullRequestId = pr.id;
        for (const t of pr.reviewThreads.nodes) {
          threads.push({
            id: t.id,
            path: t.path,
            isResolved: t.isResolved,
            comments: t.comments.nodes.map((c) => ({
              body: c.body,
              // An app's comments are a Bot's; the login tells this App's bot from any other.
              byThisApp: c.author?.__typename === 'Bot' && sameActor(c.author.login, self),
            })),
            moreComments: t.comments.totalCount > t.comments.nodes.length,
          });
        }
        cursor = pr.reviewThreads.pageInfo.hasNextPage ? pr.reviewThreads.pageInfo.endCursor : null;
      } while (cursor !== null);
      return { pullRequestId, threads };
    },

    async createReview(pull, { commitId, body, comments }) {
      await octokit.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
        owner,
        repo,
        pull_number: pull,
        commit_id: commitId,
        event: 'COMMENT',
        body,
        comments: comments.map((c) => ({
          path: c.path,
          line: c.line,
          side: 'RIGHT',
          ...(c.startLine === undefined ? {} : { start_line: c.startLine, start_side: 'RIGHT' }),
          body: c.body,
        })),
      });
    },

    async startPendingReview(pullRequestId: string, commitId: string): Promise<string> {
      const data = await octokit.graphql<{ addPullRequestReview: { pullRequestReview: { id: string } } }>(
        `mutation($pullRequestId: ID!, $commitOID: GitObjectID!) {
          addPullRequestReview(input: { pullRequestId: $pullRequestId, commitOID: $commitOID }) { pullRequestReview { id } }
        }`,
        { pullRequestId, commitOID: commitId },
      );
      return data.addPullRequestReview.pullRequestReview.id;
    },

    async addPendingThreads(reviewId: string, comments: readonly NewReviewComment[]): Promise<readonly ThreadResult[]> {
      return mutateInBatches(comments, (c, i, vars, defs) => {
        if (i === 0) {
          vars.reviewId = reviewId;
          defs.push('$reviewId: ID!');
        }
        vars[`p${i}`] = c.path;
        vars[`l${i}`] = c.line;
        vars[`b${i}`] = c.body;
        defs.push(`$p${i}: String!`, `$l${i}: Int!`, `$b${i}: String!`);
        let range = '';
        if (c.startLine !== undefined) {
          vars[`s${i}`] = c.startLine;
          defs.push(`$s${i}: Int!`);
          range = `, startLine: $s${i}, startSide: RIGHT`;
        }
        return (
          `t${i}: addPullRequestReviewThread(input: { pullRequestReviewId: $reviewId, path: $p${i}, ` +
          `line: $l${i}, side: RIGHT${range}, body: $b${i} }) { thread { id } }`
        );
      });
    },

    async submitPendingReview(reviewId: string, body: string): Promise<void> {
      await octokit.graphql(
        `mutation($reviewId: ID!, $body: String!) {
          submitPullRequestReview(input: { pullRequestReviewId: $reviewId, event: COMMENT, body: $body }) { pullRequestReview { id } }
        }`,
        { reviewId, body },
      );
    },

    async deletePendingReview(reviewId: string): Promise<void> {
      await octokit.graphql(
        `mutation($reviewId: ID!) { deletePullRequestReview(input: { pullRequestReviewId: $reviewId }) { pullRequestReview { id } } }`,
        { reviewId },
      );
    },

    async resolveThreads(threads: readonly { threadId: string; reply?: string }[]): Promise<void> {
      const results = await mutateInBatches(threads, (t, i, vars, defs) => {
        vars[`id${i}`] = t.threadId;
        defs.push(`$id${i}: ID!`);
        const resolve = `t${i}: resolveReviewThread(input: { threadId: $id${i} }) { thread { id } }`;
        if (t.reply === undefined) return resolve;
        vars[`b${i}`] = t.reply;
        defs.push(`$b${i}: String!`);
        // Mutation fields run in order: the reply lands before the thread closes.
        return `r${i}: addPullRequestReviewThreadReply(input: { pullRequestReviewThreadId: $id${i}, body: $b${i} }) { comment { id } } ${resolve}`;
      });
      const failed = results.filter((r) => !r.ok);
      if (failed.length > 0) throw new Error(`could not resolve ${failed.length} review thread(s): ${failed[0].message}`);
    },

    async addReaction(commentId: number, content: ReactionContent): Promise<void> {
      await octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
        owner,
        repo,
        comment_id: commentId,
        content,
      });
    },

    async createIssueComment(issueNumber: number, body: string): Promise<void> {
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner,
        repo,
        issue_number: issueNumber,
        body,
      });
    },

    async getPermission(username: string): Promise<string> {
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', {
          owner,
          repo,
          username,
        });
        // role_name tells maintain and triage apart; `permission` folds them into write and read.
        return data.role_name || data.permission;
      } catch (error) {
        if (httpStatusOf(error) === 404) return 'none';
        throw error;
      }
    },

    async findPullRequestsByHead(sha: string): Promise<readonly number[]> {
      const { data } = await octokit.request('GET /search/issues', {
        q: `${sha} type:pr is:open repo:${owner}/${repo}`,
        per_page: 10,
      });
      return data.items.map((i) => i.number);
    },
  };
}
