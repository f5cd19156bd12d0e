import { parseDocument } from 'yaml';

/**
 * A configuration file is a page of YAML; a larger one is a mistake or an
 * attack, and is not parsed at all (parse time and memory grow with size).
 */
export const MAX_CONFIG_FILE_BYTES = 64 * 1024;
/**
 * Alias expansions allowed per file: enough for an anchored list of paths
 * reused a few times, far too few for a "billion laughs" bomb, whose aliases
 * of aliases multiply into gigabytes.
 */
export const MAX_CONFIG_ALIASES = 50;

export type ParsedConfigText =
  | { readonly settings: Readonly<Record<string, unknown>>; readonly error?: undefined }
  /** A predicate to follow the file's name: "is larger than 64 KiB, …". */
  | { readonly settings?: undefined; readonly error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** UTF-8 size, without encoding a text that is plainly too large. */
function overLimit(content: string | Uint8Array): boolean {
  if (content instanceof Uint8Array) return content.length > MAX_CONFIG_FILE_BYTES;
  // A UTF-16 code unit is at least one UTF-8 byte.
  if (content.length > MAX_CONFIG_FILE_BYTES) return true;
  return new TextEncoder().encode(content).length > MAX_CONFIG_FILE_BYTES;
}

/** The first line of a YAML error: its position, without the excerpt of the file that follows. */
function firstLine(message: string): string {
  return message.split('\n')[0].replace(/:$/, '');
}

/**
 * Parses one configuration file (`.github/hunkwise.yml` or an `_extends`
 * target) within bounds: size first, then YAML with a cap on alias
 * expansion. Never throws; an empty file is an empty mapping.
 */
/** The predicate for a file over MAX_CONFIG_FILE_BYTES, whether or not it was downloaded. */
export const CONFIG_TOO_LARGE = `is larger than ${MAX_CONFIG_FILE_BYTES / 1024} KiB, the limit for a configuration file`;

export function parseConfigText(content: string | Uint8Array): ParsedConfigText {
  if (overLimit(content)) return { error: CONFIG_TOO_LARGE };
  const text = typeof content === 'string' ? content : new TextDecoder().decode(content);
  let value: unknown;
  try {
    const doc = parseDocument(text);
    if (doc.errors.length > 0) return { error: `is not valid YAML (${firstLine(doc.errors[0].message)})` };
    value = doc.toJS({ maxAliasCount: MAX_CONFIG_ALIASES });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/alias/i.test(message)) {
      return { error: `expands YAML aliases more than ${MAX_CONFIG_ALIASES} times, as an alias bomb does` };
    }
    return { error: `is not valid YAML (${firstLine(message)})` };
  }
  if (value === null || value === undefined) return { settings: {} };
  if (!isRecord(value)) return { error: 'is not a mapping of settings' };
  return { settings: value };
}
