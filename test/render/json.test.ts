import type { Finding } from '../../src/engine/types.js';
import type { Rule } from '../../src/engine/rule-schema.js';
import { renderFindingsJson, renderRulesJson } from '../../src/render/json.js';

const finding: Finding = {
  ruleId: 'yaml-load',
  path: 'a/b.py',
  line: 2,
  endLine: 3,
  column: 1,
  endColumn: 9,
  severity: 'medium',
  confidence: 'high',
  cwe: ['CWE-502'],
  bandit: ['B506'],
  ruff: [],
  message: 'yaml.load can build arbitrary objects',
  title: 'Unsafe YAML load',
  category: 'defect',
  snippet: 'yaml.load(x)',
  fix: { line: 2, endLine: 2, replacement: 'yaml.safe_load(x)' },
};

describe('renderFindingsJson', () => {
  it('writes exactly the documented fields, in order, and nothing internal (title, snippet, fix)', () => {
    const text = renderFindingsJson([finding], [
      { path: 'x.py', kind: 'parse', message: 'syntax error', line: 4, ruleId: 'r' },
      { path: 'y.py', kind: 'binary', message: 'binary file' },
    ]);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['findings', 'errors']);
    expect(parsed).toEqual({
      findings: [
        {
          ruleId: 'yaml-load',
          path: 'a/b.py',
          line: 2,
          endLine: 3,
          column: 1,
          endColumn: 9,
          severity: 'medium',
          confidence: 'high',
          cwe: ['CWE-502'],
          bandit: ['B506'],
          ruff: [],
          message: 'yaml.load can build arbitrary objects',
        },
      ],
      errors: [
        { path: 'x.py', kind: 'parse', message: 'syntax error', line: 4 },
        { path: 'y.py', kind: 'binary', message: 'binary file' },
      ],
    });
    const first = (parsed.findings as Record<string, unknown>[])[0];
    expect(Object.keys(first)).toEqual([
      'ruleId', 'path', 'line', 'endLine', 'column', 'endColumn', 'severity', 'confidence', 'cwe', 'bandit', 'ruff', 'message',
    ]);
  });

  it('writes empty arrays when there is nothing to report', () => {
    expect(JSON.parse(renderFindingsJson([], []))).toEqual({ findings: [], errors: [] });
  });
});

describe('renderRulesJson', () => {
  it('lists id, title, severity, confidence and CWE/Bandit/Ruff codes, CWE as "CWE-n" strings', () => {
    const rule: Rule = {
      id: 'yaml-load',
      title: 'Unsafe YAML load',
      severity: 'medium',
      confidence: 'high',
      category: 'defect',
      cwe: [502, 20],
      bandit: ['B506'],
      ruff: ['S506'],
      message: 'm',
      why: 'w',
      fix: 'f',
      references: [],
      match: { kind: 'call', callees: ['yaml.load'], where: [] },
    };
    const parsed = JSON.parse(renderRulesJson([rule])) as { rules: Record<string, unknown>[] };
    expect(parsed).toEqual({
      rules: [
        { id: 'yaml-load', title: 'Unsafe YAML load', severity: 'medium', confidence: 'high', cwe: ['CWE-502', 'CWE-20'], bandit: ['B506'], ruff: ['S506'] },
      ],
    });
    expect(Object.keys(parsed.rules[0])).toEqual(['id', 'title', 'severity', 'confidence', 'cwe', 'bandit', 'ruff']);
  });
});
