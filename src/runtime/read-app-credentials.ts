/**
 * The App's identity from the environment, checked before anything starts:
 * APP_ID, the private key (PRIVATE_KEY or PRIVATE_KEY_PATH) and, for the
 * webhook server, WEBHOOK_SECRET. Probot would fall back to the public secret
 * `development` when WEBHOOK_SECRET is empty, and accept webhooks signed with
 * it; hunkwise refuses to start instead, with one line saying what to set.
 */
import { createPrivateKey } from 'node:crypto';

/** Probot's fallback when WEBHOOK_SECRET is empty: public, so anyone could sign with it. */
export const PROBOT_FALLBACK_SECRET = 'development';
/** What .env.example ships, so that a copied file without a real secret does not start. */
export const WEBHOOK_SECRET_PLACEHOLDER = 'replace-with-the-output-of-openssl-rand-hex-32';
/** A secret shorter than this is guessable offline from one signed delivery. */
export const MIN_WEBHOOK_SECRET_CHARS = 16;

export type AppCredentials =
  | { readonly kind: 'app'; readonly appId: number; readonly privateKey: string; readonly webhookSecret?: string }
  /** No App yet, in development: Probot's setup pages register one from app.yml. */
  | { readonly kind: 'setup' }
  | { readonly kind: 'refuse'; readonly reason: string };

export interface ReadAppCredentialsOptions {
  /** The webhook server needs WEBHOOK_SECRET and may offer setup mode; a worker does neither. */
  readonly role: 'server' | 'worker';
  /** Reads PRIVATE_KEY_PATH (throws when it cannot). */
  readonly readFile: (path: string) => string;
}

type Env = Readonly<Record<string, string | undefined>>;

const GENERATE = 'generate one with `openssl rand -hex 32` and set the same secret on the GitHub App';

/** PRIVATE_KEY as people paste it: PEM, PEM with `\n` escapes (an env file), base64 of PEM, or PEM on one line. */
function decodePrivateKey(raw: string): string {
  let key = raw.trim();
  if (!key.includes('-----BEGIN') && /^[A-Za-z0-9+/=\s]+$/.test(key)) key = Buffer.from(key, 'base64').toString('utf8');
  key = key.replace(/\\n/g, '\n');
  if (!key.includes('\n')) key = key.replace(/(-----BEGIN [A-Z ]+-----)(.+)(-----END [A-Z ]+-----)/, '$1\n$2\n$3');
  return key;
}

function isPrivateKey(pem: string): boolean {
  try {
    createPrivateKey(pem);
    return true;
  } catch {
    return false;
  }
}

function checkSecret(secret: string | undefined): string | undefined {
  if (secret === undefined || secret.trim() === '') return `WEBHOOK_SECRET is not set: ${GENERATE}`;
  if (secret === PROBOT_FALLBACK_SECRET) return `WEBHOOK_SECRET is "${PROBOT_FALLBACK_SECRET}", Probot's public default that anyone can sign with: ${GENERATE}`;
  if (secret === WEBHOOK_SECRET_PLACEHOLDER) return `WEBHOOK_SECRET is still the placeholder from .env.example: ${GENERATE}`;
  if (secret.length < MIN_WEBHOOK_SECRET_CHARS) {
    return `WEBHOOK_SECRET is too short (${secret.length} characters, at least ${MIN_WEBHOOK_SECRET_CHARS}): ${GENERATE}`;
  }
  return undefined;
}

export function readAppCredentials(env: Env, options: ReadAppCredentialsOptions): AppCredentials {
  const appId = env.APP_ID?.trim() ?? '';
  const keyText = env.PRIVATE_KEY?.trim() ?? '';
  const keyPath = env.PRIVATE_KEY_PATH?.trim() ?? '';
  const production = env.NODE_ENV === 'production';

  if (options.role === 'server' && !production && appId === '' && keyText === '' && keyPath === '') return { kind: 'setup' };
  if (appId === '') return { kind: 'refuse', reason: "APP_ID is not set: the App's ID, from its settings page on GitHub" };
  if (!/^[1-9][0-9]{0,14}$/.test(appId)) return { kind: 'refuse', reason: "APP_ID is not a number: it is the App's numeric ID" };

  let privateKey: string;
  let keySource: string;
  if (keyText !== '') {
    privateKey = decodePrivateKey(keyText);
    keySource = 'PRIVATE_KEY';
  } else if (keyPath !== '') {
    try {
      privateKey = options.readFile(keyPath);
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? ` (${String(error.code)})` : '';
      return { kind: 'refuse', reason: `PRIVATE_KEY_PATH cannot be read${code}: ${keyPath.slice(0, 200)}` };
    }
    keySource = `the file at PRIVATE_KEY_PATH`;
  } else {
    return { kind: 'refuse', reason: "neither PRIVATE_KEY nor PRIVATE_KEY_PATH is set: the App's private key (.pem), from its settings page" };
  }
  if (!isPrivateKey(privateKey)) return { kind: 'refuse', reason: `${keySource} is not a PEM private key` };

  if (options.role === 'worker') return { kind: 'app', appId: Number(appId), privateKey };
  const problem = checkSecret(env.WEBHOOK_SECRET);
  if (problem !== undefined) return { kind: 'refuse', reason: problem };
  return { kind: 'app', appId: Number(appId), privateKey, webhookSecret: env.WEBHOOK_SECRET };
}
