import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli.js';
import { renderRuleDoc, renderRuleIndex, GENERATED_MARKER } from '../../src/render/rule-docs.js';
import type { Rule } from '../../src/engine/rule-schema.js';
import { captureIo, parseJson, removeDir, tempDir, testDeps, TEST_RULES } from './cli-test-helpers.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('docs');
});
afterEach(() => removeDir(dir));

async function run(argv: string[]) {
  const captured = captureIo(dir);
  const code = await main(argv, captured.io, testDeps);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe('hunkwise rules', () => {
  it('lists the catalogue as text', async () => {
    const { code, stdout } = await run(['rules']);
    expect(code).toBe(0);
    expect(stdout).toContain('test-high    high      high        CWE-78   Test rule test-high');
    expect(stdout).toContain('3 rules.');
  });

  it('writes {"rules": [...]} with exactly the documented fields', async () => {
    const { stdout } = await run(['rules', '--format', 'json']);
    const out = parseJson(stdout) as { rules: Record<string, unknown>[] };
    expect(Object.keys(out)).toEqual(['rules']);
    expect(out.rules.map((r) => r.id)).toEqual(['test-high', 'test-low', 'test-medium']);
    expect(out.rules[0]).toEqual({
      id: 'test-high',
      title: 'Test rule test-high',
      severity: 'high',
      confidence: 'high',
      cwe: ['CWE-78'],
      bandit: ['B605'],
      ruff: ['S605'],
    });
  });

  it('writes the rules as a SARIF driver with no results', async () => {
    const out = parseJson((await run(['rules', '--format', 'sarif'])).stdout) as {
      runs: { tool: { driver: { rules: unknown[] } }; results: unknown[] }[];
    };
    expect(out.runs[0].tool.driver.rules).toHaveLength(3);
    expect(out.runs[0].results).toEqual([]);
  });

  it('rejects arguments', async () => {
    expect((await run(['rules', 'extra'])).code).toBe(2);
  });
});

describe('hunkwise docs', () => {
  it('writes one page per rule and an index; --check then passes', async () => {
    const write = await run(['docs', '--write', '--dir', 'out']);
    expect(write.code).toBe(0);
    expect(write.stdout).toContain('out: 4 written, 0 removed, 0 unchanged.');
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['README.md', 'test-high.md', 'test-low.md', 'test-medium.md']);
    expect(readFileSync(path.join(dir, 'out', 'test-high.md'), 'utf8')).toBe(renderRuleDoc(TEST_RULES[0]));
    const check = await run(['docs', '--check', '--dir', 'out']);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('up to date (4 files)');
    expect((await run(['docs', '--dir', 'out'])).code).toBe(0);
  });

  it('--check exits 1 and names each file that differs, is missing or is stale', async () => {
    await run(['docs', '--write', '--dir', 'out']);
    writeFileSync(path.join(dir, 'out', 'test-low.md'), 'edited by hand\n');
    writeFileSync(path.join(dir, 'out', 'old-rule.md'), `${GENERATED_MARKER}\n# old\n`);
    writeFileSync(path.join(dir, 'out', 'NOTES.md'), 'hand-written, not ours\n');
    rmSync(path.join(dir, 'out', 'README.md'));
    const check = await run(['docs', '--check', '--dir', 'out']);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('test-low.md: differs');
    expect(check.stderr).toContain('README.md: missing');
    expect(check.stderr).toContain('old-rule.md: no such rule any more');
    expect(check.stderr).not.toContain('NOTES.md');

    const rewrite = await run(['docs', '--write', '--dir', 'out']);
    expect(rewrite.stdout).toContain('2 written, 1 removed, 2 unchanged');
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['NOTES.md', 'README.md', 'test-high.md', 'test-low.md', 'test-medium.md']);
    expect((await run(['docs', '--check', '--dir', 'out'])).code).toBe(0);
  });

  it('rejects --write with --check', async () => {
    expect((await run(['docs', '--write', '--check'])).code).toBe(2);
  });
});

describe('renderRuleDoc and renderRuleIndex', () => {
  const rule: Rule = {
    ...TEST_RULES[0],
    id: 'shell-injection',
    title: 'Shell | command',
    differences: 'Bandit flags constants too.',
    autofix: { find: 'a', replace: 'b' },
  };

  it('renders every piece of metadata', () => {
    const doc = renderRuleDoc(rule);
    expect(doc.startsWith(`${GENERATED_MARKER}\n\n# shell-injection: Shell | command\n`)).toBe(true);
    for (const part of [
      '| Severity | high |',
      '| Confidence | high |',
      '| Category | defect |',
      '| CWE | [CWE-78](https://cwe.mitre.org/data/definitions/78.html) |',
      '| Bandit | `B605` |',
      '| Ruff | `S605` |',
      '| Suggested fix | yes |',
      'Calls to `os.system`',
      '## Why it matters\n\nWhy test-high matters.',
      '## How to fix it\n\nHow to fix test-high.',
      '## Differences from Bandit and Ruff\n\nBandit flags constants too.',
      '`# hunkwise: ignore[shell-injection]`, `# nosec B605` or `# noqa: S605`',
      '- <https://example.com/ref>',
    ]) {
      expect(doc).toContain(part);
    }
    expect(doc.endsWith('\n')).toBe(true);
    expect(doc.endsWith('\n\n')).toBe(false);
  });

  it('indexes rules sorted by id with escaped table cells and links', () => {
    const index = renderRuleIndex([TEST_RULES[1], rule]);
    expect(index).toContain('2 rules.');
    const rows = index.split('\n').filter((l) => l.startsWith('| ['));
    expect(rows).toEqual([
      '| [shell-injection](shell-injection.md) | Shell \\| command | high | high | CWE-78 | B605 | S605 |',
      '| [test-medium](test-medium.md) | Test rule test-medium | medium | high | CWE-502 | – | – |',
    ]);
  });
});
