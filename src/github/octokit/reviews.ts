/**
 * Review comments and threads: reading this App's threads, posting one review (with the
 * thread-by-thread fallback when GitHub refuses an anchor), replying to and resolving threads.
 */
import type { CommentOutcome, GitHubGateway, NewReviewComment, ReviewThreadInfo, ThreadResult } from '../gateway.js';
import { isRefused } from '../github-errors.js';
import { createOnce } from './create-once.js';
import { mutateInBatches } from './graphql-batches.js';
import { NO_BLIND_RETRY, type RepositoryClient } from './octokit-client.js';

/** Review threads per GraphQL page (the API maximum). */
const THREADS_PER_PAGE = 100;
/** Comments read per thread: enough to see the bot's comment and any human reply. */
const COMMENTS_PER_THREAD = 10;
/** Reviews per page, and pages read, when looking for a review whose creation lost its answer. */
const REVIEWS_PER_PAGE = 100;
const REVIEW_LOOKUP_PAGES = 10;

type ReviewsPart = Pick<GitHubGateway, 'getReviewState' | 'postReview' | 'resolveThreads'>;

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

export function reviewsPart({ octokit, owner, repo }: RepositoryClient): ReviewsPart {
  /** One review (event COMMENT); rejects with GitHub's error (422 when it refuses an anchor). Created once. */
  async function createReview(pull: number, commitId: string, body: string, comments: readonly NewReviewComment[]): Promise<void> {
    await createOnce(
      async () => {
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
          ...NO_BLIND_RETRY,
        });
        return true;
      },
      async () => {
        for (let page = 1; page <= REVIEW_LOOKUP_PAGES; page++) {
          const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
            owner,
            repo,
            pull_number: pull,
            per_page: REVIEWS_PER_PAGE,
            page,
          });
          if (data.some((r) => r.commit_id === commitId && r.body === body)) return true;
          if (data.length < REVIEWS_PER_PAGE) return undefined;
        }
        return undefined;
      },
    );
  }

  async function startPendingReview(pullRequestId: string, commitId: string): Promise<string> {
    const data = await octokit.graphql<{ addPullRequestReview: { pullRequestReview: { id: string } } }>(
      `mutation($pullRequestId: ID!, $commitOID: GitObjectID!) {
        addPullRequestReview(input: { pullRequestId: $pullRequestId, commitOID: $commitOID }) { pullRequestReview { id } }
      }`,
      { pullRequestId, commitOID: commitId },
    );
    return data.addPullRequestReview.pullRequestReview.id;
  }

  /** Threads added one by one to a pending review, so one bad anchor cannot sink the rest. */
  function addPendingThreads(reviewId: string, comments: readonly NewReviewComment[]): Promise<readonly ThreadResult[]> {
    return mutateInBatches(octokit, comments, (c, i, vars, defs) => {
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
  }

  async function submitPendingReview(reviewId: string, body: string): Promise<void> {
    await octokit.graphql(
      `mutation($reviewId: ID!, $body: String!) {
        submitPullRequestReview(input: { pullRequestReviewId: $reviewId, event: COMMENT, body: $body }) { pullRequestReview { id } }
      }`,
      { reviewId, body },
    );
  }

  async function deletePendingReview(reviewId: string): Promise<void> {
    await octokit.graphql(
      `mutation($reviewId: ID!) { deletePullRequestReview(input: { pullRequestReviewId: $reviewId }) { pullRequestReview { id } } }`,
      { reviewId },
    );
  }

  return {
    async getReviewState(pull) {
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

    /**
     * One review with every comment; when GitHub refuses it (422: an anchor it will not take),
     * a pending review gets one thread per comment so GitHub tells which it refuses. A refused
     * multi-line comment is tried once more on its last line alone; the rest is submitted as one
     * review, so the review is never lost. Other failures of the first request are thrown (an
     * outage retries the whole review); a failing fallback leaves every comment unposted.
     */
    async postReview(pull, { commitId, pullRequestId, comments, body, onEvent }) {
      if (comments.length === 0) return [];
      try {
        await createReview(pull, commitId, body(comments.map((_, i) => i)), comments.map((c) => c.comment));
        return comments.map((): CommentOutcome => ({ posted: true }));
      } catch (error) {
        if (!isRefused(error)) throw error;
        onEvent?.('refused-as-one', error);
      }
      const outcomes: CommentOutcome[] = comments.map(() => ({ posted: false, reason: 'GitHub refused the review comment' }));
      let reviewId: string | undefined;
      try {
        reviewId = await startPendingReview(pullRequestId, commitId);
        const first = await addPendingThreads(reviewId, comments.map((c) => c.comment));
        const retry: number[] = [];
        first.forEach((result, i) => {
          if (result.ok) outcomes[i] = { posted: true };
          else if (comments[i].lastLineOnly !== undefined) retry.push(i);
          else outcomes[i] = { posted: false, reason: `GitHub refused the line (${result.message ?? 'HTTP 422'})` };
        });
        if (retry.length > 0) {
          const second = await addPendingThreads(reviewId, retry.map((i) => comments[i].lastLineOnly as NewReviewComment));
          second.forEach((result, k) => {
            const i = retry[k];
            outcomes[i] = result.ok ? { posted: true } : { posted: false, reason: `GitHub refused the lines (${result.message ?? 'HTTP 422'})` };
          });
        }
        const posted = outcomes.flatMap((o, i) => (o.posted ? [i] : []));
        if (posted.length === 0) await deletePendingReview(reviewId);
        else await submitPendingReview(reviewId, body(posted));
        return outcomes;
      } catch (error) {
        onEvent?.('fallback-failed', error);
        if (reviewId !== undefined) await deletePendingReview(reviewId).catch(() => undefined);
        return outcomes.map((o): CommentOutcome => (o.posted ? { posted: false, reason: 'GitHub refused the review comment' } : o));
      }
    },

    async resolveThreads(threads) {
      const results = await mutateInBatches(octokit, threads, (t, i, vars, defs) => {
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
  };
}
