/**
 * The one review pipeline (reviewChange) with the real engine in-thread: what a
 * move-aware review keeps inline and what it sets aside as pre-existing.
 */
import { resolveConfiguration } from '../../src/config/resolve-configuration.js';
import { addedPatchOf } from './review-change-helpers.js';
import { createEngine, loadBuiltinRules, parseRuleFile } from '../../src/engine/index.js';
import type { Engine } from '../../src/engine/engine-api.js';
import { createInThreadRunner } from '../../src/engine-pool/in-thread-runner.js';
import { movedCodeKey, splitPreExisting } from '../../src/review/pre-existing.js';
import { reviewChange, type ChangedFileInput, type ChangeSource } from '../../src/review/review-change.js';
import { makeFinding } from './make-finding.js';

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine({ rules: loadBuiltinRules().filter((r) => r.id === 'subprocess-shell-true') });
});

interface Repo {
  readonly base: Readonly<Record<string, string>>;
  readonly head: Readonly<Record<string, string>>;
}

function source(files: readonly ChangedFileInput[], repo: Repo, calls: { base: string[][] }): ChangeSource {
  const read = (tree: Readonly<Record<string, string>>, path: string) =>
    tree[path] === undefined ? ({ kind: 'error', message: 'missing' } as const) : ({ kind: 'content', content: tree[path] } as const);
  return {
    files,
    batchSize: 50,
    noDiffNote: (path) => `no diff for ${path}`,
    readHead: (batch) => Promise.resolve(batch.map((f) => read(repo.head, f.path))),
    readBase: (paths) => {
      calls.base.push([...paths]);
      return Promise.resolve(paths.map((p) => read(repo.base, p)));
    },
    postedThreads: () => Promise.resolve([]),
  };
}

async function review(files: readonly ChangedFileInput[], repo: Repo) {
  const calls = { base: [] as string[][] };
  const configuration = resolveConfiguration({ raw: null, ruleFiles: [], builtin: engine, parseRuleFile });
  const reviewed = await reviewChange({
    source: source(files, repo, calls),
    configuration,
    runner: createInThreadRunner(engine),
    deadline: Date.now() + 60_000,
  });
  return { reviewed, calls };
}

const OLD = ['import subprocess', '', '', 'def build(name):', "    subprocess.call('make ' + name, shell=True)", ''].join('\n');

