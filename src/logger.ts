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
  };
  return options.destination === undefined ? pino(config) : pino(config, options.destination);
}
