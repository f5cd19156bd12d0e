import {
  loadConfigLayers,
  MAX_CONFIG_EXTENDS,
  parseExtends,
  type ConfigLocation,
  type ReadConfigFile,
} from '../../src/config/load-config-layers.js';
import { ALIAS_BOMB } from './hostile-yaml.js';

const HOME = { owner: 'acme', repo: 'app' };
const key = (at: ConfigLocation) => `${at.owner}/${at.repo}:${at.path}`;

/** A reader over `files` (keyed `owner/repo:path`) that records what was asked. */
function fakeGitHub(files: Readonly<Record<string, string>>): { read: ReadConfigFile; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    read: (at) => {
      asked.push(key(at));
      return Promise.resolve(files[key(at)] ?? null);
    },
  };
}

describe('parseExtends', () => {
  it('reads repo, owner/repo and a path', () => {
    expect(parseExtends('.github', 'acme')).toEqual({ owner: 'acme', repo: '.github', path: '.github/hunkwise.yml' });
    expect(parseExtends('other/base', 'acme')).toEqual({ owner: 'other', repo: 'base', path: '.github/hunkwise.yml' });
    expect(parseExtends('base:config/strict.yaml', 'acme')).toEqual({ owner: 'acme', repo: 'base', path: 'config/strict.yaml' });
  });

  it('refuses anything else', () => {
    for (const bad of [42, ['base'], 'a/b/c', 'base:x.json', 'base:../x.yml', 'base:a//x.yml', '-bad/base', 'base:', 'ba se', `x${'y'.repeat(400)}`]) {
      expect(parseExtends(bad, 'acme')).toBeUndefined();
    }
  });
});

describe('loadConfigLayers', () => {
  it('is null without a file, after asking the organisation too', async () => {
    const gh = fakeGitHub({});
    await expect(loadConfigLayers(HOME, gh.read)).resolves.toEqual({ raw: null });
    expect(gh.asked).toEqual(['acme/app:.github/hunkwise.yml', 'acme/.github:.github/hunkwise.yml']);
  });

  it('follows _extends, merging bases first, and drops the key', async () => {
    const gh = fakeGitHub({
      'acme/.github:.github/hunkwise.yml': '_extends: acme/base:policy/hunkwise.yml\nfail_on: medium\nrules: { disable: [a] }\n',
      'acme/base:policy/hunkwise.yml': 'fail_on: low\nmax_comments: 5\nrules: { disable: [b] }\n',
    });
    const loaded = await loadConfigLayers(HOME, gh.read);
    expect(loaded).toEqual({ raw: { fail_on: 'medium', max_comments: 5, rules: { disable: ['b', 'a'] } } });
    expect(gh.asked).toEqual([
      'acme/app:.github/hunkwise.yml',
      'acme/.github:.github/hunkwise.yml',
      'acme/base:policy/hunkwise.yml',
    ]);
  });

  it('ends the chain at a missing base, like Probot', async () => {
    const gh = fakeGitHub({ 'acme/app:.github/hunkwise.yml': '_extends: gone\nfail_on: low\n' });
    await expect(loadConfigLayers(HOME, gh.read)).resolves.toEqual({ raw: { fail_on: 'low' } });
  });

  it('refuses an oversized file without parsing it', async () => {
    const gh = fakeGitHub({ 'acme/app:.github/hunkwise.yml': `fail_on: low\n#${'x'.repeat(70_000)}\n` });
    await expect(loadConfigLayers(HOME, gh.read)).resolves.toEqual({
      raw: null,
      error: 'Could not read .github/hunkwise.yml: it is larger than 64 KiB, the limit for a configuration file',
    });
  });

  it('refuses the whole configuration when an _extends target is an alias bomb', async () => {
    const gh = fakeGitHub({
      'acme/app:.github/hunkwise.yml': '_extends: base\nfail_on: low\n',
      'acme/base:.github/hunkwise.yml': `_extends: never-read\n${ALIAS_BOMB}\n`,
    });
    await expect(loadConfigLayers(HOME, gh.read)).resolves.toEqual({
      raw: null,
      error: 'Could not read .github/hunkwise.yml: acme/base:.github/hunkwise.yml expands YAML aliases more than 50 times, as an alias bomb does',
    });
    expect(gh.asked).not.toContain('acme/never-read:.github/hunkwise.yml');
  });

  it('refuses an oversized _extends target', async () => {
    const gh = fakeGitHub({
      'acme/app:.github/hunkwise.yml': '_extends: other/base\n',
      'other/base:.github/hunkwise.yml': `#${'x'.repeat(70_000)}\n`,
    });
    expect((await loadConfigLayers(HOME, gh.read)).error).toBe(
      'Could not read .github/hunkwise.yml: other/base:.github/hunkwise.yml is larger than 64 KiB, the limit for a configuration file',
    );
  });

  it('refuses a loop, including one back to the first file under another spelling', async () => {
    const gh = fakeGitHub({
      'acme/app:.github/hunkwise.yml': '_extends: base\n',
      'acme/base:.github/hunkwise.yml': '_extends: ACME/App\n',
    });
    const loaded = await loadConfigLayers(HOME, gh.read);
    expect(loaded.raw).toBeNull();
    expect(loaded.error).toBe(
      'Could not read .github/hunkwise.yml: `_extends` in acme/base:.github/hunkwise.yml leads back to .github/hunkwise.yml, which was already read',
    );
    expect(gh.asked).toHaveLength(2);
  });

  it(`follows at most ${MAX_CONFIG_EXTENDS} links`, async () => {
    const files: Record<string, string> = { 'acme/app:.github/hunkwise.yml': '_extends: app:c1.yml\n' };
    for (let i = 1; i <= 20; i++) files[`acme/app:c${i}.yml`] = `_extends: app:c${i + 1}.yml\n`;
    const gh = fakeGitHub(files);
    const loaded = await loadConfigLayers(HOME, gh.read);
    expect(loaded.error).toMatch(/`_extends` goes on past 5 files/);
    expect(gh.asked).toHaveLength(1 + MAX_CONFIG_EXTENDS);

    const five: Record<string, string> = { 'acme/app:.github/hunkwise.yml': '_extends: app:c1.yml\n' };
    for (let i = 1; i < MAX_CONFIG_EXTENDS; i++) five[`acme/app:c${i}.yml`] = `_extends: app:c${i + 1}.yml\n`;
    five[`acme/app:c${MAX_CONFIG_EXTENDS}.yml`] = 'fail_on: low\n';
    await expect(loadConfigLayers(HOME, fakeGitHub(five).read)).resolves.toEqual({ raw: { fail_on: 'low' } });
  });

  it('explains a malformed _extends', async () => {
    const gh = fakeGitHub({ 'acme/app:.github/hunkwise.yml': '_extends: [a, b]\n' });
    expect((await loadConfigLayers(HOME, gh.read)).error).toBe(
      'Could not read .github/hunkwise.yml: `_extends` in .github/hunkwise.yml is a list, not `[owner/]repository[:path.yml]`',
    );
  });

  it('lets read failures through for the caller to report', async () => {
    const read: ReadConfigFile = () => Promise.reject(new Error('HTTP 500'));
    await expect(loadConfigLayers(HOME, read)).rejects.toThrow('HTTP 500');
  });
});
