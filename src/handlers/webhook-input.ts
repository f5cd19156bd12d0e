/** What a handler receives: the delivery, its validated payload, and the installation's client. */
import type { Logger } from 'pino';
import type { ProbotOctokit } from 'probot';

export interface WebhookInput<P> {
  /** The delivery id (X-GitHub-Delivery), for the logs and the job. */
  readonly id: string;
  readonly payload: P;
  readonly octokit: ProbotOctokit;
  readonly log: Logger;
}
