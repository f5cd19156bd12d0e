/**
 * The GitHubGateway over Probot's Octokit, one part per resource (as octokit splits its
 * plugins). All GraphQL goes through `octokit.graphql`, so on GitHub Enterprise Server it
 * follows the client's base URL (`/api/v3` → `/api/graphql`) like REST does.
 */
import type { GitHubGateway } from './gateway.js';
import { checksPart } from './octokit/checks.js';
import { contentsPart } from './octokit/contents.js';
import { issuesPart } from './octokit/issues.js';
import type { Octokit } from './octokit/octokit-client.js';
import { reviewsPart } from './octokit/reviews.js';

export { sameActor } from './octokit/reviews.js';

export function createOctokitGateway(octokit: Octokit, repository: { owner: string; repo: string }): GitHubGateway {
  const client = { octokit, owner: repository.owner, repo: repository.repo };
  return {
    owner: repository.owner,
    repo: repository.repo,
    ...checksPart(client),
    ...contentsPart(client),
    ...reviewsPart(client),
    ...issuesPart(client),
  };
}
