/** What the command line needs from the outside world; tests inject their own. */
import type { Engine } from '../engine/engine-api.js';

export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Paths are resolved against this, and shown relative to it. */
  readonly cwd: string;
  /** Used for NO_COLOR and passed to git, so a caller can isolate git from the user's config. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CliDeps {
  /**
   * Defaults to the built-in rules. Only the rules are used here: the engine threads build
   * their own engine from them, so the command line never compiles one on its own thread.
   */
  readonly createEngine: () => Promise<Pick<Engine, 'rules'>>;
}
