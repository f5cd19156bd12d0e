/**
 * The webhook endpoint, in front of Probot: reads at most MAX_WEBHOOK_BODY_BYTES
 * (by Content-Length before reading, by counting while reading a chunked body),
 * checks X-Hub-Signature-256 in constant time, accepts only a JSON object, and
 * only then hands the delivery to Probot (`receive`, which does not verify again).
 * Answers are short fixed texts: a body is never echoed, and never logged.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/**
 * GitHub caps webhook payloads at 25 MB and does not deliver a larger one
 * (docs.github.com/webhooks/webhook-events-and-payloads, "Payload cap"); read no more.
 */
export const MAX_WEBHOOK_BODY_BYTES = 25 * 1024 * 1024;
/**
 * All webhook bodies being read at once, together: many concurrent bodies just
 * under the cap must not add up to an out-of-memory; past it, 503 (GitHub's are
 * a few KB, so this is reached only by a flood).
 */
export const MAX_BUFFERED_WEBHOOK_BYTES = 100 * 1024 * 1024;
/** X-GitHub-Event: a snake_case event name. */
const EVENT_NAME = /^[a-z_]{1,64}$/;
/** X-GitHub-Delivery: GitHub sends a GUID; tests and redeliveries use short ids. */
const DELIVERY_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;
const JSON_CONTENT_TYPE = /^\s*application\/json\s*(?:;|$)/i;

export interface WebhookEvent {
  readonly id: string;
  readonly name: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface WebhookIntakeOptions {
  readonly secret: string;
  /** Runs the app's handlers for a verified delivery (Probot's `receive`). */
  readonly receive: (event: WebhookEvent) => Promise<void>;
  readonly log: Logger;
  /** Told of every answer: the event as the header named it (if well-formed) and the status. */
  readonly onAnswered?: (event: string | undefined, status: number) => void;
  /** Defaults to MAX_WEBHOOK_BODY_BYTES and MAX_BUFFERED_WEBHOOK_BYTES (tests lower them). */
  readonly maxBodyBytes?: number;
  readonly maxBufferedBytes?: number;
}

/** `sha256=<hex>` over the raw body equals the expected HMAC, compared in constant time. */
export function signatureMatches(secret: string, body: Buffer, header: string | undefined): boolean {
  const given = header === undefined ? undefined : SIGNATURE.exec(header)?.[1];
  if (given === undefined) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Sends a short plain-text answer. `close`: the body was not (fully) read, so
 * the connection is closed rather than drained for the next request.
 */
function reply(req: IncomingMessage, res: ServerResponse, status: number, text: string, close = false): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    ...(close ? { connection: 'close' } : {}),
    ...(status === 503 ? { 'retry-after': '5' } : {}),
  });
  res.end(`${text}\n`);
  if (close) {
    // Stop reading: whatever else the client sends is not even drained.
    req.removeAllListeners('data');
    req.pause();
    res.once('finish', () => setImmediate(() => req.socket.destroy()));
  }
}

type BodyResult = { readonly kind: 'read'; readonly body: Buffer } | { readonly kind: 'too-large' } | { readonly kind: 'busy' } | { readonly kind: 'gone' };

/** Creates the handler for POSTs to the webhook path. */
export function createWebhookIntake(options: WebhookIntakeOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const maxBody = options.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES;
  const maxBuffered = options.maxBufferedBytes ?? MAX_BUFFERED_WEBHOOK_BYTES;
  let buffered = 0;

  /** The body, read up to the cap; chunks are dropped as soon as it is over. */
  const readBody = (req: IncomingMessage): Promise<BodyResult> =>
    new Promise((resolve) => {
      let chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (result: BodyResult): void => {
        if (done) return;
        done = true;
        buffered -= size;
        chunks = [];
        req.off('data', onData);
        resolve(result);
      };
      const onData = (chunk: Buffer): void => {
        if (done) return;
        if (size + chunk.length > maxBody) return finish({ kind: 'too-large' });
        if (buffered + chunk.length > maxBuffered) return finish({ kind: 'busy' });
        size += chunk.length;
        buffered += chunk.length;
        chunks.push(chunk);
      };
      req.on('data', onData);
      req.once('end', () => {
        if (done) return;
        const body = Buffer.concat(chunks, size);
        finish({ kind: 'read', body });
      });
      req.once('error', () => finish({ kind: 'gone' }));
      req.once('close', () => finish({ kind: 'gone' }));
    });

  return async (req, res) => {
    const started = performance.now();
    const id = header(req, 'x-github-delivery');
    const name = header(req, 'x-github-event');
    const facts = { id: id !== undefined && DELIVERY_ID.test(id) ? id : undefined, event: name !== undefined && EVENT_NAME.test(name) ? name : undefined };
    let bytes = 0;
    res.once('finish', () => {
      options.log.info({ ...facts, status: res.statusCode, bytes, ms: Math.round(performance.now() - started) }, 'webhook answered');
      options.onAnswered?.(facts.event, res.statusCode);
    });

    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return reply(req, res, 405, 'method not allowed: webhooks are POSTed', true);
    }
    if (!JSON_CONTENT_TYPE.test(header(req, 'content-type') ?? '')) {
      return reply(req, res, 415, 'unsupported content type: must be application/json', true);
    }
    if (facts.id === undefined || facts.event === undefined || !SIGNATURE.test(header(req, 'x-hub-signature-256') ?? '')) {
      return reply(req, res, 400, 'missing or malformed X-GitHub-Delivery, X-GitHub-Event or X-Hub-Signature-256', true);
    }
    const declared = header(req, 'content-length');
    if (declared !== undefined && Number(declared) > maxBody) {
      return reply(req, res, 413, `payload too large: at most ${maxBody} bytes`, true);
    }

    const read = await readBody(req);
    if (read.kind === 'gone') return;
    if (read.kind === 'too-large') return reply(req, res, 413, `payload too large: at most ${maxBody} bytes`, true);
    if (read.kind === 'busy') return reply(req, res, 503, 'too many webhook bodies being read; retry', true);
    bytes = read.body.length;

    if (!signatureMatches(options.secret, read.body, header(req, 'x-hub-signature-256'))) {
      options.log.warn({ ...facts, bytes }, 'webhook signature does not match WEBHOOK_SECRET; ignored');
      return reply(req, res, 400, 'signature does not match');
    }
    let payload: unknown;
    try {
      payload = JSON.parse(read.body.toString('utf8'));
    } catch {
      return reply(req, res, 400, 'payload is not JSON');
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return reply(req, res, 400, 'payload is not a JSON object');
    }
    try {
      await options.receive({ id: facts.id, name: facts.event, payload: payload as Record<string, unknown> });
    } catch (error) {
      options.log.error({ ...facts, err: error }, 'webhook handler failed');
      return reply(req, res, 500, 'the delivery could not be handled');
    }
    reply(req, res, 200, 'ok');
  };
}
