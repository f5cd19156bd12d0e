import { readdirSync } from 'node:fs';
import { runDemo } from '../../scripts/demo.js';
import { removeDir, tempDir } from './cli-test-helpers.js';

describe('npm run demo', () => {
  it('reviews a sample branch with the built-in rules, reports only added lines, and cleans up', async () => {
    const root = tempDir('demo-root');
    let out = '';
    let err = '';
    try {
      const code = await runDemo({ stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } }, { tmpRoot: root });
      expect(err).toBe('');
      expect(code).toBe(1);
      expect(out).toContain('hunkwise review of ');
      expect(out).toContain('app/backup.py:9:5: high [subprocess-shell-true]');
      // The eval() on an unchanged line of app/settings.py is old: never reported.
      expect(out).not.toContain('app/settings.py:10:');
      expect(out).toMatch(/Check conclusion: failure \(/);
      expect(readdirSync(root)).toEqual([]);
    } finally {
      removeDir(root);
    }
  });
});
