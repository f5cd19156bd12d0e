/** Expands the files and folders given to `scan` into the Python files to read. */
import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ScanError } from '../engine/types.js';

/** Folders that hold tools, dependencies or caches rather than the project's own code. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__']);
const PYTHON_EXTENSIONS: readonly string[] = ['.py', '.pyi'];

export interface CollectedFile {
  readonly absolutePath: string;
  /** Relative to cwd, with forward slashes: how the file is named in every output. */
  readonly displayPath: string;
}

export interface CollectedFiles {
  readonly files: readonly CollectedFile[];
  /** Arguments that do not exist (a usage error for the caller). */
  readonly missing: readonly string[];
  /** Folders that could not be listed (e.g. no permission); the walk goes on without them. */
  readonly errors: readonly ScanError[];
}

export function toDisplayPath(cwd: string, absolutePath: string): string {
  const relative = path.relative(cwd, absolutePath);
  return (relative === '' ? path.basename(absolutePath) : relative).split(path.sep).join('/');
}

function isPythonFile(name: string): boolean {
  return PYTHON_EXTENSIONS.some((ext) => name.endsWith(ext));
}

/**
 * A file named explicitly is scanned whatever its extension (the user asked for it);
 * inside folders only *.py and *.pyi count. Symbolic links inside folders are not
 * followed, so a link cycle cannot make the walk endless.
 */
export async function collectPythonFiles(cwd: string, args: readonly string[]): Promise<CollectedFiles> {
  const found = new Map<string, CollectedFile>();
  const missing: string[] = [];
  const errors: ScanError[] = [];
  const add = (absolutePath: string): void => {
    if (!found.has(absolutePath)) found.set(absolutePath, { absolutePath, displayPath: toDisplayPath(cwd, absolutePath) });
  };

  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      errors.push({ path: toDisplayPath(cwd, dir), kind: 'io', message: `cannot list folder (${code})` });
      return;
    }
    entries.sort((a, b) => compareStrings(a.name, b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(full);
      } else if (entry.isFile() && isPythonFile(entry.name)) {
        add(full);
      }
    }
  };

  for (const arg of args) {
    const absolutePath = path.resolve(cwd, arg);
    const info = await stat(absolutePath).catch(() => lstat(absolutePath).catch(() => undefined));
    if (info === undefined) {
      missing.push(arg);
    } else if (info.isDirectory()) {
      await walk(absolutePath);
    } else if (info.isFile()) {
      add(absolutePath);
    } else {
      missing.push(arg);
    }
  }
  const files = [...found.values()].sort((a, b) => compareStrings(a.displayPath, b.displayPath));
  return { files, missing, errors };
}

/** Code-unit order, so output is the same on every machine whatever its locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
