import { CHECK_NAME } from '../github/gateway.js';
import { pullFromExternalId } from '../jobs/external-id.js';
import type { ReviewJob } from '../jobs/review-job.js';
import { renderSupersededOutput } from '../render/check-summary.js';
import type { CheckRunPayload } from '../webhooks/payload-schemas.js';
import type { HandlerDeps } from './handler-deps.js';
import type { WebhookInput } from './webhook-input.js';

/**
 * The Re-run button of our check. The pull request comes from the check's
 * external_id (set by the job; works for forks too), else GitHub's
 * `pull_requests` list, else a search by the head commit. A check for a head
 * the pull request has left is closed as "superseded" instead of re-run.
 */
export async function handleCheckRunRerequested(
  context: WebhookInput<CheckRunPayload>,
  deps: HandlerDeps,
): Promise<void> {
  const { payload } = context;
  const run = payload.check_run;
  const installationId = payload.installation?.id;
  if (run.name !== CHECK_NAME || installationId === undefined) return;
  const owner = payload.repository.owner.login;
  const repo = payload.repository.name;
  const gh = deps.gatewayFor(context.octokit, { owner, repo });

  const pull =
    pullFromExternalId(run.external_id) ??
    run.pull_requests[0]?.number ??
    (await gh.findPullRequestsByHead(run.head_sha))[0];
  if (pull === undefined) {
    context.log.info({ checkRun: run.id, sha: run.head_sha }, 're-run for a commit without an open pull request ignored');
    return;
  }
  const pr = await gh.getPullRequest(pull);
  if (pr.state !== 'open') {
    context.log.info({ pull }, 're-run on a closed pull request ignored');
    return;
  }
  if (pr.headSha !== run.head_sha) {
    await gh.updateCheckRun(run.id, { conclusion: 'neutral', output: renderSupersededOutput(run.head_sha) });
    return;
  }
  const job: ReviewJob = {
    installationId,
    owner,
    repo,
    pull,
    headSha: run.head_sha,
    trigger: { kind: 'rerequested', checkRunId: run.id },
    deliveryId: context.id,
  };
  const result = await deps.queue.enqueue(job);
  context.log.info({ pull, sha: run.head_sha, result }, 're-run requested');
}
