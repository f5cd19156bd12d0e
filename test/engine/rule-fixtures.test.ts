import { readFileSync, existsSync } from 'node:fs';
import { checkFixture } from '../../src/engine/check-fixture.js';
import { createEngine, loadRuleFiles, type Engine, type Finding } from '../../src/engine/index.js';

const ruleFiles = loadRuleFiles();
let engine: Engine;

/**
 * Rules whose advice is not a code change on the flagged line, so a fixture cannot hold the
 * fix applied: each with the reason.
 */
const NO_FIX_CASE: ReadonlyMap<string, string> = new Map([
  ['cgi-handler-import', 'the advice is to serve the app with a WSGI server, not a code change'],
]);

beforeAll(async () => {
  engine = await createEngine({ rules: ruleFiles.map((f) => f.rule) });
});

describe('every rule passes its annotated fixture', () => {
  test.each(ruleFiles.map((f) => [f.rule.id, f] as const))('%s', (id, file) => {
    expect(existsSync(file.fixture)).toBe(true);
    const text = readFileSync(file.fixture, 'utf8');
    const result = engine.scanFile(file.fixture, text, { keepSuperseded: true });
    expect(checkFixture(id, text, result)).toEqual([]);
  });
});

describe('fix closure: the advised fix is in every fixture, checked against the whole catalogue', () => {
  test.each(ruleFiles.filter((f) => !NO_FIX_CASE.has(f.rule.id)).map((f) => [f.rule.id, f] as const))('%s holds a fix case', (id, file) => {
    const text = readFileSync(file.fixture, 'utf8');
    expect(text).toMatch(new RegExp(`#\\s*(?:todo)?fix\\s*:[^\\n]*\\b${id}\\b`));
  });

  const fixture = ['import subprocess', '', 'def f(host):', '    # fix: some-rule', '    subprocess.call(["ping", host])', ''].join('\n');
  const finding = (ruleId: string, severity: Finding['severity']): Finding =>
    ({ ruleId, line: 5, severity }) as unknown as Finding;

  test("another rule's inline (above low) finding on a fix case fails it", () => {
    const result = { path: 'f.py', findings: [finding('other-rule', 'medium')], errors: [], analysed: true };
    expect(checkFixture('some-rule', fixture, result)).toEqual([
      'no `# ruleid:` case',
      'line 5: the advised fix still draws an inline finding: other-rule (medium)',
    ]);
  });

  test('a low finding of another rule (summary only) does not', () => {
    const result = { path: 'f.py', findings: [finding('other-rule', 'low')], errors: [], analysed: true };
    expect(checkFixture('some-rule', fixture, result)).toEqual(['no `# ruleid:` case']);
  });

  test('a todofix that became clean asks to be made a fix', () => {
    const todo = fixture.replace('# fix: some-rule', '# todofix: some-rule -- process-command-from-data still fires');
    const result = { path: 'f.py', findings: [], errors: [], analysed: true };
    expect(checkFixture('some-rule', todo, result)).toContain('line 5: todofix is now clean: make it fix');
  });
});
