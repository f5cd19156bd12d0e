import { DEFAULT_CONFIG, DEFAULT_TEST_PATHS } from '../../src/config/config-schema.js';
import { parseConfig } from '../../src/config/parse-config.js';

describe('parseConfig', () => {
  it('gives the defaults silently when there is no file', () => {
    expect(parseConfig(null)).toEqual({ config: DEFAULT_CONFIG, warnings: [] });
  });

  it('reads every setting', () => {
    const { config, warnings } = parseConfig({
      fail_on: 'medium',
      review_drafts: false,
      max_comments: 5,
      max_file_bytes: 2000,
      include: ['bin/*'],
      exclude: ['vendor/**'],
      rules: { disable: ['B101'], enable: ['B102'], severity: { B602: 'low' } },
      overrides: [{ paths: ['tests/**'], disable: ['assert-used'] }],
      _extends: 'org/.github',
    });
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      fail_on: 'medium',
      review_drafts: false,
      max_comments: 5,
      max_file_bytes: 2000,
      include: ['bin/*'],
      exclude: ['vendor/**'],
      rules: { disable: ['B101'], enable: ['B102'], severity: { B602: 'low' } },
      overrides: [{ paths: ['tests/**'], disable: ['assert-used'], severity: {} }],
      test_paths: DEFAULT_TEST_PATHS,
      report_unused_suppressions: 'hunkwise',
    });
  });

  it('keeps valid keys and defaults invalid ones, with a warning each', () => {
    const { config, warnings } = parseConfig({ fail_on: 'critical', max_comments: 3, bogus: 1 });
    expect(config.fail_on).toBe('high');
    expect(config.max_comments).toBe(3);
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/fail_on/);
    expect(warnings.join('\n')).toMatch(/bogus/);
  });

  it('warns on a file that is not a mapping', () => {
    const { config, warnings } = parseConfig(['a', 'b']);
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(warnings).toHaveLength(1);
  });
});
