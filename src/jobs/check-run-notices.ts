/**
 * What a check run says while its review waits for GitHub, and when the
 * stranded-run sweeper closes it. Fixed text: nothing from the pull request.
 */
import type { CheckRunOutput } from '../github/gateway.js';

export function renderWaitingForGitHubOutput(): CheckRunOutput {
  return {
    title: 'Waiting for GitHub, will retry',
    summary:
      'GitHub did not answer (an outage or a rate limit), so the review was put back in the queue and will run again shortly. ' +
      'Nothing needs doing on your side.',
  };
}

export function renderStrandedOutput(): CheckRunOutput {
  return {
    title: 'hunkwise could not finish: comment /recheck to retry',
    summary:
      'This review did not finish in time (a worker stopped, or GitHub stayed unavailable through every retry), ' +
      'so hunkwise could not finish it. Comment `/recheck` on the pull request to retry.',
  };
}
