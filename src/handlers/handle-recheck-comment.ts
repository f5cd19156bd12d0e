import type { ReviewJob } from '../jobs/review-job.js';
import type { IssueCommentPayload } from '../webhooks/payload-schemas.js';
import type { HandlerDeps } from './handler-deps.js';
import type { WebhookInput } from './webhook-input.js';
import { hasRecheckCommand } from './parse-recheck-command.js';

/** Roles that may ask for a review besides the author (role_name of the permission API). */
const ALLOWED_ROLES: ReadonlySet<string> = new Set(['admin', 'maintain', 'write']);

/**
 * `/recheck` in a pull request comment: from the author or someone with write
 * access, on an open pull request, never from a bot (two bots answering each
 * other would never stop). Eyes when accepted, and the job adds a rocket when
 * done. A refusal is a `confused` reaction only: never a comment, which anyone
 * could multiply (twenty /recheck comments would get twenty replies). GitHub
 * keeps one reaction per account and content, so a redelivered webhook adds
 * nothing. On a closed pull request, and for bots, nothing at all.
 */
export async function handleRecheckComment(context: WebhookInput<IssueCommentPayload>, deps: HandlerDeps): Promise<void> {
  const { payload } = context;
  const { issue, comment } = payload;
  if (issue.pull_request === undefined || !hasRecheckCommand(comment.body)) return;
  const installationId = payload.installation?.id;
  const user = comment.user;
  if (installationId === undefined || user === null) return;
  if (user.type === 'Bot') {
    context.log.info({ pull: issue.number, by: user.login }, '/recheck from a bot ignored');
    return;
  }
  const owner = payload.repository.owner.login;
  const repo = payload.repository.name;
  const gh = deps.gatewayFor(context.octokit, { owner, repo });
  const login = user.login;

  if (issue.state !== 'open') {
    context.log.info({ pull: issue.number, by: login }, '/recheck on a closed pull request ignored');
    return;
  }
  const isAuthor = issue.user.login.toLowerCase() === login.toLowerCase();
  const [role, pr] = await Promise.all([isAuthor ? 'author' : gh.getPermission(login), gh.getPullRequest(issue.number)]);
  if (pr.state !== 'open') {
    context.log.info({ pull: issue.number, by: login }, '/recheck on a closed pull request ignored');
    return;
  }
  if (!isAuthor && !ALLOWED_ROLES.has(role)) {
    context.log.info({ pull: issue.number, by: login, role }, '/recheck without write access refused');
    await gh.addReaction(comment.id, 'confused');
    return;
  }
  await gh.addReaction(comment.id, 'eyes');
  const job: ReviewJob = {
    installationId,
    owner,
    repo,
    pull: issue.number,
    headSha: pr.headSha,
    trigger: { kind: 'recheck', commentId: comment.id, requestedBy: login },
    deliveryId: context.id,
  };
  const result = await deps.queue.enqueue(job);
  context.log.info({ pull: issue.number, sha: pr.headSha, by: login, result }, '/recheck accepted');
}
