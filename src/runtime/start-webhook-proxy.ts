/**
 * WEBHOOK_PROXY_URL (development): a smee.io channel (or any server speaking
 * its protocol) whose deliveries smee-client POSTs to this server's webhook
 * path, headers and signature included, so a laptop behind NAT gets GitHub's
 * webhooks. The intake verifies them like any other delivery.
 *
 * Bounded: it does not start under NODE_ENV=production unless
 * HUNKWISE_WEBHOOK_PROXY_IN_PRODUCTION=true (a production server is reached
 * directly; a channel URL is a shared secret anyone holding it can read), and
 * a channel that cannot be reached within WEBHOOK_PROXY_CONNECT_MS is one
 * warning, never a reason not to start.
 */
import type { Logger } from 'pino';

/** The channel must answer within this; the server is already serving meanwhile. */
export const WEBHOOK_PROXY_CONNECT_MS = 10_000;
/** A line smee-client logs is cut to this (it logs URLs and statuses, never bodies). */
const MAX_PROXY_LOG_CHARS = 500;

type Env = Readonly<Record<string, string | undefined>>;

export type WebhookProxyPlan =
  | { readonly kind: 'off' }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'start'; readonly source: string };

/** Whether to follow WEBHOOK_PROXY_URL, and why not. */
export function planWebhookProxy(env: Env): WebhookProxyPlan {
  const raw = env.WEBHOOK_PROXY_URL?.trim();
  if (!raw) return { kind: 'off' };
  const allowed = ['1', 'true', 'yes', 'on'].includes(env.HUNKWISE_WEBHOOK_PROXY_IN_PRODUCTION?.trim().toLowerCase() ?? '');
  if (env.NODE_ENV === 'production' && !allowed) {
    return { kind: 'ignored', reason: 'WEBHOOK_PROXY_URL is ignored with NODE_ENV=production (set HUNKWISE_WEBHOOK_PROXY_IN_PRODUCTION=true to follow it anyway)' };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { kind: 'ignored', reason: 'WEBHOOK_PROXY_URL is not a URL; not following it' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { kind: 'ignored', reason: 'WEBHOOK_PROXY_URL is not an http(s) URL; not following it' };
  return { kind: 'start', source: url.href };
}

/** What is used of smee-client's SmeeClient (tests pass a stand-in). */
export interface ProxyClient {
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

export interface ProxyClientOptions {
  readonly source: string;
  readonly target: string;
  readonly logger: { info(...args: unknown[]): void; error(...args: unknown[]): void };
  readonly maxConnectionTimeout: number;
}

export interface WebhookProxy {
  stop(): Promise<void>;
}

/** The channel's URL without its path: the path is the channel's name, which lets anyone read it. */
function channelHost(source: string): string {
  return new URL(source).origin;
}

function proxyLogger(log: Logger, source: string): ProxyClientOptions['logger'] {
  const text = (args: readonly unknown[]): string =>
    args
      .filter((a) => typeof a === 'string')
      .join(' ')
      .split(source)
      .join(`${channelHost(source)}/…`)
      .slice(0, MAX_PROXY_LOG_CHARS);
  return {
    info: (...args) => log.info(text(args)),
    error: (...args) => {
      const err = args.find((a) => a instanceof Error);
      log.warn(err === undefined ? {} : { err }, text(args) || 'webhook proxy error');
    },
  };
}

async function smeeClient(options: ProxyClientOptions): Promise<ProxyClient> {
  const { SmeeClient } = await import('smee-client');
  return new SmeeClient(options);
}

/**
 * Connects to the channel and forwards to `target`. Resolves once connected, or
 * once it has given up (logged); never rejects.
 */
export async function startWebhookProxy(options: {
  readonly source: string;
  readonly target: string;
  readonly log: Logger;
  readonly connectTimeoutMs?: number;
  readonly createClient?: (options: ProxyClientOptions) => Promise<ProxyClient> | ProxyClient;
}): Promise<WebhookProxy> {
  const log = options.log.child({ name: 'webhook-proxy' });
  const where = { channel: `${channelHost(options.source)}/…`, target: options.target };
  let client: ProxyClient | undefined;
  try {
    client = await (options.createClient ?? smeeClient)({
      source: options.source,
      target: options.target,
      logger: proxyLogger(log, options.source),
      maxConnectionTimeout: options.connectTimeoutMs ?? WEBHOOK_PROXY_CONNECT_MS,
    });
    await client.start();
  } catch (error) {
    log.warn({ ...where, err: error instanceof Error ? error : undefined }, 'could not connect to WEBHOOK_PROXY_URL; webhooks reach this server only directly (restart to try again)');
    await client?.stop().catch(() => undefined);
    return { stop: async () => undefined };
  }
  log.info(where, 'forwarding webhooks from WEBHOOK_PROXY_URL');
  const connected = client;
  return { stop: () => connected.stop().catch(() => undefined) };
}
