import { ALIAS_BOMB } from './hostile-yaml.js';
import { MAX_CONFIG_ALIASES, MAX_CONFIG_FILE_BYTES, parseConfigText } from '../../src/config/parse-config-text.js';

describe('parseConfigText', () => {
  it('reads a mapping of settings; an empty file is an empty mapping', () => {
    expect(parseConfigText('fail_on: low\nexclude: [vendor/**]\n')).toEqual({ settings: { fail_on: 'low', exclude: ['vendor/**'] } });
    expect(parseConfigText('')).toEqual({ settings: {} });
    expect(parseConfigText('# nothing yet\n')).toEqual({ settings: {} });
    expect(parseConfigText(new TextEncoder().encode('fail_on: medium\n'))).toEqual({ settings: { fail_on: 'medium' } });
  });

  it('allows a few aliases', () => {
    const text = 'x: &paths [a/**, b/**]\nexclude: *paths\noverrides: [{ paths: *paths, disable: [assert-used] }]\n';
    expect(parseConfigText(text).settings).toMatchObject({ exclude: ['a/**', 'b/**'] });
  });

  it('does not parse a file over the size limit, counting UTF-8 bytes', () => {
    const big = `fail_on: low\n# ${'x'.repeat(MAX_CONFIG_FILE_BYTES)}\n`;
    expect(parseConfigText(big)).toEqual({ error: 'is larger than 64 KiB, the limit for a configuration file' });
    expect(parseConfigText(new TextEncoder().encode(big)).error).toMatch(/larger than 64 KiB/);
    // 30,000 three-byte characters: under the limit in UTF-16 units, over it in bytes.
    expect(parseConfigText(`# ${'€'.repeat(30_000)}\n`).error).toMatch(/larger than 64 KiB/);
    expect(parseConfigText(`fail_on: low\n# ${'x'.repeat(MAX_CONFIG_FILE_BYTES - 20)}`).settings).toEqual({ fail_on: 'low' });
  });

  it('stops an alias bomb instead of expanding it', () => {
    expect(parseConfigText(ALIAS_BOMB)).toEqual({
      error: `expands YAML aliases more than ${MAX_CONFIG_ALIASES} times, as an alias bomb does`,
    });
  });

  it('reports YAML that does not parse, or that is not a mapping, by position only', () => {
    expect(parseConfigText('fail_on: [high\n').error).toMatch(/^is not valid YAML \(.*line \d+, column \d+\)$/);
    expect(parseConfigText('a: 1\na: 2\n').error).toMatch(/^is not valid YAML/);
    expect(parseConfigText('- fail_on\n')).toEqual({ error: 'is not a mapping of settings' });
    expect(parseConfigText('just text\n')).toEqual({ error: 'is not a mapping of settings' });
  });

  it('survives nesting deep enough to exhaust the parser', () => {
    const deep = `a: ${'['.repeat(30_000)}${']'.repeat(30_000)}\n`;
    expect(parseConfigText(deep).error).toMatch(/^is not valid YAML/);
  });
});
