/**
 * What hunkwise sends GitHub for a reviewed change: the review's inline
 * comments and body, the check run's conclusion, summary and annotations.
 * Pure. The App's job posts these; `hunkwise review --format github|markdown`
 * prints them, so both show exactly the same thing.
 */
import type { Rule } from '../engine/rule-schema.js';
import type { Finding } from '../engine/types.js';
import type { CheckAnnotation, NewReviewComment, ReviewCommentDraft } from '../github/gateway.js';
import type { FailOn } from '../config/config-schema.js';
import type { Concern, ReviewPlan } from '../review/plan-review.js';
import { compareByImportance } from '../review/plan-review.js';
import type { ReviewedChange } from '../review/review-change.js';
import { annotationText } from './annotation.js';
import { renderCheckSummary, type CheckOutput, type LinkedFinding } from './check-summary.js';
import { encodePathSegments } from './markdown-text.js';
import { renderReviewBody } from './review-body.js';
import { renderConcernComment } from './review-comment.js';

/** Each 50 annotations cost a request; past this many the summary and the code serve readers better. */
export const MAX_ANNOTATIONS = 1000;

/** Where links point: the repository on its web host, at the reviewed commit. */
export interface LinkBase {
  /** `https://github.com` or the GHE host, without a trailing slash. */
  readonly webBaseUrl: string;
  readonly owner: string;
  readonly repo: string;
  readonly headSha: string;
}

/** What a comment needs besides its finding: the rules (for why/how) and where built-in rules are documented. */
export interface CommentContext {
  readonly rulesById: ReadonlyMap<string, Rule>;
  readonly builtinIds: ReadonlySet<string>;
  /** Base of the rule docs, ending in `/`: `<base><rule-id>.md`. */
  readonly docsBaseUrl: string;
  /** The repository's threshold: a finding at or above it is a defect in the review body's verdict. */
  readonly failOn: FailOn;
}

export function lineUrl(links: LinkBase, f: Pick<Finding, 'path' | 'line' | 'endLine'>): string {
  const lines = f.endLine > f.line ? `#L${f.line}-L${f.endLine}` : `#L${f.line}`;
  return `${links.webBaseUrl}/${links.owner}/${links.repo}/blob/${links.headSha}/${encodePathSegments(f.path)}${lines}`;
}

const LEVEL = { high: 'failure', medium: 'warning', low: 'notice' } as const;

export function annotationFor(f: Finding): CheckAnnotation {
  const sameLine = f.line === f.endLine;
  return {
    path: f.path,
    start_line: f.line,
    end_line: Math.max(f.line, f.endLine),
    // GitHub takes columns only on a one-line annotation; its end column is inclusive.
    ...(sameLine ? { start_column: f.column, end_column: Math.max(f.column, f.endColumn - 1) } : {}),
    annotation_level: LEVEL[f.severity],
    // Plain text from the pull request: on its lines, no control characters, within GitHub's bounds.
    ...annotationText(f),
  };
}

/**
 * One inline comment per concern (several findings merged, see groupConcerns).
 * `singleLine`: the 422 fallback's second try, on the anchor's last line alone.
 */
export function toReviewComment(c: Concern, context: CommentContext, singleLine = false): NewReviewComment {
  const anchor = c.anchor ?? { line: c.anchorCandidate.finding.line };
  const multi = anchor.startLine !== undefined && !singleLine;
  const body = renderConcernComment({
    concern: c,
    ruleFor: (id) => context.rulesById.get(id),
    docsUrlFor: (id) => (context.builtinIds.has(id) ? `${context.docsBaseUrl}${id}.md` : undefined),
    // A suggestion over several lines is wrong on a one-line anchor.
    suggestion: c.suggestion && (multi || anchor.startLine === undefined),
  });
  return { path: c.path, line: anchor.line, ...(multi ? { startLine: anchor.startLine } : {}), body };
}

/** A concern as the gateway posts it: its comment, and its last line alone for when GitHub refuses the range. */
export function reviewCommentDraft(c: Concern, context: CommentContext): ReviewCommentDraft {
  const comment = toReviewComment(c, context);
  return comment.startLine === undefined ? { comment } : { comment, lastLineOnly: toReviewComment(c, context, true) };
}

