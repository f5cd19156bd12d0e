import type { GitHubGateway } from '../github/gateway.js';
import type { ReviewQueue } from '../jobs/review-queue.js';
import type { ProbotOctokit } from 'probot';

/** What a webhook handler may use: the queue, and GitHub for the few checks it makes itself. */
export interface HandlerDeps {
  readonly queue: ReviewQueue;
  readonly gatewayFor: (octokit: ProbotOctokit, repository: { owner: string; repo: string }) => GitHubGateway;
}
