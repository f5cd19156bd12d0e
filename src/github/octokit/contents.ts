/** What the review reads: the pull request, its changed files, their contents, the configuration and rule files. */
import { CONFIG_PATH, CUSTOM_RULES_DIR } from '../../config/config-schema.js';
import { loadConfigLayers, type ConfigFileTooLarge, type ConfigLocation } from '../../config/load-config-layers.js';
import { MAX_CONFIG_FILE_BYTES } from '../../config/parse-config-text.js';
import { MAX_RULE_FILE_BYTES } from '../../engine/parse-rule-file.js';
import {
  BLOBS_PER_QUERY,
  MAX_LISTED_FILES,
  type ChangedFile,
  type FetchedFile,
  type FileToFetch,
  type GitHubGateway,
  type RuleFileText,
} from '../gateway.js';
import { errorMessage, isNotFound } from '../github-errors.js';
import { asGitHubUnavailable } from '../github-unavailable.js';
import { partialGraphql } from './graphql-batches.js';
import { chunk, type Octokit, type RepositoryClient } from './octokit-client.js';

/** The files endpoint's page size ceiling. */
const FILES_PER_PAGE = 100;
/** Parallel REST blob requests in the fallback path; GitHub frowns on bursts. */
const REST_FALLBACK_CONCURRENCY = 8;
/** Git's own heuristic: a NUL byte in the first 8000 bytes means binary. */
const BINARY_SNIFF_BYTES = 8000;

type ContentsPart = Pick<GitHubGateway, 'loadConfig' | 'loadRuleFiles' | 'getPullRequest' | 'listChangedFiles' | 'fetchFiles'>;

interface BlobNode {
  readonly byteSize?: number;
  readonly isBinary?: boolean | null;
  readonly isTruncated?: boolean;
  readonly text?: string | null;
}

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
    if (isNotFound(error)) return null;
    throw error;
  }
  const where = `${at.owner}/${at.repo}:${at.path}`;
  const file = data as { type?: unknown; size?: unknown; encoding?: unknown; content?: unknown };
  if (Array.isArray(data) || file.type !== 'file') throw new Error(`${where} is a directory, a symlink or a submodule, not a file`);
  if (typeof file.size === 'number' && file.size > MAX_CONFIG_FILE_BYTES) return { tooLargeBytes: file.size };
  if (file.encoding !== 'base64' || typeof file.content !== 'string') throw new Error(`${where} came without its content`);
  return Buffer.from(file.content, 'base64');
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

/** Bytes fetched over REST, judged like GraphQL's blobs: too large, binary, or content. */
function fetchedBytes(path: string, bytes: Uint8Array, maxBytes: number): FetchedFile {
  if (bytes.length > maxBytes) return { path, kind: 'too-large', byteSize: bytes.length };
  if (looksBinary(bytes)) return { path, kind: 'binary', byteSize: bytes.length };
  return { path, kind: 'content', content: bytes, byteSize: bytes.length };
}

export function contentsPart({ octokit, owner, repo }: RepositoryClient): ContentsPart {
  /** A file whose blob is not known (a base version), by path at a commit; the contents API answers up to 1 MB. */
  async function fetchContentRest(file: FileToFetch, sha: string, maxBytes: number): Promise<FetchedFile> {
    try {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path: file.path, ref: sha });
      if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
        return { path: file.path, kind: 'error', message: 'not a regular file at the base' };
      }
      if (data.size > maxBytes) return { path: file.path, kind: 'too-large', byteSize: data.size };
      if (data.encoding !== 'base64') return { path: file.path, kind: 'error', message: 'too large for the contents API' };
      return fetchedBytes(file.path, new Uint8Array(Buffer.from(data.content, 'base64')), maxBytes);
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
      return fetchedBytes(file.path, new Uint8Array(Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8')), maxBytes);
    } catch (error) {
      return { path: file.path, kind: 'error', message: `could not fetch the file (${errorMessage(error)})` };
    }
  }

  /** One GraphQL query for a batch; null entries need the REST fallback. */
  async function fetchBatchGraphql(batch: readonly FileToFetch[], headSha: string, maxBytes: number): Promise<(FetchedFile | null)[]> {
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

  return {
    async loadConfig() {
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

    async loadRuleFiles() {
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

    async getPullRequest(pull) {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner, repo, pull_number: pull });
      return {
        number: data.number,
        state: data.state === 'open' ? 'open' : 'closed',
        headSha: data.head.sha,
        baseSha: data.base.sha,
        draft: data.draft === true,
        authorLogin: data.user.login,
      };
    },

    async listChangedFiles(pull) {
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

    async fetchFiles(files, headSha, maxBytes) {
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
  };
}
