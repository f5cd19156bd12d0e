import type { DiffLine } from '../../src/diff/index.js';

/** Short builders so expected hunks read like the patch they come from. */
export const ctx = (oldLine: number, newLine: number, text: string): DiffLine => ({
  kind: 'context',
  oldLine,
  newLine,
  text,
});
export const add = (newLine: number, text: string): DiffLine => ({ kind: 'added', newLine, text });
export const del = (oldLine: number, text: string): DiffLine => ({ kind: 'removed', oldLine, text });

/** Joins patch lines the way GitHub's `patch` field does: "\n" between, none at the end. */
export const patchOf = (...lines: readonly string[]): string => lines.join('\n');

/**
 * The GitHub `patch` of app.py in REAL_GIT_DIFF: two hunks, new side 3..9
 * (line 6 added) and 15..19 (line 18 added).
 */
export const APP_PY_PATCH = patchOf(
  '@@ -3,7 +3,7 @@ import subprocess',
  ' ',
  ' ',
  ' def run(cmd):',
  '-    return subprocess.call(cmd, shell=False)',
  '+    return subprocess.call(cmd, shell=True)',
  ' ',
  ' ',
  ' def main():',
  '@@ -15,4 +15,5 @@ def main():',
  ' ',
  ' ',
  ' if __name__ == "__main__":',
  '+    os.system(input())',
  '     main()',
);

/** What `run` throws, or undefined when it returns. */
export function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}
