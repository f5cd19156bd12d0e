/**
 * The payload fields each handled event must carry. GitHub always sends them;
 * a payload without them is forged, truncated or from a broken proxy, and is
 * logged and ignored rather than crashing a handler (which Probot would answer
 * with a 500 and a stack trace).
 */

type Kind = 'string' | 'number' | 'string-or-null';

const REPOSITORY: Readonly<Record<string, Kind>> = {
  'repository.name': 'string',
  'repository.owner.login': 'string',
};

/** By event name (without the action). */
export const REQUIRED_PAYLOAD_FIELDS: Readonly<Record<string, Readonly<Record<string, Kind>>>> = {
  pull_request: {
    ...REPOSITORY,
    action: 'string',
    'pull_request.number': 'number',
    'pull_request.state': 'string',
    'pull_request.head.sha': 'string',
  },
  issue_comment: {
    ...REPOSITORY,
    'issue.number': 'number',
    'issue.state': 'string',
    'issue.user.login': 'string',
    'comment.id': 'number',
    'comment.body': 'string-or-null',
  },
  check_run: {
    ...REPOSITORY,
    'check_run.id': 'number',
    'check_run.name': 'string',
    'check_run.head_sha': 'string',
  },
  check_suite: {
    ...REPOSITORY,
    'repository.id': 'number',
    'check_suite.id': 'number',
    'check_suite.head_sha': 'string',
  },
};

function at(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Readonly<Record<string, unknown>>)[key];
  }
  return current;
}

function fits(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string-or-null':
      return typeof value === 'string' || value === null;
  }
}

/** The required fields of `event` that `payload` lacks (or has with the wrong type); empty when it is whole. */
export function missingPayloadFields(event: string, payload: unknown): readonly string[] {
  const required = REQUIRED_PAYLOAD_FIELDS[event];
  if (required === undefined) return [];
  return Object.entries(required)
    .filter(([path, kind]) => !fits(at(payload, path), kind))
    .map(([path]) => path);
}
