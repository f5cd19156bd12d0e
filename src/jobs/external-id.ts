/**
 * The check run's external_id names its pull request, so the Re-run button
 * (check_run.rerequested) finds it even when GitHub's `pull_requests` list is
 * empty, as it is for pull requests from forks.
 */
const EXTERNAL_ID_PREFIX = 'pull:';

export function externalIdFor(pull: number): string {
  return `${EXTERNAL_ID_PREFIX}${pull}`;
}

export function pullFromExternalId(externalId: string | null | undefined): number | undefined {
  if (typeof externalId !== 'string' || !externalId.startsWith(EXTERNAL_ID_PREFIX)) return undefined;
  const n = Number(externalId.slice(EXTERNAL_ID_PREFIX.length));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
