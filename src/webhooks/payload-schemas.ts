/**
 * The payload of each handled event, validated at the edge: exactly the fields the handlers
 * read, with their types. GitHub always sends them; a payload without them is forged,
 * truncated or from a broken proxy, and is logged and ignored rather than crashing a handler.
 * Objects are loose: GitHub adds fields, and what is not read is not checked.
 */
import { z } from 'zod';

const login = z.string().min(1);
const id = z.number().int().nonnegative();
const sha = z.string().regex(/^[0-9a-fA-F]{40}$/, 'a 40-hex commit id');

const installation = z.looseObject({ id }).optional();
const repository = z.looseObject({ name: z.string().min(1), owner: z.looseObject({ login }) });

export const PULL_REQUEST_ACTIONS = ['opened', 'synchronize', 'reopened', 'ready_for_review'] as const;

export const pullRequestPayload = z.looseObject({
  action: z.enum(PULL_REQUEST_ACTIONS),
  installation,
  repository,
  pull_request: z.looseObject({
    number: id,
    state: z.string(),
    draft: z.boolean().optional(),
    updated_at: z.string().optional(),
    head: z.looseObject({ sha }),
  }),
});

export const issueCommentPayload = z.looseObject({
  installation,
  repository,
  issue: z.looseObject({
    number: id,
    state: z.string(),
    user: z.looseObject({ login }),
    // Present (an object) only on a pull request's conversation.
    pull_request: z.unknown().optional(),
  }),
  comment: z.looseObject({
    id,
    // GitHub sends null for an emptied comment, and no user for a deleted account.
    body: z.string().nullable(),
    user: z.looseObject({ login, type: z.string() }).nullable(),
  }),
});

export const checkRunPayload = z.looseObject({
  installation,
  repository,
  check_run: z.looseObject({
    id,
    name: z.string(),
    head_sha: sha,
    external_id: z.string().nullable().optional(),
    pull_requests: z.array(z.looseObject({ number: id })),
  }),
});

export const checkSuitePayload = z.looseObject({
  installation,
  repository: repository.extend({ id }),
  check_suite: z.looseObject({
    id,
    head_sha: sha,
    pull_requests: z
      .array(z.looseObject({ number: id, base: z.looseObject({ repo: z.looseObject({ id }) }) }))
      .nullable()
      .optional(),
  }),
});

export type PullRequestPayload = z.infer<typeof pullRequestPayload>;
export type IssueCommentPayload = z.infer<typeof issueCommentPayload>;
export type CheckRunPayload = z.infer<typeof checkRunPayload>;
export type CheckSuitePayload = z.infer<typeof checkSuitePayload>;

/** Where a payload goes wrong, as dotted paths (bounded: a hostile payload can have many). */
export function payloadProblems(error: z.ZodError): string[] {
  const MAX_LISTED = 10;
  return error.issues.slice(0, MAX_LISTED).map((i) => i.path.map(String).join('.') || '(payload)');
}
