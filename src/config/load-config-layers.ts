import { CONFIG_PATH } from './config-schema.js';
import { mergeConfigLayers } from './merge-config-layers.js';
import { CONFIG_TOO_LARGE, parseConfigText } from './parse-config-text.js';

/** A configuration file in some repository, read from its default branch. */
export interface ConfigLocation {
  readonly owner: string;
  readonly repo: string;
  readonly path: string;
}

/** A file the reader saw was over MAX_CONFIG_FILE_BYTES and did not download. */
export interface ConfigFileTooLarge {
  readonly tooLargeBytes: number;
}

/**
 * Reads one file's content; null when it does not exist. Other failures
 * (network, permissions) are thrown and reported by the caller.
 */
export type ReadConfigFile = (at: ConfigLocation) => Promise<string | Uint8Array | ConfigFileTooLarge | null>;

export interface LoadedConfigLayers {
  /** The settings merged across `_extends`, or null when there are none (or they could not be used). */
  readonly raw: unknown;
  /** Why the configuration could not be used, for the check summary. */
  readonly error?: string;
}

/**
 * `_extends` links followed from one file. An organisation's base and a
 * team's base need two; a longer chain is a mistake, or a way to make each
 * review fetch and parse many files.
 */
export const MAX_CONFIG_EXTENDS = 5;
/** An `_extends` value is `[owner/]repository[:path.yml]`: short. */
const MAX_EXTENDS_LENGTH = 300;

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
const PATH = /^[A-Za-z0-9._/-]+\.ya?ml$/i;

/**
 * Where an `_extends` value points: `repo`, `owner/repo`, either with
 * `:path.yml` (the default path is CONFIG_PATH). Undefined when malformed.
 */
export function parseExtends(value: unknown, defaultOwner: string): ConfigLocation | undefined {
  if (typeof value !== 'string' || value.length > MAX_EXTENDS_LENGTH) return undefined;
  const colon = value.indexOf(':');
  const repoPart = colon < 0 ? value : value.slice(0, colon);
  const path = colon < 0 ? CONFIG_PATH : value.slice(colon + 1);
  const slash = repoPart.indexOf('/');
  const owner = slash < 0 ? defaultOwner : repoPart.slice(0, slash);
  const repo = slash < 0 ? repoPart : repoPart.slice(slash + 1);
  if (!OWNER.test(owner) || !REPO.test(repo) || !PATH.test(path)) return undefined;
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) return undefined;
  return { owner, repo, path };
}

function sameFile(a: ConfigLocation, b: ConfigLocation): boolean {
  // Owner and repository names are case-insensitive on GitHub; paths are not.
  return a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase() && a.path === b.path;
}

function describeValue(value: unknown): string {
  if (typeof value !== 'string') return `a ${Array.isArray(value) ? 'list' : typeof value}`;
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/**
 * The repository's `.github/hunkwise.yml` (or, when it has none, its
 * organisation's `.github` repository's), with `_extends` followed: the same
 * lookup as Probot's `context.config`, with bounds. Every file is capped in
 * size and alias expansion, the chain in length, and a loop is refused. Any
 * file that cannot be used makes the whole result an error, so a review never
 * runs with half of an inherited configuration.
 */
export async function loadConfigLayers(
  home: { readonly owner: string; readonly repo: string },
  read: ReadConfigFile,
): Promise<LoadedConfigLayers> {
  const own: ConfigLocation = { owner: home.owner, repo: home.repo, path: CONFIG_PATH };
  const name = (at: ConfigLocation): string => (sameFile(at, own) ? CONFIG_PATH : `${at.owner}/${at.repo}:${at.path}`);
  const fail = (reason: string): LoadedConfigLayers => ({ raw: null, error: `Could not read ${CONFIG_PATH}: ${reason}` });

  let at = own;
  let content = await read(own);
  if (content === null && home.repo.toLowerCase() !== '.github') {
    at = { owner: home.owner, repo: '.github', path: CONFIG_PATH };
    content = await read(at);
  }
  if (content === null) return { raw: null };

  const seen: ConfigLocation[] = [at];
  const layers: unknown[] = [];
  for (;;) {
    const parsed = typeof content === 'object' && 'tooLargeBytes' in content ? { error: CONFIG_TOO_LARGE } : parseConfigText(content);
    if (parsed.error !== undefined) return fail(`${sameFile(at, own) ? 'it' : name(at)} ${parsed.error}`);
    const { _extends: extendsValue, ...settings } = parsed.settings;
    layers.push(settings);
    if (extendsValue === undefined || extendsValue === null || extendsValue === '') break;
    const target = parseExtends(extendsValue, home.owner);
    if (target === undefined) {
      return fail(`\`_extends\` in ${name(at)} is ${describeValue(extendsValue)}, not \`[owner/]repository[:path.yml]\``);
    }
    if (seen.some((s) => sameFile(s, target))) {
      return fail(`\`_extends\` in ${name(at)} leads back to ${name(target)}, which was already read`);
    }
    if (seen.length > MAX_CONFIG_EXTENDS) {
      return fail(`\`_extends\` goes on past ${MAX_CONFIG_EXTENDS} files; the limit keeps each review's reads bounded`);
    }
    const next = await read(target);
    // A missing base ends the chain, as it does for Probot's context.config.
    if (next === null) break;
    seen.push(target);
    at = target;
    content = next;
  }
  // Layers were read from the repository outwards; bases merge first.
  return { raw: mergeConfigLayers(layers.reverse()) };
}
