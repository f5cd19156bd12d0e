/** hunkwise's own package.json: its version, and its folder (where docs/rules lives). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  readonly version: string;
  readonly root: string;
}

/** Walks up from this module, since it runs from src/cli (tests) or dist/src/cli (built). */
export async function readPackageInfo(): Promise<PackageInfo> {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const text = await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => undefined);
    if (text !== undefined) {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && 'name' in parsed && parsed.name === 'hunkwise') {
        const version = 'version' in parsed && typeof parsed.version === 'string' ? parsed.version : '0.0.0';
        return { version, root: dir };
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return { version: '0.0.0', root: process.cwd() };
    dir = parent;
  }
}
