/**
 * The action's inputs. The runner passes each as an environment variable named
 * INPUT_ + the input's name upper-cased, spaces turned to `_` and dashes kept
 * (`fail-on` → `INPUT_FAIL-ON`); defaults from action.yml arrive the same way.
 * The defaults here repeat action.yml's so running the entry point by hand works alike.
 */
import path from 'node:path';
import { CONFIG_PATH, type FailOn } from '../config/config-schema.js';
import { globProblem } from '../config/glob.js';
import { ActionError } from './action-error.js';

export interface ActionInputs {
  readonly failOn: FailOn;
  /** Repository-relative, `/`-separated; only CONFIG_PATH is supported (see readActionInputs). */
  readonly config: string;
  /** As given; resolved against the workspace by the caller. */
  readonly sarifFile: string;
  /** Globs limiting which files are reported; empty: all. */
  readonly paths: readonly string[];
}

export const INPUT_DEFAULTS = {
  'fail-on': 'high',
  config: CONFIG_PATH,
  'sarif-file': 'hunkwise.sarif',
  paths: '',
} as const;

const FAIL_ON: readonly FailOn[] = ['low', 'medium', 'high', 'none'];

/** A `paths` input longer than this is a mistake; each glob is bounded by the glob compiler too. */
export const MAX_PATH_GLOBS = 100;

export type Env = Readonly<Record<string, string | undefined>>;

/** The environment variable the runner sets for an input. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** The trimmed value of an input; `fallback` when unset or blank. */
export function readInput(env: Env, name: keyof typeof INPUT_DEFAULTS): string {
  const value = (env[inputEnvName(name)] ?? '').trim();
  return value === '' ? INPUT_DEFAULTS[name] : value;
}

export function readActionInputs(env: Env): ActionInputs {
  const failOnText = readInput(env, 'fail-on').toLowerCase();
  const failOn = FAIL_ON.find((level) => level === failOnText);
  if (failOn === undefined) {
    throw new ActionError(`input fail-on must be one of ${FAIL_ON.join(', ')} (got "${failOnText}")`);
  }

  const config = path.posix.normalize(readInput(env, 'config').replace(/\\/g, '/')).replace(/^\/+/, '');
  // `hunkwise review` reads its settings from CONFIG_PATH at the base commit (as the App
  // does, so a change cannot relax its own review) and has no option for another path.
  // Ignoring the input would review with settings the workflow did not ask for.
  if (config !== CONFIG_PATH) {
    throw new ActionError(
      `input config: only ${CONFIG_PATH} is supported for now (read from the pull request's base commit, as the App does); ` +
        `got "${config}". Move the settings there or remove the config input.`,
    );
  }

  const paths = readInput(env, 'paths')
    .split(/\s+/)
    .filter((glob) => glob !== '');
  if (paths.length > MAX_PATH_GLOBS) throw new ActionError(`input paths: at most ${MAX_PATH_GLOBS} globs (got ${paths.length})`);
  for (const glob of paths) {
    const problem = globProblem(glob, 'path');
    if (problem !== undefined) throw new ActionError(`input paths: "${glob}": ${problem}`);
  }

  return { failOn, config, sarifFile: readInput(env, 'sarif-file'), paths };
}
