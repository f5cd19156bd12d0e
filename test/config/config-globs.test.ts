import { classifyPath } from '../../src/config/classify-path.js';
import { DEFAULT_CONFIG, MAX_GLOBS_PER_LIST } from '../../src/config/config-schema.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { createRulePolicy } from '../../src/config/rule-policy.js';

describe('config globs are validated when the config is parsed', () => {
  it('an unbalanced `{` in exclude: a warning, exclude falls back to its default, the rest is kept', () => {
    const { config, warnings } = parseConfig({ exclude: ['vendor/{a'], include: ['bin/*'], fail_on: 'medium' });
    expect(config.exclude).toEqual(DEFAULT_CONFIG.exclude);
    expect(config.include).toEqual(['bin/*']);
    expect(config.fail_on).toBe('medium');
    expect(warnings).toEqual([expect.stringMatching(/^Invalid `exclude` in \.github\/hunkwise\.yml \(0: glob `vendor\/\{a` is refused: a `\{` is never closed\); using the default\.$/)]);
    // And the review goes on: classifying a path no longer throws.
    expect(classifyPath('vendor/a.py', config)).toBe('review');
  });

  it('a bad glob in overrides[].paths or include falls back the same way', () => {
    const { config, warnings } = parseConfig({
      include: ['scripts/[x'],
      overrides: [{ paths: ['tests/**', 'a}'], disable: ['assert-used'] }],
    });
    expect(config.include).toEqual([]);
    expect(config.overrides).toEqual([]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/Invalid `include`.*never closed/);
    expect(warnings[1]).toMatch(/Invalid `overrides`.*closes no/);
  });

  it('too many globs in one list, or an overlong glob, is refused', () => {
    const many = parseConfig({ exclude: Array.from({ length: MAX_GLOBS_PER_LIST + 1 }, (_, i) => `d${i}/`) });
    expect(many.config.exclude).toEqual([]);
    expect(many.warnings[0]).toMatch(/Invalid `exclude`/);
    const long = parseConfig({ exclude: [`${'a'.repeat(300)}*`] });
    expect(long.config.exclude).toEqual([]);
    expect(long.warnings[0]).toMatch(/over the limit of 256/);
  });

  it('a glob full of wildcards is accepted and matched in linear time on long paths', () => {
    const { config, warnings } = parseConfig({
      exclude: ['*a*a*a*a*a*a*a*b'],
      overrides: [{ paths: ['**/*a*a*a*a*a*a*a*a*a*b/**'], disable: ['assert-used'] }],
    });
    expect(warnings).toEqual([]);
    const path = `${'a'.repeat(50)}.py`;
    expect(classifyPath(path, config)).toBe('review');
    expect(classifyPath(`${'a/'.repeat(2000)}${'a'.repeat(2000)}b.py`, config)).toBe('review');
    expect(classifyPath('x/aaaaaaab/c.py', config)).toBe('excluded');
    const policy = createRulePolicy(config, []);
    const finding = {
      ruleId: 'assert-used',
      path: `${'a/'.repeat(1000)}${'a'.repeat(1000)}.py`,
      line: 1,
      endLine: 1,
      column: 1,
      endColumn: 2,
      severity: 'low',
      confidence: 'high',
      cwe: [],
      bandit: [],
      ruff: [],
      message: 'm',
    } as unknown as Parameters<typeof policy.apply>[0];
    expect(policy.apply(finding)).toEqual(finding);
  });
});
