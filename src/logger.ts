/**
 * The app's pino logger. Probot would build one without redaction; we hand it
 * this one so that credentials never reach a log line, whatever logs them.
 */
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

/**
 * Paths pino blanks out. Octokit errors carry the request (with its
 * Authorization header); Probot options carry the private key and secret.
 */
export const REDACTED_PATHS: readonly string[] = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  'err.request.headers.authorization',
  'err.response.headers.authorization',
  'error.request.headers.authorization',
  'headers["x-hub-signature"]',
  'headers["x-hub-signature-256"]',
  'req.headers["x-hub-signature"]',
  'req.headers["x-hub-signature-256"]',
  'token',
  '*.token',
  'privateKey',
  '*.privateKey',
  'private_key',
  '*.private_key',
  'secret',
  '*.secret',
  'webhookSecret',
  '*.webhookSecret',
  'password',
  '*.password',
  // Probot logs each request's body fields at debug level. Review comments,
  // suggestions, summaries and GraphQL variables quote source code: never log them.
  'comments',
  'body',
  'content',
  'variables',
  'output.summary',
  'output.text',
  'output.annotations',
];

/**
 * Secrets as they appear inside error text: a message can quote a request's headers (an
 * HTTP client's "no match for request" error does), and redaction paths do not look into
 * strings.
 */
const SECRET_TEXT: ReadonlyArray<readonly [RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[redacted private key]'],
  [/\b(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,}|v1\.[0-9a-f]{40})\b/g, '[redacted token]'],
  [/\b(authorization|x-hub-signature(?:-256)?)(["']?\s*[:=]\s*\[?\s*["']?)(?:(?:token|bearer|basic)\s+)?[^\s"',}\]]+/gi, '$1$2[redacted]'],
];

export function scrubSecrets(text: string): string {
  return SECRET_TEXT.reduce((out, [re, replacement]) => out.replace(re, replacement), text);
}

/** pino's error serializer, with secrets scrubbed from the message and stack. */
function scrubbedError(error: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { ...pino.stdSerializers.err(error) };
  for (const key of ['message', 'stack']) {
    const value = out[key];
    if (typeof value === 'string') out[key] = scrubSecrets(value);
  }
  return out;
}

const LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function parseLogLevel(value: string | undefined): LevelWithSilent {
  const v = (value ?? '').trim().toLowerCase();
  return (LEVELS as readonly string[]).includes(v) ? (v as LevelWithSilent) : 'info';
}

export interface LoggerOptions {
  readonly level?: string;
  /** Where lines go; stdout when omitted. Tests pass a stream to read them back. */
  readonly destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const config = {
    name: 'hunkwise',
    level: parseLogLevel(options.level),
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    serializers: { err: scrubbedError, error: scrubbedError },
  };
  return options.destination === undefined ? pino(config) : pino(config, options.destination);
}
