/**
 * Everything the App would send GitHub for a reviewed change, as one value:
 * the review (null when it would post none) and the completed check run. Pure.
 * `hunkwise review --format github` prints it as JSON; `--format markdown`
 * prints it for people (a CI job summary).
 */
import { CHECK_NAME, type CheckAnnotation } from '../github/gateway.js';
import type { ReviewedChange } from '../review/review-change.js';
import { notInlineReasons, renderCheckRun, reviewBodyFor, toReviewComment, type CommentContext, type LinkBase } from './github-review.js';
import { codeSpan } from './markdown-text.js';

export interface GitHubReviewPayload {
  readonly event: 'COMMENT';
  readonly body: string;
  readonly comments: readonly {
    readonly path: string;
    readonly line: number;
    readonly startLine?: number;
    readonly side: 'RIGHT';
    readonly body: string;
  }[];
}

export interface GitHubPayload {
  /** Null when the App would post no review (nothing new to comment on inline). */
  readonly review: GitHubReviewPayload | null;
  readonly check: {
    readonly name: string;
    readonly conclusion: ReviewedChange['conclusion'];
    readonly title: string;
    readonly summary: string;
    readonly annotations: readonly CheckAnnotation[];
  };
}

/**
 * As the App sends it when GitHub takes every comment (no 422 fallback) and
 * no earlier thread exists to resolve: the command line has no pull request.
 */
export function githubPayload(input: {
  readonly reviewed: ReviewedChange;
  readonly context: CommentContext;
  readonly links: LinkBase;
  readonly checkUrl: string;
  /** The configuration's `max_comments`, for the reason a finding is not inline. */
  readonly maxComments: number;
  readonly configWarnings: readonly string[];
  readonly configRuleErrors: readonly string[];
}): GitHubPayload {
  const { reviewed, context } = input;
  const { plan } = reviewed;
  const review: GitHubReviewPayload | null =
    plan.toPost.length === 0
      ? null
      : {
          event: 'COMMENT',
          body: reviewBodyFor(plan, plan.toPost, input.checkUrl, context),
          comments: plan.toPost.map((concern) => {
            const c = toReviewComment(concern, context);
            return { path: c.path, line: c.line, ...(c.startLine === undefined ? {} : { startLine: c.startLine }), side: 'RIGHT', body: c.body };
          }),
        };
  const check = renderCheckRun({
    reviewed,
    posting: { posted: plan.toPost.length, notInline: notInlineReasons(plan, input.maxComments), resolved: 0 },
    links: input.links,
    configWarnings: input.configWarnings,
    configRuleErrors: input.configRuleErrors,
  });
  return {
    review,
    check: { name: CHECK_NAME, conclusion: check.conclusion, title: check.output.title, summary: check.output.summary, annotations: check.annotations },
  };
}

/** The review body, each comment under its place, then the check run: markdown as GitHub would show it. */
export function renderPayloadMarkdown(payload: GitHubPayload): string {
  const out: string[] = ['## hunkwise review'];
  if (payload.review === null) {
    out.push('_No review would be posted: nothing new to comment on inline._');
  } else {
    out.push(payload.review.body);
    for (const c of payload.review.comments) {
      const lines = c.startLine === undefined ? `${c.line}` : `${c.startLine}-${c.line}`;
      out.push(`### ${codeSpan(`${c.path}:${lines}`)}`, c.body);
    }
  }
  // The title holds only counts; escaped anyway, since GitHub shows it as plain text and this is markdown.
  out.push(`## Check run: ${payload.check.conclusion}`, `**${payload.check.title.replace(/[\\`*_[\]<>]/g, (ch) => `\\${ch}`)}**`, payload.check.summary);
  return `${out.join('\n\n')}\n`;
}
