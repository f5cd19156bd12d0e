import type { Finding } from '../../src/engine/types.js';

/** A finding with plausible defaults; tests override what they look at. */
export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'subprocess-shell-true',
    path: 'app/run.py',
    line: 10,
    endLine: 10,
    column: 5,
    endColumn: 40,
    severity: 'high',
    confidence: 'high',
    cwe: ['CWE-78'],
    bandit: ['B602'],
    ruff: ['S602'],
    message: 'subprocess.call runs a shell with a command built at run time.',
    title: 'Shell command built at run time',
    category: 'defect',
    snippet: 'subprocess.call(cmd, shell=True)',
    ...overrides,
  };
}
