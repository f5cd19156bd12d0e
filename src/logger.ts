/**
 * The app's pino logger. Probot would build one without redaction; we hand it
 * this one so that credentials, request and response bodies, and the reviewed
 * code never reach a log line, whatever logs them, and so that no line is
 * longer than MAX_LOG_LINE_CHARS (a hostile delivery or error cannot flood the log).
 */
import { pino, type Bindings, type ChildLoggerOptions, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

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
  'payload',
  'output.summary',
  'output.text',
  'output.annotations',
];

/** No log line is longer (a line over it is rewritten smaller, see boundLine). */
export const MAX_LOG_LINE_CHARS = 16 * 1024;
/** Any one string in a logged object; longer ones are cut with a note of how much. */
export const MAX_LOG_STRING_CHARS = 2000;
/** The message; Probot and Octokit messages are one line of a few hundred characters. */
export const MAX_LOG_MESSAGE_CHARS = 2000;
/** An error's message; GitHub's are a sentence, and a longer one is likely to quote input. */
export const MAX_ERROR_MESSAGE_CHARS = 500;
/** Stack frames kept per error (the frames, not the message the stack starts with). */
export const MAX_STACK_FRAMES = 25;
/** Keys per logged object, items per array, and nesting: log fields are flat facts. */
const MAX_LOG_KEYS = 40;
const MAX_LOG_ARRAY_ITEMS = 20;
const MAX_LOG_DEPTH = 4;
/** Nested errors kept (AggregateError's list, `cause`), and how deep. */
const MAX_NESTED_ERRORS = 5;
const MAX_ERROR_DEPTH = 2;
/** A line over MAX_LOG_LINE_CHARS is parsed and rewritten smaller only up to this size. */
const MAX_LINE_TO_REWRITE_CHARS = 4 * 1024 * 1024;

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

