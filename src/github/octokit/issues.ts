/** Conversation and people: reactions, issue comments, permissions, and finding a commit's pull requests. */
import type { GitHubGateway } from '../gateway.js';
import { isNotFound } from '../github-errors.js';
import type { RepositoryClient } from './octokit-client.js';

type IssuesPart = Pick<GitHubGateway, 'addReaction' | 'createIssueComment' | 'getPermission' | 'findPullRequestsByHead'>;

export function issuesPart({ octokit, owner, repo }: RepositoryClient): IssuesPart {
  return {
    async addReaction(commentId, content) {
      await octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', { owner, repo, comment_id: commentId, content });
    },

    async createIssueComment(issueNumber, body) {
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number: issueNumber, body });
    },

    async getPermission(username) {
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { owner, repo, username });
        // role_name tells maintain and triage apart; `permission` folds them into write and read.
        return data.role_name || data.permission;
      } catch (error) {
        if (isNotFound(error)) return 'none';
        throw error;
      }
    },

    async findPullRequestsByHead(sha) {
      const { data } = await octokit.request('GET /search/issues', { q: `${sha} type:pr is:open repo:${owner}/${repo}`, per_page: 10 });
      return data.items.map((i) => i.number);
    },
  };
}
