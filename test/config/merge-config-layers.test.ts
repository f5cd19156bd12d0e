import { mergeConfigLayers } from '../../src/config/merge-config-layers.js';

describe('mergeConfigLayers', () => {
  it('merges mappings, concatenates lists, and lets the last scalar win', () => {
    const base = { fail_on: 'medium', rules: { disable: ['B101'] } };
    const repo = { fail_on: 'high', rules: { disable: ['B102'], enable: ['B101'] } };
    expect(mergeConfigLayers([base, repo])).toEqual({
      fail_on: 'high',
      rules: { disable: ['B101', 'B102'], enable: ['B101'] },
    });
  });

  it('is null without any layer', () => {
    expect(mergeConfigLayers([null, null])).toBeNull();
  });
});
