import { DEFAULT_CONFIG, type HunkwiseConfig } from '../../src/config/config-schema.js';
import { createRulePolicy } from '../../src/config/rule-policy.js';
import type { Rule } from '../../src/engine/rule-schema.js';
import { makeFinding } from '../review/make-finding.js';

const rule = (id: string, bandit: string[] = [], ruff: string[] = []): Rule =>
  ({ id, bandit, ruff }) as unknown as Rule;
const rules = [rule('subprocess-shell-true', ['B602'], ['S602']), rule('assert-used', ['B101'], ['S101'])];
const assertFinding = makeFinding({ ruleId: 'assert-used', bandit: ['B101'], ruff: ['S101'], severity: 'low' });

function policy(overrides: Partial<HunkwiseConfig>) {
  return createRulePolicy({ ...DEFAULT_CONFIG, ...overrides }, rules);
}

describe('createRulePolicy', () => {
  it('disables by rule id, Bandit code or Ruff code', () => {
    for (const selector of ['subprocess-shell-true', 'B602', 's602']) {
      const p = policy({ rules: { enable: [], disable: [selector], severity: {} } });
      expect(p.apply(makeFinding())).toBeNull();
    }
  });

  it('lets enable take back a disabled rule', () => {
    const p = policy({ rules: { enable: ['B602'], disable: ['subprocess-shell-true'], severity: {} } });
    expect(p.apply(makeFinding())).not.toBeNull();
  });

  it('re-grades, per path first', () => {
    const p = policy({
      rules: { enable: [], disable: [], severity: { B602: 'medium' } },
      overrides: [{ paths: ['scripts/**'], disable: [], severity: { B602: 'low' } }],
    });
    expect(p.apply(makeFinding())?.severity).toBe('medium');
    expect(p.apply(makeFinding({ path: 'scripts/x.py' }))?.severity).toBe('low');
  });

  it('disables a rule under a path only', () => {
    const p = policy({ overrides: [{ paths: ['tests/**'], disable: ['B101'], severity: {} }] });
    expect(p.apply({ ...assertFinding, path: 'tests/test_a.py' })).toBeNull();
    expect(p.apply({ ...assertFinding, path: 'app/a.py' })).not.toBeNull();
  });

  it('warns about selectors that match no rule', () => {
    const p = policy({ rules: { enable: [], disable: ['B999', 'B101'], severity: {} } });
    expect(p.warnings).toEqual(['`B999` in rules.disable matches no rule.']);
  });
});
