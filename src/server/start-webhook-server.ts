/**
 * hunkwise's HTTP server, in place of Probot's: POST <webhook path> goes to the
 * bounded, verifying intake (webhook-intake.ts), GET /ping answers PONG and
 * GET /health "ok" while the process lives (liveness), GET /ready 200 or 503
 * (readiness: see readiness.ts), GET /metrics when asked (metrics-endpoint.ts),
 * anything else 404. No request or response
 * body is logged; /ready's body is fixed text, never an error.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { METRICS_PATH, serveMetrics, type MetricsEndpointOptions } from './metrics-endpoint.js';
import { createWebhookIntake, type WebhookIntakeOptions } from './webhook-intake.js';

/** Probot's and @octokit/webhooks' default path, which the README tells users to configure. */
export const DEFAULT_WEBHOOK_PATH = '/api/github/webhooks';
/**
 * A request (headers and body) must arrive within this; GitHub waits 10 s for
 * the answer, so only a slow-dripping client is cut (Node answers 408).
 */
export const REQUEST_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 15_000;

export interface WebhookServerOptions extends WebhookIntakeOptions {
  readonly host: string;
  readonly port: number;
  readonly webhookPath?: string;
  /** GET /ready: 200 when this resolves true, 503 otherwise (always 200 when absent, until close()). */
  readonly ready?: () => Promise<boolean>;
  /** GET /metrics on this server (absent: 404, e.g. when METRICS_PORT serves it elsewhere). */
  readonly metrics?: MetricsEndpointOptions;
}

export interface WebhookServer {
  readonly port: number;
  readonly url: string;
  /** Stops taking connections (GET /ready answers 503 on the open ones) and waits for them to end. */
  close(): Promise<void>;
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.search(/[?#]/);
  const path = q === -1 ? url : url.slice(0, q);
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const webhookPath = (options.webhookPath ?? DEFAULT_WEBHOOK_PATH).replace(/\/+$/, '') || '/';
  const intake = createWebhookIntake(options);
  const log = options.log.child({ name: 'http' });
  let closing = false;
  const ready = async (): Promise<boolean> => !closing && (options.ready === undefined || (await options.ready())) && !closing;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = pathOf(req);
    if (path === webhookPath) return intake(req, res);
    if (path === METRICS_PATH && options.metrics !== undefined) return serveMetrics(req, res, options.metrics);
    const close = req.method !== 'GET' && req.method !== 'HEAD';
    if (path === '/ping' && !close) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('PONG');
    } else if (path === '/health' && !close) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    } else if (path === '/ready' && !close) {
      const ok = await ready().catch(() => false);
      res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ready' : 'not ready');
    } else {
      // An unread body is not drained: the connection is closed after the answer.
      res.writeHead(404, { 'content-type': 'text/plain', ...(close ? { connection: 'close' } : {}) }).end('not found\n');
    }
    log.debug({ method: req.method, path: path.slice(0, 200), status: res.statusCode }, 'request answered');
  };

  const server: Server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { connection: 'close' }).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error({ err: error }, 'HTTP server error'));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  log.info({ webhookPath }, `Listening on ${url}`);
  return {
    port,
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing = true;
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
