/**
 * Everything hunkwise asks of GitHub, for one repository. The Octokit
 * implementation (octokit-gateway.ts) is the only code that talks to GitHub;
 * jobs and handlers see this interface, so they can be tested with a fake.
 */

/** The check run's name, as users see it in the checks list. */
export const CHECK_NAME = 'hunkwise';

/**
 * Blobs per GraphQL query. Every alias is one object lookup; 50 keeps a query
 * well under GitHub's node and timeout limits while fetching a typical pull
 * request's Python files in one or two requests.
 */
export const BLOBS_PER_QUERY = 50;

/** GitHub's pull request files endpoint lists at most 3000 files. */
export const MAX_LISTED_FILES = 3000;

export type FileStatus = 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';

export interface ChangedFile {
  readonly path: string;
  readonly status: FileStatus;
  /** Absent when GitHub omits it (large diff, binary file). */
  readonly patch?: string;
  /** The blob at the head commit; the REST fallback fetches content by it. */
  readonly blobSha: string;
  readonly previousPath?: string;
}

export interface ChangedFileList {
  readonly files: readonly ChangedFile[];
  /** GitHub lists at most 3000 files of a pull request; true when the list hit that ceiling. */
  readonly truncated: boolean;
}

export interface FileToFetch {
  readonly path: string;
  /** `''` when unknown (a base version): the REST fallback then reads the file by path at the commit. */
  readonly blobSha: string;
}

export type FetchedFile =
  /** GraphQL yields text, the REST fallback raw bytes; the engine decodes either. */
  | { readonly path: string; readonly kind: 'content'; readonly content: string | Uint8Array; readonly byteSize: number }
  | { readonly path: string; readonly kind: 'binary'; readonly byteSize: number }
  | { readonly path: string; readonly kind: 'too-large'; readonly byteSize: number }
  | { readonly path: string; readonly kind: 'error'; readonly message: string };

export interface PullRequestInfo {
  readonly number: number;
  readonly state: 'open' | 'closed';
  readonly headSha: string;
  /** The base branch's commit the pull request compares with (where the move-aware filter reads base versions). */
  readonly baseSha: string;
  readonly draft: boolean;
  readonly authorLogin: string;
}

export interface ThreadComment {
  readonly body: string;
  /**
   * Written by this App's own bot account (the account of the installation
   * token that reads the thread). Another app's bot, a person quoting a marker,
   * a deleted account: false.
   */
  readonly byThisApp: boolean;
}

export interface ReviewThreadInfo {
  readonly id: string;
  readonly path: string;
  readonly isResolved: boolean;
  readonly comments: readonly ThreadComment[];
  /** The thread has more comments than were read. */
  readonly moreComments: boolean;
}

export interface ReviewState {
  /** The pull request's GraphQL node id (for review mutations). */
  readonly pullRequestId: string;
  readonly threads: readonly ReviewThreadInfo[];
}

export interface NewReviewComment {
  readonly path: string;
  readonly line: number;
  /** Set for a multi-line comment; lies in the same hunk as `line`. */
  readonly startLine?: number;
  readonly body: string;
}

export interface ThreadResult {
  readonly ok: boolean;
  readonly message?: string;
}

export type AnnotationLevel = 'notice' | 'warning' | 'failure';

export interface CheckAnnotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly start_column?: number;
  readonly end_column?: number;
  readonly annotation_level: AnnotationLevel;
  readonly message: string;
  readonly title?: string;
}

export interface CheckRunOutput {
  readonly title: string;
  readonly summary: string;
  readonly annotations?: readonly CheckAnnotation[];
}

export type CheckConclusion = 'success' | 'neutral' | 'failure' | 'skipped';

export type ReactionContent = 'eyes' | 'rocket' | 'confused';

export interface LoadedConfig {
  /** The merged configuration (across `_extends`), or null when the repository has none. */
  readonly raw: unknown;
  /** Why the configuration could not be read (bad YAML, bad `_extends`), for the summary. */
  readonly error?: string;
}

export interface RuleFileText {
  readonly name: string;
  readonly text: string;
  /** Why the file was not read (too large, binary); its text is then empty. */
  readonly unread?: string;
}

/** A review comment, and the same comment on its last line alone for when GitHub refuses the range. */
export interface ReviewCommentDraft {
  readonly comment: NewReviewComment;
  readonly lastLineOnly?: NewReviewComment;
}

