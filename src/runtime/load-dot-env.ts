/**
 * Reads `.env` from the working directory into the environment, as Probot's
 * `run()` did before hunkwise served webhooks itself. A variable the process
 * already has (non-empty) wins over the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

export function loadDotEnv(env: NodeJS.ProcessEnv, dir: string = process.cwd()): void {
  let text: string;
  try {
    text = readFileSync(join(dir, '.env'), 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return;
    throw error;
  }
  for (const [key, value] of Object.entries(parseEnv(text))) {
    if (value !== undefined && (env[key] === undefined || env[key] === '')) env[key] = value;
  }
}