/** The check run's page, linked from the review body. */
export function checkRunUrl(links: Omit<LinkBase, 'headSha'>, checkRunId: number): string {
  return `${links.webBaseUrl}/${links.owner}/${links.repo}/runs/${checkRunId}`;
}

/**
 * The body of the review that carries `posted`: the verdict, the posted
 * concerns listed, and every other new finding of the plan counted (those the
 * plan kept out of the review, and those GitHub refused).
 */
export function reviewBodyFor(plan: ReviewPlan, posted: readonly Concern[], checkUrl: string, context: CommentContext): string {
  const postedSet = new Set(posted);
  const refused = plan.toPost.filter((c) => !postedSet.has(c)).flatMap((c) => c.candidates);
  const notInline = [...plan.overCap, ...plan.unanchored, ...plan.hygiene, ...refused].map((c) => c.finding);
  return renderReviewBody({
    concerns: posted,
    notInline,
    failOn: context.failOn,
    ruleFor: (id) => context.rulesById.get(id),
    checkUrl,
  });
}

/** Why each planned finding is not an inline comment of this run, before GitHub has a say. */
export function notInlineReasons(plan: ReviewPlan, maxComments: number): Map<string, string> {
  const notInline = new Map<string, string>();
  for (const c of plan.overCap) notInline.set(c.fingerprint, `over the limit of ${maxComments} comments per review`);
  for (const c of plan.unanchored) notInline.set(c.fingerprint, 'the diff shown by GitHub does not include this line');
  for (const c of plan.hygiene) notInline.set(c.fingerprint, 'low-severity hygiene: listed here, not as a review comment');
  return notInline;
}

/** What became of the plan when it met GitHub (the command line assumes every comment is accepted). */
export interface PostingOutcome {
  readonly posted: number;
  /** Fingerprint → why the finding is not an inline comment. */
  readonly notInline: ReadonlyMap<string, string>;
  readonly resolved: number;
}

export interface CheckRunRender {
  readonly conclusion: ReviewedChange['conclusion'];
  readonly output: CheckOutput;
  readonly annotations: readonly CheckAnnotation[];
}

export function renderCheckRun(input: {
  readonly reviewed: ReviewedChange;
  readonly posting: PostingOutcome;
  readonly links: LinkBase;
  readonly configWarnings: readonly string[];
  /** Repository rule files that were refused. */
  readonly configRuleErrors: readonly string[];
}): CheckRunRender {
  const { reviewed, posting, links } = input;
  const notes = [...reviewed.notes];
  const linked = (f: Finding, notInline?: string): LinkedFinding => ({
    finding: f,
    url: lineUrl(links, f),
    ...(notInline === undefined ? {} : { notInline }),
  });
  const onAdded = reviewed.onAddedLines;
  const annotated = [...onAdded.map((c) => c.finding), ...reviewed.preExisting, ...reviewed.outsideDiff];
  if (annotated.length > MAX_ANNOTATIONS) {
    notes.push(`${annotated.length} findings: the first ${MAX_ANNOTATIONS} (those on added lines first) are annotated.`);
  }
  const output = renderCheckSummary({
    headSha: links.headSha,
    conclusion: reviewed.conclusion,
    failOn: reviewed.failOn,
    filesAnalysed: reviewed.filesAnalysed,
    incomplete: reviewed.incomplete,
    onAddedLines: [...onAdded]
      .sort((a, b) => compareByImportance(a.finding, b.finding))
      .map((c) => linked(c.finding, posting.notInline.get(c.fingerprint))),
    outsideDiff: [...reviewed.outsideDiff].sort(compareByImportance).map((f) => linked(f)),
    preExisting: [...reviewed.preExisting].sort(compareByImportance).map((f) => linked(f)),
    skippedFiles: reviewed.skipped.map(({ path, reason, incomplete }) => ({ path, reason, incomplete })),
    notes,
    configWarnings: input.configWarnings,
    ruleErrors: [...input.configRuleErrors, ...reviewed.ruleErrors],
    posted: posting.posted,
    alreadyPosted: reviewed.plan.alreadyPosted.length,
    resolved: posting.resolved,
  });
  return { conclusion: reviewed.conclusion, output, annotations: annotated.slice(0, MAX_ANNOTATIONS).map(annotationFor) };
}
