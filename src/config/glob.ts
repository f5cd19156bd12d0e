/**
 * A small gitignore-flavoured glob matcher for repository paths (always `/`-separated).
 * Written here rather than pulled in: the configuration needs only `*`, `**`, `?`,
 * `[...]` and `{a,b}`, and a dependency for that is more surface than code.
 *
 * - `*` matches within one path segment, `**` across segments (`tests/**`, `**\/conftest.py`).
 * - A pattern without `/` matches the file name at any depth (`*.py`, `conftest.py`), as in .gitignore.
 * - A trailing `/` (`vendor/`) means the directory and everything below it.
 */

const cache = new Map<string, RegExp>();

function escapeRegExp(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

function translate(glob: string): string {
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        const next = glob[i + 2];
        i++;
        if (atSegmentStart && next === '/') {
          // `**/` : zero or more whole directories
          out += '(?:[^/]*/)*';
          i++;
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
      } else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (ch === '{') {
      braceDepth++;
      out += '(?:';
    } else if (ch === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else if (ch === ',' && braceDepth > 0) {
      out += '|';
    } else {
      out += escapeRegExp(ch);
    }
  }
  return out;
}

export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached !== undefined) return cached;
  let pattern = glob.trim().replace(/^\.\//, '');
  let prefix = '^';
  if (pattern.startsWith('/')) {
    pattern = pattern.slice(1);
  } else if (!pattern.replace(/\/$/, '').includes('/')) {
    // Like .gitignore: a bare name matches at any depth.
    prefix = '^(?:.*/)?';
  }
  let suffix = '$';
  if (pattern.endsWith('/')) {
    pattern = pattern.slice(0, -1);
    suffix = '/.*$';
  } else {
    // `tests` also covers everything below a directory named tests.
    suffix = '(?:/.*)?$';
  }
  const re = new RegExp(prefix + translate(pattern) + suffix);
  cache.set(glob, re);
  return re;
}

export function matchesGlob(path: string, glob: string): boolean {
  return globToRegExp(glob).test(path);
}

export function matchesAnyGlob(path: string, globs: readonly string[]): boolean {
  return globs.some((g) => matchesGlob(path, g));
}
