/** `hunkwise docs`: writes or checks docs/rules, generated from the rule metadata. */
import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Rule } from '../engine/rule-schema.js';
import { GENERATED_MARKER, renderRuleDoc, renderRuleIndex } from '../render/rule-docs.js';
import type { CliIo } from './cli-io.js';
import { EXIT_FINDINGS, EXIT_OK } from './emit-report.js';

/** File name → content for every generated page. */
export function expectedRuleDocs(rules: readonly Rule[]): ReadonlyMap<string, string> {
  const files = new Map<string, string>();
  for (const rule of rules) files.set(`${rule.id}.md`, renderRuleDoc(rule));
  files.set('README.md', renderRuleIndex(rules));
  return files;
}

interface DocsDrift {
  readonly changed: readonly string[];
  readonly missing: readonly string[];
  /** Generated pages whose rule no longer exists. Hand-written files are left alone. */
  readonly stale: readonly string[];
}

async function findDrift(dir: string, expected: ReadonlyMap<string, string>): Promise<DocsDrift> {
  const changed: string[] = [];
  const missing: string[] = [];
  const stale: string[] = [];
  for (const [name, content] of expected) {
    const onDisk = await readFile(path.join(dir, name), 'utf8').catch(() => undefined);
    if (onDisk === undefined) missing.push(name);
    else if (onDisk !== content) changed.push(name);
  }
  const present = await readdir(dir).catch(() => [] as string[]);
  for (const name of present.sort()) {
    if (!name.endsWith('.md') || expected.has(name)) continue;
    const onDisk = await readFile(path.join(dir, name), 'utf8').catch(() => '');
    if (onDisk.startsWith(GENERATED_MARKER)) stale.push(name);
  }
  return { changed, missing, stale };
}

export async function runDocs(
  mode: 'write' | 'check',
  dir: string,
  io: CliIo,
  rules: readonly Rule[],
): Promise<number> {
  const expected = expectedRuleDocs(rules);
  const drift = await findDrift(dir, expected);
  const shownDir = path.relative(io.cwd, dir) || '.';
  const outOfDate = drift.changed.length + drift.missing.length + drift.stale.length;
  if (mode === 'check') {
    if (outOfDate === 0) {
      io.stdout.write(`${shownDir} is up to date (${expected.size} files).\n`);
      return EXIT_OK;
    }
    const lines = [
      ...drift.changed.map((n) => `  ${n}: differs`),
      ...drift.missing.map((n) => `  ${n}: missing`),
      ...drift.stale.map((n) => `  ${n}: no such rule any more`),
    ];
    io.stderr.write(`${shownDir} is out of date:\n${lines.join('\n')}\nRun \`npm run docs\` to regenerate it.\n`);
    return EXIT_FINDINGS;
  }
  await mkdir(dir, { recursive: true });
  for (const name of [...drift.changed, ...drift.missing]) {
    await writeFile(path.join(dir, name), expected.get(name) as string, 'utf8');
  }
  for (const name of drift.stale) await unlink(path.join(dir, name));
  io.stdout.write(
    `${shownDir}: ${drift.changed.length + drift.missing.length} written, ${drift.stale.length} removed, ` +
      `${expected.size - drift.changed.length - drift.missing.length} unchanged.\n`,
  );
  return EXIT_OK;
}
