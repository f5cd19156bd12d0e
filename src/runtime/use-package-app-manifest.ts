/**
 * Setup mode (no App yet) registers the App from a manifest. Probot builds it
 * from `app.yml` and `package.json` in the working directory, so `npm start`
 * run from another folder (a global install, a service's own directory) would
 * register an App without hunkwise's name, events and permissions. This points
 * Probot's manifest at hunkwise's own files, found from this module's location.
 *
 * Probot has no option for it: its ManifestCreation class (not exported) takes
 * a `readFileSync` and a `pkg` per call, so its `getManifest` is wrapped to
 * pass them. Loaded by file URL, the module is the instance Probot itself uses.
 * If a Probot release moves it, setup mode still runs, from the cwd, and says so.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from 'pino';

/** Folders climbed from this module to the package root (src/runtime or dist/src/runtime). */
const MAX_CLIMB = 5;

/** hunkwise's package folder: the nearest one above this module whose package.json names hunkwise. */
export function packageRoot(start?: string): string | undefined {
  let dir = start ?? dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i <= MAX_CLIMB; i++) {
    try {
      const pkg: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (typeof pkg === 'object' && pkg !== null && 'name' in pkg && pkg.name === 'hunkwise') return dir;
    } catch {
      // no (readable) package.json here: keep climbing
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

interface ManifestOptions {
  readonly pkg?: unknown;
  readonly baseUrl?: string;
  readonly readFileSync?: (path: string, encoding: 'utf8') => string;
}
interface ManifestCreationClass {
  prototype: { getManifest(options: ManifestOptions): string };
}

/** Makes Probot's setup mode read app.yml and package.json from hunkwise's package (looked for from `from`). */
export async function usePackageAppManifest(log: Pick<Logger, 'warn' | 'info'>, from?: string): Promise<boolean> {
  const root = packageRoot(from);
  if (root === undefined) {
    log.warn("hunkwise's package folder was not found; setup mode reads app.yml from the working directory");
    return false;
  }
  const manifestPath = join(root, 'app.yml');
  const pkg: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  try {
    const probotLib = dirname(createRequire(import.meta.url).resolve('probot'));
    const module = (await import(pathToFileURL(join(probotLib, 'manifest-creation.js')).href)) as { ManifestCreation?: ManifestCreationClass };
    const proto = module.ManifestCreation?.prototype;
    if (proto === undefined || typeof proto.getManifest !== 'function') throw new Error('ManifestCreation.getManifest not found');
    const getManifest = proto.getManifest;
    proto.getManifest = function (this: unknown, options: ManifestOptions): string {
      // Probot reads only app.yml through this.
      return getManifest.call(this, { ...options, pkg, readFileSync: () => readFileSync(manifestPath, 'utf8') });
    };
  } catch {
    log.warn("this Probot version's setup could not be pointed at hunkwise's app.yml; it reads app.yml from the working directory");
    return false;
  }
  log.info({ manifest: manifestPath }, 'setup mode registers the App from this manifest');
  return true;
}