describe('reviewChange: move-aware filtering', () => {
  it('a file moved from a/x.py to b/x.py keeps its old finding out of the review: listed as pre-existing, check not failed', async () => {
    const { reviewed, calls } = await review(
      [
        { path: 'a/x.py', status: 'removed', hunks: [] },
        { path: 'b/x.py', status: 'added', patch: addedPatchOf(OLD) },
      ],
      { base: { 'a/x.py': OLD }, head: { 'b/x.py': OLD } },
    );
    expect(calls.base).toEqual([['a/x.py']]);
    expect(reviewed.onAddedLines).toEqual([]);
    expect(reviewed.preExisting.map((f) => `${f.path}:${f.line}:${f.ruleId}`)).toEqual(['b/x.py:5:subprocess-shell-true']);
    expect(reviewed.plan.toPost).toEqual([]);
    expect(reviewed.conclusion).toBe('success');
  });

  it('a renamed file is read at its old path (previous_filename) in the base', async () => {
    const requoted = OLD.replace("'make '", '"make "');
    const patch = `@@ -5 +5 @@\n-    subprocess.call('make ' + name, shell=True)\n+    subprocess.call("make " + name, shell=True)`;
    const { reviewed, calls } = await review([{ path: 'b/x.py', previousPath: 'a/x.py', status: 'renamed', patch }], {
      base: { 'a/x.py': OLD },
      head: { 'b/x.py': requoted },
    });
    expect(calls.base).toEqual([['a/x.py']]);
    expect(reviewed.onAddedLines).toEqual([]);
    expect(reviewed.preExisting.map((f) => `${f.path}:${f.line}`)).toEqual(['b/x.py:5']);
    expect(reviewed.conclusion).toBe('success');
  });

  it('a blacken-style reformat (re-indented, split over lines, quotes, magic comma) is pre-existing; a new finding beside it is inline', async () => {
    const head = [
      'import subprocess',
      '',
      '',
      'class Builder:',
      '    def build(self, name):',
      '        subprocess.call(',
      '            "make " + name,',
      '            shell=True,',
      '        )',
      '        subprocess.call(f"rm -rf {name}", shell=True)',
      '',
    ].join('\n');
    const patch = [
      '@@ -1,5 +1,10 @@',
      ' import subprocess',
      ' ',
      ' ',
      '-def build(name):',
      "-    subprocess.call('make ' + name, shell=True)",
      '+class Builder:',
      '+    def build(self, name):',
      '+        subprocess.call(',
      '+            "make " + name,',
      '+            shell=True,',
      '+        )',
      '+        subprocess.call(f"rm -rf {name}", shell=True)',
    ].join('\n');
    const { reviewed } = await review([{ path: 'app/build.py', status: 'modified', patch }], {
      base: { 'app/build.py': OLD },
      head: { 'app/build.py': head },
    });
    expect(reviewed.preExisting.map((f) => f.line)).toEqual([6]);
    expect(reviewed.onAddedLines.map((c) => c.finding.line)).toEqual([10]);
    expect(reviewed.plan.toPost.map((c) => c.anchor?.line)).toEqual([10]);
    expect(reviewed.conclusion).toBe('failure');
  });

  it('a copied line is new: the unchanged original takes the base occurrence', async () => {
    const head = `${OLD}\n\ndef again(name):\n    subprocess.call('make ' + name, shell=True)\n`;
    const patch = `@@ -5,0 +6,4 @@\n+\n+\n+def again(name):\n+    subprocess.call('make ' + name, shell=True)`;
    const { reviewed } = await review([{ path: 'app/build.py', status: 'modified', patch }], {
      base: { 'app/build.py': OLD },
      head: { 'app/build.py': head },
    });
    expect(reviewed.preExisting).toEqual([]);
    expect(reviewed.onAddedLines.map((c) => c.finding.line)).toEqual([9]);
    expect(reviewed.outsideDiff.map((f) => f.line)).toEqual([5]);
  });

  it('does not read the base when nothing lands on an added line', async () => {
    const { reviewed, calls } = await review([{ path: 'app/x.py', status: 'modified', patch: '@@ -1 +1 @@\n-x = 0\n+x = 1' }], {
      base: { 'app/x.py': 'x = 0\n' },
      head: { 'app/x.py': 'x = 1\n' },
    });
    expect(calls.base).toEqual([]);
    expect(reviewed.conclusion).toBe('success');
  });

  it('a base that cannot be read vouches for nothing: the finding stays new, with a note', async () => {
    const { reviewed } = await review(
      [
        { path: 'a/x.py', status: 'removed', hunks: [] },
        { path: 'b/x.py', status: 'added', patch: addedPatchOf(OLD) },
      ],
      { base: {}, head: { 'b/x.py': OLD } },
    );
    expect(reviewed.onAddedLines).toHaveLength(1);
    expect(reviewed.notes.join(' ')).toContain('base version of touched files could not be fully analysed');
  });
});

describe('movedCodeKey', () => {
  const key = (snippet: string, ruleId = 'r') => movedCodeKey({ ruleId, snippet });
  it('ignores whitespace between tokens, line breaks, continuations, quote style and a magic trailing comma', () => {
    expect(key("subprocess.call('make ' + name, shell=True)")).toBe(key('subprocess.call(\n"make " + name,\nshell=True,\n)'));
    expect(key('x = a + \\\nb')).toBe(key('x = a + b'));
  });
  it('keeps what changes the code: the rule, names, a space between words, a rewrite to an f-string', () => {
    expect(key('os.system(cmd)', 'a')).not.toBe(key('os.system(cmd)', 'b'));
    expect(key('os.system(cmd)')).not.toBe(key('os.system(command)'));
    expect(key('not x')).not.toBe(key('notx'));
    expect(key('q = "select %s" % name')).not.toBe(key('q = f"select {name}"'));
  });
});

describe('splitPreExisting', () => {
  it('counts occurrences: two moved, one base occurrence → one pre-existing, one introduced', () => {
    const f = (line: number) => makeFinding({ line, endLine: line });
    const split = splitPreExisting({ onAddedLines: [f(1), f(2)], findingOf: (x) => x, untouched: [], base: [f(9)] });
    expect(split.preExisting.map((x) => x.line)).toEqual([1]);
    expect(split.introduced.map((x) => x.line)).toEqual([2]);
  });
});
