import { compileRepositoryRules } from '../../src/config/repository-rules.js';
import { parseRuleFile } from '../../src/engine/index.js';

const declarative = `
id: no-eval-input
title: eval of user input
severity: high
confidence: high
category: defect
cwe: [95]
message: eval() of a value.
why: eval runs code.
fix: Use ast.literal_eval.
match:
  kind: call
  callees: [eval]
`;
const analyzer = declarative.replace('id: no-eval-input', 'id: my-analyzer').replace(
  /match:[\s\S]*$/,
  'match:\n  kind: analyzer\n  analyzer: bind-later\n',
);

describe('compileRepositoryRules', () => {
  it('accepts declarative rules', () => {
    const result = compileRepositoryRules([{ name: 'eval.yml', text: declarative }], parseRuleFile, new Set());
    expect(result.errors).toEqual([]);
    expect(result.rules.map((r) => r.id)).toEqual(['no-eval-input']);
  });

  it('refuses analyzer rules, built-in ids, duplicates and broken files', () => {
    const result = compileRepositoryRules(
      [
        { name: 'a.yml', text: analyzer },
        { name: 'b.yml', text: declarative },
        { name: 'c.yml', text: declarative },
        { name: 'd.yml', text: 'id: [' },
        { name: 'notes.txt', text: 'ignored' },
      ],
      parseRuleFile,
      new Set(['something-else']),
    );
    expect(result.rules.map((r) => r.id)).toEqual(['no-eval-input']);
    expect(result.errors).toHaveLength(3);
    expect(result.errors[0]).toMatch(/analyzer/);
    expect(result.errors[1]).toMatch(/defined twice/);
    expect(result.errors[2]).toMatch(/d\.yml/);
    const shadow = compileRepositoryRules([{ name: 'b.yml', text: declarative }], parseRuleFile, new Set(['no-eval-input']));
    expect(shadow.errors[0]).toMatch(/built-in/);
  });
});