/** What became of one comment of a review: posted inline, or why not (it then goes to the summary). */
export type CommentOutcome = { readonly posted: true } | { readonly posted: false; readonly reason: string };

/** `refused-as-one`: GitHub refused the review (422) and its comments are added one by one; `fallback-failed`: that failed too. */
export type ReviewPostingEvent = 'refused-as-one' | 'fallback-failed';

export interface GitHubGateway {
  readonly owner: string;
  readonly repo: string;

  /**
   * In progress; or, with `conclusion`, created already completed. Created once: after a lost
   * answer the gateway looks for the run before it tries again.
   */
  createCheckRun(input: { headSha: string; externalId: string; output: CheckRunOutput; conclusion?: CheckConclusion }): Promise<number>;
  /**
   * The review's check run, in progress: the unfinished one a killed worker left on `headSha`
   * for this pull request (taken over), or a new one.
   */
  openCheckRun(input: { headSha: string; externalId: string; output: CheckRunOutput }): Promise<{ id: number; resumed: boolean }>;
  /**
   * This app's unfinished (queued or in_progress) check run on `headSha` with
   * this external id: one a killed worker left behind. One request.
   */
  findUnfinishedCheckRun(input: { headSha: string; externalId: string }): Promise<number | undefined>;
  /** This app's latest check run on `headSha` with this external id, finished or not. One request. */
  findCheckRun(input: { headSha: string; externalId: string }): Promise<{ id: number; status: string } | undefined>;
  /** Sets the output (at most 50 annotations), completes the run with `conclusion`, or (`status`) restarts it. */
  updateCheckRun(
    checkRunId: number,
    input: { conclusion?: CheckConclusion; status?: 'in_progress'; output: CheckRunOutput },
  ): Promise<void>;
  /** Completes the run with any number of annotations, sent in GitHub's chunks. */
  completeCheckRun(
    checkRunId: number,
    input: { conclusion: CheckConclusion; output: CheckRunOutput; annotations: readonly CheckAnnotation[] },
  ): Promise<void>;

  /** `.github/hunkwise.yml` from the default branch, `_extends` followed. Never throws for bad content. */
  loadConfig(): Promise<LoadedConfig>;
  /** The repository's rule files (`.github/hunkwise/rules/*.yml`) on the default branch. */
  loadRuleFiles(): Promise<readonly RuleFileText[]>;

  getPullRequest(pull: number): Promise<PullRequestInfo>;
  listChangedFiles(pull: number): Promise<ChangedFileList>;
  /** Contents at a commit (the head, or the base) in as few requests as possible. One entry per input file, same order. */
  fetchFiles(files: readonly FileToFetch[], headSha: string, maxBytes: number): Promise<readonly FetchedFile[]>;

  getReviewState(pull: number): Promise<ReviewState>;
  /**
   * One review (event COMMENT) with the comments, created once; `body` is rendered for the
   * comments that were posted (indexes into `comments`). One outcome per comment: when GitHub
   * refuses an anchor, the others are still posted and the refused ones say why. Rejects only
   * when the review could not be attempted (an outage): the caller retries the whole review.
   */
  postReview(
    pull: number,
    input: {
      commitId: string;
      /** The pull request's GraphQL node id (for the thread-by-thread fallback). */
      pullRequestId: string;
      comments: readonly ReviewCommentDraft[];
      body: (posted: readonly number[]) => string;
      onEvent?: (event: ReviewPostingEvent, error: unknown) => void;
    },
  ): Promise<readonly CommentOutcome[]>;
  /**
   * Replies to (when `reply` is given) and resolves each thread, in one request
   * that is never re-sent blindly: a lost answer would post the reply twice.
   * The caller re-reads the threads before trying again (run-review-job.ts).
   */
  resolveThreads(threads: readonly { threadId: string; reply?: string }[]): Promise<void>;

  addReaction(commentId: number, content: ReactionContent): Promise<void>;
  createIssueComment(issueNumber: number, body: string): Promise<void>;
  /** `admin`, `maintain`, `write`, `triage`, `read` or `none`. */
  getPermission(username: string): Promise<string>;
  /** Open pull requests whose head is `sha`. */
  findPullRequestsByHead(sha: string): Promise<readonly number[]>;
}

export { errorMessage } from './github-errors.js';
