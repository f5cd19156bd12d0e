/**
 * Webhook deliveries as GitHub sends them: JSON over HTTP with X-GitHub-Event,
 * X-GitHub-Delivery and an X-Hub-Signature-256 HMAC of the body.
 */
import { createHmac, randomUUID } from 'node:crypto';

export interface RepoRef {
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
}

export function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function repository(ref: RepoRef): Record<string, unknown> {
  return {
    id: 1000 + ref.installationId,
    name: ref.repo,
    full_name: `${ref.owner}/${ref.repo}`,
    private: false,
    owner: { login: ref.owner, type: 'Organization', id: 1 },
  };
}

export function pullRequestEvent(
  ref: RepoRef,
  pull: number,
  headSha: string,
  action: 'opened' | 'synchronize' | 'reopened' | 'ready_for_review' = 'opened',
): Record<string, unknown> {
  return {
    action,
    number: pull,
    pull_request: {
      number: pull,
      state: 'open',
      draft: false,
      title: `change ${pull}`,
      user: { login: 'alice', type: 'User', id: 7 },
      head: { sha: headSha, ref: `feature-${pull}` },
      base: { sha: '0'.repeat(40), ref: 'main' },
    },
    repository: repository(ref),
    installation: { id: ref.installationId },
    sender: { login: 'alice', type: 'User', id: 7 },
  };
}

export function recheckCommentEvent(ref: RepoRef, pull: number, commentId: number, login = 'alice'): Record<string, unknown> {
  return {
    action: 'created',
    issue: {
      number: pull,
      state: 'open',
      user: { login: 'alice', type: 'User' },
      pull_request: { url: `https://example.invalid/${ref.owner}/${ref.repo}/pull/${pull}` },
    },
    comment: { id: commentId, body: '/recheck', user: { login, type: 'User' } },
    repository: repository(ref),
    installation: { id: ref.installationId },
    sender: { login, type: 'User' },
  };
}

export interface Delivery {
  readonly event: string;
  readonly payload: unknown;
  readonly deliveryId?: string;
  /** Overrides the computed signature (a forged or missing one: ''). */
  readonly signature?: string;
}

export interface DeliveryResult {
  readonly status: number;
  readonly body: string;
  /** Time until GitHub would have its answer. */
  readonly ms: number;
}

export async function deliver(webhookUrl: string, secret: string, delivery: Delivery): Promise<DeliveryResult> {
  const body = JSON.stringify(delivery.payload);
  const signature = delivery.signature ?? sign(body, secret);
  const started = performance.now();
  const response = await fetch(webhookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/standin',
      'x-github-event': delivery.event,
      'x-github-delivery': delivery.deliveryId ?? randomUUID(),
      ...(signature === '' ? {} : { 'x-hub-signature-256': signature }),
    },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: text, ms: performance.now() - started };
}
