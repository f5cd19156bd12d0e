import { DEFAULT_CONFIG, DEFAULT_TEST_PATHS } from '../../src/config/config-schema.js';
import { isTestPath } from '../../src/config/classify-path.js';
import { parseConfig } from '../../src/config/parse-config.js';

describe('test_paths: which files are test code', () => {
  test.each([
    'tests/test_login.py',
    'tests/unit/helpers.py',
    'src/pkg/tests/util.py',
    'test/integration/base.py',
    'pkg/testing/fake_server.py',
    'test_views.py',
    'app/test_models.py',
    'app/models_test.py',
    'conftest.py',
    'tests/conftest.py',
    'app/fixtures/users.py',
  ])('%s is test code by default', (path) => {
    expect(isTestPath(path, DEFAULT_CONFIG)).toBe(true);
    expect(isTestPath(path, {})).toBe(true);
  });

  test.each(['app/settings.py', 'app/latest.py', 'src/contest.py', 'app/testimonials/views.py', 'tests.py.txt/x.py', 'attest_view.py'])(
    '%s is not',
    (path) => {
      expect(isTestPath(path, DEFAULT_CONFIG)).toBe(false);
    },
  );

  test('a configured list replaces the defaults', () => {
    const { config, warnings } = parseConfig({ test_paths: ['qa/**', '*_spec.py'] });
    expect(warnings).toEqual([]);
    expect(config.test_paths).toEqual(['qa/**', '*_spec.py']);
    expect(isTestPath('qa/smoke/run.py', config)).toBe(true);
    expect(isTestPath('app/login_spec.py', config)).toBe(true);
    expect(isTestPath('tests/test_login.py', config)).toBe(false);
  });

  test('an invalid glob falls back to the defaults with a warning', () => {
    const { config, warnings } = parseConfig({ test_paths: ['tests/{a,b'] });
    expect(config.test_paths).toEqual(DEFAULT_TEST_PATHS);
    expect(warnings.join('\n')).toMatch(/Invalid `test_paths`/);
  });

  test('an empty list means no test code at all', () => {
    const { config } = parseConfig({ test_paths: [] });
    expect(isTestPath('tests/test_login.py', config)).toBe(false);
  });
});
