import { externalIdFor } from '../jobs/external-id.js';
import type { ReviewJob } from '../jobs/review-job.js';
import { renderSupersededOutput } from '../render/check-summary.js';
import type { CheckSuitePayload } from '../webhooks/payload-schemas.js';
import type { HandlerDeps } from './handler-deps.js';
import type { WebhookInput } from './webhook-input.js';

/**
 * "Re-run all checks" on our check suite. GitHub sends check_suite.rerequested
 * only to the app that owns the suite, so every suite seen here is hunkwise's.
 * Each open pull request of this repository whose head the suite was for gets
 * a review of its head now: the suite's commit while it is still the head, the
 * newer head otherwise (a re-run asks for a current answer, and the newer
 * head's review replaces nothing if it is already queued). The old commit's
 * suite then gets a neutral "superseded" check, so it does not stay queued.
 *
 * The pull requests come from the suite's `pull_requests`; GitHub leaves that
 * list empty for a pull request from a fork, so then they are searched by the
 * suite's head commit, as the check run's Re-run does.
 */
export async function handleCheckSuiteRerequested(
  context: WebhookInput<CheckSuitePayload>,
  deps: HandlerDeps,
): Promise<void> {
  const { payload } = context;
  const suite = payload.check_suite;
  const installationId = payload.installation?.id;
  if (installationId === undefined) return;
  const owner = payload.repository.owner.login;
  const repo = payload.repository.name;
  const gh = deps.gatewayFor(context.octokit, { owner, repo });

  // The list also names pull requests of other repositories (a fork's commit proposed upstream).
  const listed = (suite.pull_requests ?? []).filter((p) => p.base.repo.id === payload.repository.id).map((p) => p.number);
  const pulls = [...new Set(listed.length > 0 ? listed : await gh.findPullRequestsByHead(suite.head_sha))];
  if (pulls.length === 0) {
    const entry = { checkSuite: suite.id, sha: suite.head_sha };
    context.log.info(entry, 're-run of all checks for a commit without an open pull request ignored');
    return;
  }
  for (const pull of pulls) {
    const pr = await gh.getPullRequest(pull);
    if (pr.state !== 'open') {
      context.log.info({ pull }, 're-run of all checks on a closed pull request ignored');
      continue;
    }
    const job: ReviewJob = {
      installationId,
      owner,
      repo,
      pull,
      headSha: pr.headSha,
      trigger: { kind: 'check_suite', checkSuiteId: suite.id },
      deliveryId: context.id,
    };
    if (pr.headSha !== suite.head_sha) {
      // GitHub has set the old commit's suite back to queued; answer it, or it stays so.
      await gh.createCheckRun({
        headSha: suite.head_sha,
        externalId: externalIdFor(pull),
        output: renderSupersededOutput(suite.head_sha),
        conclusion: 'neutral',
      });
    }
    const result = await deps.queue.enqueue(job);
    context.log.info({ pull, sha: pr.headSha, suiteSha: suite.head_sha, result }, 're-run of all checks requested');
  }
}