/** `text` cut to `max` characters, saying how many were left out. */
export function truncateText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[${text.length - max} more characters]`;
}

/** A URL without its query and fragment (tokens travel in queries). */
function withoutQuery(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  return truncateText(url.replace(/[?#][\s\S]*$/, ''), MAX_LOG_STRING_CHARS);
}

interface Limits {
  readonly string: number;
  readonly keys: number;
  readonly items: number;
  readonly depth: number;
}
const FIELD_LIMITS: Limits = { string: MAX_LOG_STRING_CHARS, keys: MAX_LOG_KEYS, items: MAX_LOG_ARRAY_ITEMS, depth: MAX_LOG_DEPTH };
/** For rewriting a line that is still too long. */
const TIGHT_LIMITS: Limits = { string: 200, keys: 20, items: 5, depth: 3 };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * A copy of a logged value within `limits`. Its depth is that of the copy,
 * capped by `limits.depth`, not that of the input.
 */
export function boundValue(value: unknown, limits: Limits = FIELD_LIMITS, depth = 0): unknown {
  switch (typeof value) {
    case 'string':
      return truncateText(value, limits.string);
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return null;
  if (value instanceof Error) return serializeError(value, depth >= MAX_ERROR_DEPTH ? MAX_ERROR_DEPTH : depth);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof URL) return withoutQuery(value.href);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  if (depth >= limits.depth) return Array.isArray(value) ? `[array of ${value.length}]` : '[object]';
  if (Array.isArray(value)) {
    const items: unknown[] = value.slice(0, limits.items).map((v) => boundValue(v, limits, depth + 1));
    if (value.length > limits.items) items.push(`…[${value.length - limits.items} more items]`);
    return items;
  }
  const out: Record<string, unknown> = {};
  let kept = 0;
  let skipped = 0;
  for (const key in value as Record<string, unknown>) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (kept >= limits.keys) {
      skipped++;
      continue;
    }
    kept++;
    out[truncateText(key, 100)] = boundValue((value as Record<string, unknown>)[key], limits, depth + 1);
  }
  if (skipped > 0) out['…'] = `${skipped} more keys`;
  return out;
}

/** GitHub's message from an error answer, without what it may quote of our request. */
function githubMessage(data: unknown): string | undefined {
  if (!isRecord(data) || typeof data.message !== 'string') return undefined;
  const errors = Array.isArray(data.errors) ? data.errors.slice(0, MAX_NESTED_ERRORS) : [];
  // Validation errors name the resource, field and code; their `value`/`message` may quote what we sent.
  const details = errors
    .map((e: unknown) => (isRecord(e) ? [e.resource, e.field, e.code].filter((p) => typeof p === 'string').join('.') : ''))
    .filter((d) => d !== '');
  return truncateText(details.length > 0 ? `${data.message} (${details.join(', ')})` : data.message, MAX_ERROR_MESSAGE_CHARS);
}

/** Scalar facts an error may carry that never quote a body. */
const ERROR_FACTS: readonly string[] = ['code', 'errno', 'syscall', 'status', 'statusCode', 'hostname', 'address', 'port', 'source', 'attemptNumber'];

/**
 * An error as a log field: type, message, stack frames and a few scalar facts,
 * secrets scrubbed, everything bounded. For an HTTP client's error only the method,
 * the URL without its query, the status and GitHub's message are kept: the
 * request body (comments, suggestions, summaries), the response data (which can
 * quote it) and the headers are dropped. A webhook error keeps the delivery's id
 * and event name, never its payload.
 */
export function serializeError(value: unknown, depth = 0): unknown {
  if (!(value instanceof Error)) return isRecord(value) ? boundValue(value, TIGHT_LIMITS, MAX_LOG_DEPTH) : boundValue(value);
  const err = value as Error & Record<string, unknown>;
  const out: Record<string, unknown> = { type: truncateText(err.constructor?.name ?? 'Error', 100) };
  const request = isRecord(err.request) ? err.request : undefined;
  const response = isRecord(err.response) ? err.response : undefined;
  const isHttpError = typeof err.status === 'number' && (request !== undefined || response !== undefined);
  const fromGitHub = isHttpError ? githubMessage(response?.data) : undefined;
  const message = isHttpError ? (fromGitHub ?? `HTTP ${String(err.status)}`) : String(err.message ?? '');
  out.message = scrubSecrets(truncateText(message, MAX_ERROR_MESSAGE_CHARS));
  if (typeof err.stack === 'string') {
    // The stack starts with the message, which for an HTTP error can quote a body: frames only.
    const frames = err.stack.split('\n').filter((l) => /^\s+at /.test(l));
    out.stack = scrubSecrets(
      frames
        .slice(0, MAX_STACK_FRAMES)
        .map((f) => truncateText(f.trim(), 300))
        .join('\n'),
    );
  }
  for (const key of ERROR_FACTS) {
    const fact = err[key];
    if (typeof fact === 'number' || typeof fact === 'boolean') out[key] = fact;
    else if (typeof fact === 'string') out[key] = scrubSecrets(truncateText(fact, 200));
  }
  if (request !== undefined) {
    out.request = {
      ...(typeof request.method === 'string' ? { method: truncateText(request.method, 20) } : {}),
      ...(withoutQuery(request.url) === undefined ? {} : { url: withoutQuery(request.url) }),
    };
  }
  if (response !== undefined) {
    out.response = {
      ...(typeof response.status === 'number' ? { status: response.status } : {}),
      ...(withoutQuery(response.url) === undefined ? {} : { url: withoutQuery(response.url) }),
    };
  }
  if (isRecord(err.event)) {
    const event = err.event;
    out.event = {
      ...(typeof event.id === 'string' ? { id: truncateText(event.id, 100) } : {}),
      ...(typeof event.name === 'string' ? { name: truncateText(event.name, 100) } : {}),
    };
  }
  if (depth < MAX_ERROR_DEPTH) {
    if (Array.isArray(err.errors)) {
      out.errors = err.errors.slice(0, MAX_NESTED_ERRORS).map((e: unknown) => serializeError(e, depth + 1));
      if (err.errors.length > MAX_NESTED_ERRORS) out.moreErrors = err.errors.length - MAX_NESTED_ERRORS;
    }
    if (err.cause !== undefined) out.cause = serializeError(err.cause, depth + 1);
  }
  return out;
}

/** A webhook event as a log field: Probot logs `{ event }` whole at debug (payload included). */
function serializeEvent(value: unknown): unknown {
  if (!isRecord(value)) return boundValue(value);
  const payload = isRecord(value.payload) ? value.payload : undefined;
  return {
    ...(typeof value.id === 'string' ? { id: truncateText(value.id, 100) } : {}),
    ...(typeof value.name === 'string' ? { name: truncateText(value.name, 100) } : {}),
    ...(typeof payload?.action === 'string' ? { action: truncateText(payload.action, 100) } : {}),
  };
}

/** Keys whose serializer bounds them (formatters.log leaves them alone). */
const SERIALIZED_KEYS = new Set(['err', 'error', 'event']);

function boundFields(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let kept = 0;
  for (const key in object) {
    if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
    if (++kept > MAX_LOG_KEYS) break;
    out[key] = SERIALIZED_KEYS.has(key) ? object[key] : boundValue(object[key], FIELD_LIMITS, 1);
  }
  return out;
}

/**
 * The last bound: a line still over MAX_LOG_LINE_CHARS (many long fields, or
 * text that escapes to six characters a byte) is rewritten with tight limits,
 * or, failing that, replaced by a line that says so.
 */
export function boundLine(line: string): string {
  if (line.length <= MAX_LOG_LINE_CHARS) return line;
  let parsed: unknown;
  if (line.length <= MAX_LINE_TO_REWRITE_CHARS) {
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
  }
  if (isRecord(parsed)) {
    const rewritten = `${JSON.stringify({ ...(boundValue(parsed, TIGHT_LIMITS) as Record<string, unknown>), logLineCut: line.length })}\n`;
    if (rewritten.length <= MAX_LOG_LINE_CHARS) return rewritten;
  }
  const level = /^\{"level":(\d+)/.exec(line)?.[1];
  const time = /"time":(\d+)/.exec(line.slice(0, 100))?.[1];
  return `${JSON.stringify({
    level: level === undefined ? 50 : Number(level),
    ...(time === undefined ? {} : { time: Number(time) }),
    name: 'hunkwise',
    msg: `a log line of ${line.length} characters was dropped (over ${MAX_LOG_LINE_CHARS})`,
    logLineCut: line.length,
  })}\n`;
}

/** The message pino would take from an error logged without one: its own, which may quote a body. */
function errorMessage(err: Error): string {
  const serialized = serializeError(err);
  return isRecord(serialized) && typeof serialized.message === 'string' ? serialized.message : 'error';
}

/**
 * `log.error(err)` and `log.error({ err })` without a message make pino use
 * `err.message` raw as the line's message; give it the serialized one instead.
 */
function logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void): void {
  const [first, second] = args;
  if (typeof second !== 'string') {
    if (first instanceof Error) return method.apply(this, [{ err: first }, errorMessage(first), ...args.slice(1)]);
    if (isRecord(first) && first.msg === undefined && first.message === undefined) {
      const err = first.err ?? first.error;
      if (err instanceof Error) return method.apply(this, [first, errorMessage(err), ...args.slice(1)]);
    }
  }
  return method.apply(this, args);
}

const LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function parseLogLevel(value: string | undefined): LevelWithSilent {
  const v = (value ?? '').trim().toLowerCase();
  return (LEVELS as readonly string[]).includes(v) ? (v as LevelWithSilent) : 'info';
}

export type LogFormat = 'json' | 'pretty';

/** LOG_FORMAT: `pretty` for people at a terminal; JSON lines (one object a line) otherwise. */
export function parseLogFormat(value: string | undefined): LogFormat {
  return (value ?? '').trim().toLowerCase() === 'pretty' ? 'pretty' : 'json';
}

export interface LoggerOptions {
  readonly level?: string;
  readonly format?: LogFormat;
  /** Where lines go; stdout when omitted. Tests pass a stream to read them back. */
  readonly destination?: DestinationStream;
}

/** The `name` of lines logged by the root logger. */
export const ROOT_LOGGER_NAME = 'hunkwise';
/** A child's name is a short label ("probot", "github", "http"); a longer one is cut. */
const MAX_LOGGER_NAME_CHARS = 100;
const LOGGER_NAME = Symbol('hunkwise.loggerName');


/**
 * pino appends each child's bindings to its parent's, so `child({ name })` under a
 * named logger (Probot makes "probot", then "github" under it) gives a line several
 * `name` keys. Children take their name out of the bindings instead, and `mixin`
 * writes one `name`: the nearest one given, else ROOT_LOGGER_NAME.
 */
function nameChildren(root: Logger): void {
  type ChildFn = (this: object, bindings: Bindings, options?: ChildLoggerOptions) => object;
  const pinoChild = root.child as unknown as ChildFn;
  const child: ChildFn = function (this: object, bindings: Bindings, options?: ChildLoggerOptions): object {
    const { name, ...rest } = bindings;
    const made = pinoChild.call(this, rest, options) as { [LOGGER_NAME]?: string };
    if (typeof name === 'string') made[LOGGER_NAME] = truncateText(name, MAX_LOGGER_NAME_CHARS);
    return made;
  };
  // Children are created from their parent's prototype chain, so they inherit this `child` too.
  Object.defineProperty(root, 'child', { value: child, writable: true, configurable: true });
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const config = {
    level: parseLogLevel(options.level),
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    mixin: (_object: object, _level: number, logger: Logger) => ({ name: (logger as unknown as { [LOGGER_NAME]?: string })[LOGGER_NAME] ?? ROOT_LOGGER_NAME }),
    serializers: {
      err: serializeError,
      error: serializeError,
      event: serializeEvent,
      msg: (msg: unknown) => (typeof msg === 'string' ? scrubSecrets(truncateText(msg, MAX_LOG_MESSAGE_CHARS)) : boundValue(msg)),
    },
    formatters: {
      log: boundFields,
      bindings: (bindings: Record<string, unknown>) => boundFields(bindings),
    },
    hooks: { streamWrite: boundLine, logMethod },
  };
  // pino-pretty reads the bounded, redacted JSON line and rewrites it for people, in this thread.
  const destination =
    parseLogFormat(options.format) === 'pretty'
      ? pretty({ sync: true, ...(options.destination === undefined ? {} : { destination: options.destination }) })
      : options.destination;
  const log = destination === undefined ? pino(config) : pino(config, destination);
  nameChildren(log);
  return log;
}
