import { parseHunkLines } from './parse-patch.js';
import { PatchParseError } from './patch-parse-error.js';
import { splitLines } from './split-lines.js';
import type { FilePatch, FileStatus, Hunk } from './types.js';
import { readQuotedGitPath, unquoteGitPath } from './unquote-git-path.js';

const FILE_START = 'diff --git ';
const DEV_NULL = '/dev/null';

/**
 * Parses the output of `git diff --no-color --no-ext-diff -M base head` into
 * one FilePatch per file: added, removed, modified (also mode-only), renamed
 * (with or without changes), binary. Text before the first "diff --git" (a
 * commit message from `git show`, say) is ignored.
 *
 * Paths are expected with git's default "a/" and "b/" prefixes; callers that
 * run git should pass `--src-prefix=a/ --dst-prefix=b/` so that a user's
 * diff.noprefix or diff.mnemonicPrefix setting cannot change them.
 *
 * A copy (only reported with -C) becomes status 'added' with oldPath set to
 * its source, since the hunks' old side refers to that file.
 */
export function parseUnifiedDiff(text: string): FilePatch[] {
  const lines = splitLines(text);
  const files: FilePatch[] = [];
  let i = 0;
  while (i < lines.length && !lines[i].startsWith(FILE_START)) i++;
  // A hunk body line always starts with ' ', '+', '-' or '\', so a line that
  // starts with "diff --git " can only be the next file's header.
  while (i < lines.length) {
    const start = i;
    i++;
    while (i < lines.length && !lines[i].startsWith(FILE_START)) i++;
    files.push(parseFileSection(lines.slice(start, i), start + 1));
  }
  return files;
}

/** Paths seen so far; undefined = not seen, null = /dev/null. */
type SeenPath = string | null | undefined;

function parseFileSection(section: readonly string[], firstLineNo: number): FilePatch {
  const fromGitLine = parseGitLinePaths(section[0].slice(FILE_START.length));
  let isNew = false;
  let isDeleted = false;
  let binary = false;
  let renameFrom: string | undefined;
  let renameTo: string | undefined;
  let copyFrom: string | undefined;
  let copyTo: string | undefined;
  let minusPath: SeenPath;
  let plusPath: SeenPath;
  let hunkStart = -1;

  for (let j = 1; j < section.length; j++) {
    const line = section[j];
    if (line.startsWith('@@ ')) {
      hunkStart = j;
      break;
    }
    if (line.startsWith('GIT binary patch')) {
      // With --binary the rest is base85 data, not hunks.
      binary = true;
      break;
    }
    if (line.startsWith('new file mode ')) isNew = true;
    else if (line.startsWith('deleted file mode ')) isDeleted = true;
    else if (line.startsWith('rename from ')) renameFrom = unquoteGitPath(line.slice(12));
    else if (line.startsWith('rename to ')) renameTo = unquoteGitPath(line.slice(10));
    else if (line.startsWith('copy from ')) copyFrom = unquoteGitPath(line.slice(10));
    else if (line.startsWith('copy to ')) copyTo = unquoteGitPath(line.slice(8));
    else if (line.startsWith('--- ')) minusPath = parseFileHeaderPath(line.slice(4), 'a/');
    else if (line.startsWith('+++ ')) plusPath = parseFileHeaderPath(line.slice(4), 'b/');
    else if (line.startsWith('Binary files ')) binary = true;
    // index, old/new mode, (dis)similarity index: nothing we need.
  }
  // "--- /dev/null" says the same as "new file mode"; trust either.
  if (minusPath === null) isNew = true;
  if (plusPath === null) isDeleted = true;

  const oldPath = isNew ? null : firstSeen(renameFrom, copyFrom, minusPath, fromGitLine?.[0]);
  const newPath = isDeleted ? null : firstSeen(renameTo, copyTo, plusPath, fromGitLine?.[1]);
  if ((!isNew && oldPath === undefined) || (!isDeleted && newPath === undefined)) {
    throw new PatchParseError('cannot tell the file paths of a "diff --git" section', firstLineNo);
  }

  let status: FileStatus = 'modified';
  if (isNew) status = 'added';
  else if (isDeleted) status = 'removed';
  else if (renameFrom !== undefined || renameTo !== undefined) status = 'renamed';
  else if (copyTo !== undefined) status = 'added';

  let hunks: Hunk[] = [];
  if (hunkStart !== -1) {
    hunks = parseHunkLines(section.slice(hunkStart), firstLineNo + hunkStart);
  }
  return { oldPath: oldPath ?? null, newPath: newPath ?? null, status, binary, hunks };
}

function firstSeen(...candidates: readonly SeenPath[]): string | null | undefined {
  for (const c of candidates) if (c !== undefined) return c;
  return undefined;
}

/**
 * The path of a "--- " or "+++ " line. git appends a tab to a name with a
 * space, other tools a tab and a timestamp; an unquoted name cannot contain a
 * tab (git would quote it), so everything from the first tab is dropped.
 */
function parseFileHeaderPath(field: string, prefix: string): string | null {
  let path: string;
  if (field.startsWith('"')) {
    const q = readQuotedGitPath(field, 0);
    path = q === null ? field : q.value;
  } else {
    const tab = field.indexOf('\t');
    path = tab === -1 ? field : field.slice(0, tab);
  }
  if (path === DEV_NULL) return null;
  return stripPrefix(path, prefix);
}

/**
 * Old and new path from "diff --git a/x b/y". Either may be quoted. Two
 * unquoted names are ambiguous when they contain " b/"; the line is then
 * split where both halves name the same file (no rename), else at the first
 * " b/". Renames and content changes carry better sources, used first.
 */
function parseGitLinePaths(rest: string): readonly [string, string] | null {
  let oldRaw: string;
  let newRaw: string;
  if (rest.startsWith('"')) {
    const q = readQuotedGitPath(rest, 0);
    if (q === null || rest[q.end] !== ' ') return null;
    oldRaw = q.value;
    newRaw = unquoteGitPath(rest.slice(q.end + 1));
  } else if (rest.endsWith('"') && rest.includes(' "')) {
    // An unquoted name has no '"', so the first ' "' starts the second name.
    const split = rest.indexOf(' "');
    oldRaw = rest.slice(0, split);
    newRaw = unquoteGitPath(rest.slice(split + 1));
  } else {
    const half = (rest.length - 1) / 2;
    const a = rest.slice(0, half);
    const b = rest.slice(half + 1);
    const sameFile = (a.startsWith('a/') && b.startsWith('b/') && a.slice(2) === b.slice(2)) || a === b;
    if (Number.isInteger(half) && rest[half] === ' ' && sameFile) {
      oldRaw = a;
      newRaw = b;
    } else {
      const split = rest.indexOf(' b/');
      if (split === -1) return null;
      oldRaw = rest.slice(0, split);
      newRaw = rest.slice(split + 1);
    }
  }
  return [stripPrefix(oldRaw, 'a/'), stripPrefix(newRaw, 'b/')];
}

function stripPrefix(path: string, prefix: string): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
