/**
 * Limits a SARIF log from `hunkwise review --format sarif` to the files the `paths`
 * input selects: results and tool notifications about other files are dropped; rules
 * stay (results point at them by index). Pure.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The repository path of a SARIF location's `uri` (hunkwise percent-encodes each segment). */
export function uriToPath(uri: string): string {
  return uri
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

function locationPath(item: unknown): string | undefined {
  if (!isObject(item) || !Array.isArray(item.locations)) return undefined;
  const first: unknown = item.locations[0];
  if (!isObject(first) || !isObject(first.physicalLocation)) return undefined;
  const artifact = first.physicalLocation.artifactLocation;
  return isObject(artifact) && typeof artifact.uri === 'string' ? uriToPath(artifact.uri) : undefined;
}

function keepItems(list: unknown, keep: (path: string) => boolean): unknown {
  if (!Array.isArray(list)) return list;
  return list.filter((item) => {
    const p = locationPath(item);
    return p === undefined || keep(p);
  });
}

export function filterSarif(sarifText: string, keep: (path: string) => boolean): string {
  const log = JSON.parse(sarifText) as unknown;
  if (!isObject(log) || !Array.isArray(log.runs)) throw new Error('not a SARIF log');
  for (const run of log.runs) {
    if (!isObject(run)) continue;
    run.results = keepItems(run.results, keep);
    if (Array.isArray(run.invocations)) {
      for (const invocation of run.invocations) {
        if (isObject(invocation)) invocation.toolExecutionNotifications = keepItems(invocation.toolExecutionNotifications, keep);
      }
    }
  }
  return `${JSON.stringify(log, null, 2)}\n`;
}
