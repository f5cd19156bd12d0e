import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileRules } from '../../src/engine/compile-rules.js';
import { loadPython } from '../../src/engine/grammar.js';
import { parseRuleFile } from '../../src/engine/parse-rule-file.js';
import { builtinRulesDir, loadBuiltinRules, loadRuleFiles } from '../../src/engine/load-builtin-rules.js';
import { loadBuiltinModels } from '../../src/engine/models/load-builtin-models.js';
import { listRuleFiles, readRuleSnapshot, ruleSnapshotOf } from '../../src/engine/rule-snapshot.js';

let work: string;
let rules: string;
let snapshotPath: string;

/** A copy of rules/ and its snapshot, in a temporary folder the test may change. */
function writeSnapshot(): void {
  writeFileSync(snapshotPath, JSON.stringify(ruleSnapshotOf(rules, loadRuleFiles(rules), loadBuiltinModels(join(rules, 'models')))));
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'hunkwise-snapshot-'));
  rules = join(work, 'rules');
  cpSync(builtinRulesDir(), rules, { recursive: true });
  snapshotPath = join(work, 'builtin-rules.json');
  writeSnapshot();
});

afterEach(() => rmSync(work, { recursive: true, force: true }));

/** The first rule file under rules/ (a YAML file with a `title:` line). */
function someRuleFile(): string {
  return listRuleFiles(rules)[0];
}

describe('the built-in rule snapshot', () => {
  test('holds exactly the rules validated from the YAML, in the same order, with their files', () => {
    const fromYaml = loadRuleFiles(rules);
    const fromSnapshot = readRuleSnapshot(rules, snapshotPath);
    expect(fromSnapshot).toBeDefined();
    expect(fromSnapshot).toEqual(fromYaml);
    expect(fromSnapshot?.map((f) => f.rule.id)).toEqual(fromYaml.map((f) => f.rule.id));
  });

  test('compiles to the same engine as the YAML, every query included', async () => {
    const language = await loadPython();
    const fromYaml = compileRules(
      loadRuleFiles(rules).map((f) => f.rule),
      language,
      new Set(),
      { eagerQueries: true },
    );
    const fromSnapshot = compileRules(
      (readRuleSnapshot(rules, snapshotPath) ?? []).map((f) => f.rule),
      language,
      new Set(),
      { eagerQueries: true },
    );
    const shape = (c: typeof fromYaml) => ({
      rules: c.rules,
      callKeys: [...c.callKeys].sort(),
      callKeyPrefixes: [...c.callKeyPrefixes].sort(),
      queryRules: c.queryMatchers.map((m) => m.rule.id),
      prefiltered: c.prefiltered.map((p) => [p.matcher.rule.id, p.prefilter.source, [...(p.roots ?? [])]]),
      analyzers: c.analyzers.map((a) => a.rule.id),
      imports: c.imports.map((i) => i.rule.id),
      knownCodes: [...c.knownCodes].sort(),
      autofixes: [...c.autofixes.keys()],
      supersedes: [...c.supersedes].map(([id, set]) => [id, [...set]]),
      inTests: [...c.inTests],
      receiverMethods: c.receiverMethods === 'all' ? 'all' : [...c.receiverMethods].sort(),
    });
    expect(shape(fromSnapshot)).toEqual(shape(fromYaml));
  });

  test('is what loadBuiltinRules reads while the rule files are unchanged', () => {
    // A snapshot says something the YAML does not, under the right hash: it is believed.
    const snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8')) as { rules: { rule: { title: string } }[] };
    snapshot.rules[0].rule.title = 'Only in the snapshot';
    writeFileSync(snapshotPath, JSON.stringify(snapshot));
    expect(loadBuiltinRules(rules, snapshotPath)[0].title).toBe('Only in the snapshot');
  });

  test('an edited rule file makes it stale: the rules come from the YAML', () => {
    const file = someRuleFile();
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Edited after the build'));
    expect(readRuleSnapshot(rules, snapshotPath)).toBeUndefined();
    const edited = loadBuiltinRules(rules, snapshotPath).find((r) => r.title === 'Edited after the build');
    expect(edited).toBeDefined();
  });

  test('a rule file added in a new folder makes it stale, and the rule is loaded', () => {
    const file = someRuleFile();
    mkdirSync(join(rules, 'added-folder'));
    const copy = readFileSync(file, 'utf8').replace(/^id: .*$/m, 'id: added-after-the-build');
    writeFileSync(join(rules, 'added-folder', 'added-after-the-build.yml'), copy);
    expect(listRuleFiles(rules)).toContain(join(rules, 'added-folder', 'added-after-the-build.yml'));
    expect(readRuleSnapshot(rules, snapshotPath)).toBeUndefined();
    expect(loadBuiltinRules(rules, snapshotPath).map((r) => r.id)).toContain('added-after-the-build');
  });

  test('a removed rule file makes it stale', () => {
    const file = someRuleFile();
    unlinkSync(file);
    expect(readRuleSnapshot(rules, snapshotPath)).toBeUndefined();
    expect(loadBuiltinRules(rules, snapshotPath)).toHaveLength(loadRuleFiles(rules).length);
  });

  test('a broken rule file after the build is reported, not hidden by the snapshot', () => {
    const file = someRuleFile();
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^severity: .*$/m, 'severity: catastrophic'));
    expect(() => loadBuiltinRules(rules, snapshotPath)).toThrow(/invalid rule files:[\s\S]*severity/);
  });

  test('a missing or unreadable snapshot is not used', () => {
    expect(readRuleSnapshot(rules, join(work, 'missing.json'))).toBeUndefined();
    writeFileSync(snapshotPath, '{"format": 1, "hash": "');
    expect(readRuleSnapshot(rules, snapshotPath)).toBeUndefined();
    expect(loadBuiltinRules(rules, snapshotPath)).toEqual(loadRuleFiles(rules).map((f) => f.rule));
  });

  test('a snapshot of another format is not used', () => {
    const snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8')) as { format: number };
    writeFileSync(snapshotPath, JSON.stringify({ ...snapshot, format: snapshot.format + 1 }));
    expect(readRuleSnapshot(rules, snapshotPath)).toBeUndefined();
  });
});

describe('analyzer options', () => {
  test('are validated with the rule, naming the field', () => {
    const text = readFileSync(join(builtinRulesDir(), 'bandit', 'weak-hash.yml'), 'utf8');
    expect(parseRuleFile(text, 'weak-hash.yml', 'builtin').error).toBeUndefined();
    const bad = text.replace(/^  options:\n/m, '  options:\n    unknownOption: 1\n');
    expect(parseRuleFile(bad, 'weak-hash.yml', 'builtin').error).toMatch(/^weak-hash\.yml: field "match\.options(\.unknownOption)?":/);
  });

  test('an edited model makes it stale too (models ride in the snapshot)', () => {
    const model = join(rules, 'models', 'flask.yml');
    writeFileSync(model, readFileSync(model, 'utf8') + '\n# edited after the build\n');
    expect(readRuleSnapshot(rules, snapshotPath)).toBeUndefined();
  });
});
