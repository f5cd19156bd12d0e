import { readFileSync, existsSync } from 'node:fs';
import { checkFixture } from '../../src/engine/check-fixture.js';
import { createEngine, loadRuleFiles, type Engine } from '../../src/engine/index.js';

const ruleFiles = loadRuleFiles();
let engine: Engine;

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
