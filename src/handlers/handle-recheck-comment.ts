import type { Context } from 'probot';
import type { GitHubGateway } from '../github/gateway.js';
import type { ReviewJob } from '../jobs/review-job.js';
import type { HandlerDeps } from './handler-deps.js';
import { hasRecheckCommand } from './parse-recheck-command.js';

/** Roles that may ask for a review besides the author (role_name of the permission API). */
const ALLOWED_ROLES: ReadonlySet<string> = new Set(['admin', 'maintain', 'write']);

async function refuse(gh: GitHubGateway, issue: number, commentId: number, login: string, why: string): Promise<void> {
  await gh.addReaction(commentId, 'confused');
  await gh.createIssueComment(issue, `> /recheck\n\n@${login} hunkwise did not start a review: ${why}`);
}

/**
 * `/recheck` in a pull request comment: from the author or someone with write
 * access, on an open pull request, never from a bot (two bots answering each
 * other would never stop). Eyes when accepted, confused plus a reason when refused;
 * the job adds a rocket when done.
 */
export async function handleRecheckComment(context: Context<'issue_comment.created'>, deps: HandlerDeps): Promise<void> {
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
    await refuse(gh, issue.number, comment.id, login, 'this pull request is closed.');
    return;
  }
  const isAuthor = issue.user.login.toLowerCase() === login.toLowerCase();
  const [role, pr] = await Promise.all([isAuthor ? 'author' : gh.getPermission(login), gh.getPullRequest(issue.number)]);
  if (!isAuthor && !ALLOWED_ROLES.has(role)) {
    await refuse(gh, issue.number, comment.id, login, 'only the author of the pull request and people with write access can ask for one.');
    return;
  }
  if (pr.state !== 'open') {
    await refuse(gh, issue.number, comment.id, login, 'this pull request is closed.');
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
