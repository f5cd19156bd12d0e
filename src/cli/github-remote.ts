/** The GitHub repository a git remote URL names, for links in `review --format github|markdown`. */

export interface GitHubRepository {
  readonly owner: string;
  readonly repo: string;
}

/** GitHub's own character sets for owner and repository names. */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * `https://github.com/o/r(.git)`, `git@github.com:o/r(.git)`, `ssh://git@github.com/o/r(.git)`.
 * Only the owner and name are kept (never a user or token from the URL); anything else is undefined.
 */
export function githubRepositoryOf(url: string): GitHubRepository | undefined {
  const text = url.trim();
  const match =
    /^(?:https?|ssh|git):\/\/(?:[^@/]*@)?github\.com(?::\d+)?\/([^/]+)\/([^/]+?)\/?$/.exec(text) ??
    /^(?:[^@/:]+@)?github\.com:([^/]+)\/([^/]+?)\/?$/.exec(text);
  if (match === null) return undefined;
  const owner = match[1];
  const repo = match[2].replace(/\.git$/, '');
  return OWNER.test(owner) && REPO.test(repo) && repo !== '.' && repo !== '..' ? { owner, repo } : undefined;
}
