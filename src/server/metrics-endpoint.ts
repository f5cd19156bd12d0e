/**
 * GET /metrics in Prometheus' text format, on the webhook server or a port of
 * its own (METRICS_PORT). With a token (METRICS_TOKEN) a scrape must send
 * `Authorization: Bearer <token>` (compared in constant time) or gets 401.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';

export const METRICS_PATH = '/metrics';
/** A scrape is a short GET; a client slower than this is cut. */
const METRICS_REQUEST_TIMEOUT_MS = 10_000;

export interface MetricsSource {
  render(): Promise<{ readonly contentType: string; readonly body: string }>;
}

export interface MetricsEndpointOptions {
  readonly metrics: MetricsSource;
  /** Required as a bearer token when set. */
  readonly token?: string;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  // Hashes of equal length, so the comparison's time says nothing about the token.
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/** Answers a request for METRICS_PATH (any other method: 405). */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse, options: MetricsEndpointOptions): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain', connection: 'close' }).end('method not allowed\n');
    return;
  }
  if (!authorized(req, options.token)) {
    res.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"', 'content-type': 'text/plain' }).end('unauthorized\n');
    return;
  }
  const { contentType, body } = await options.metrics.render();
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body);
}

export interface MetricsServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

/** A server for METRICS_PATH alone (METRICS_PORT): the webhook port can stay reachable from GitHub only. */
export async function startMetricsServer(
  options: MetricsEndpointOptions & { readonly host: string; readonly port: number; readonly log: Logger },
): Promise<MetricsServer> {
  const log = options.log.child({ name: 'metrics' });
  const server: Server = createServer({ requestTimeout: METRICS_REQUEST_TIMEOUT_MS }, (req, res) => {
    const path = (req.url ?? '/').replace(/[?#][\s\S]*$/, '');
    const answer = path === METRICS_PATH ? serveMetrics(req, res, options) : Promise.resolve(void res.writeHead(404, { 'content-type': 'text/plain', connection: 'close' }).end('not found\n'));
    answer.catch((error: unknown) => {
      log.error({ err: error }, 'metrics request failed');
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
  server.on('error', (error) => log.error({ err: error }, 'metrics server error'));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}${METRICS_PATH}`;
  log.info(`Serving metrics on ${url}`);
  return {
    port,
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
