/**
 * The node20 entry point as the runner starts it: `node dist/src/action/main.js` with
 * the runner's environment. Needs `npm run build` first (like the engine threads).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INJECTION, CLEAN, makePullRequest, parseOutputs, parseWorkflowCommands } from './action-test-helpers.js';

const ENTRY = fileURLToPath(new URL('../../dist/src/action/main.js', import.meta.url));

describe('the built action entry point', () => {
  it('reviews the pull request with the built-in rules and exits 1 on a high finding', () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`);
    const pr = makePullRequest({ 'inject.py': INJECTION, 'clean.py': CLEAN });
    try {
      const result = spawnSync(process.execPath, [ENTRY], {
        cwd: pr.repo,
        env: { ...pr.env, 'INPUT_FAIL-ON': 'high', 'INPUT_SARIF-FILE': 'hunkwise.sarif' } as NodeJS.ProcessEnv,
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(1);
      const errors = parseWorkflowCommands(result.stdout).filter((c) => c.command === 'error');
      expect(errors.map((c) => [c.properties.file, c.properties.line])).toEqual([['inject.py', '5']]);
      expect(errors[0].data).toMatch(/shell/i);
      expect(pr.summary()).toContain('`inject.py:5`');
      const outputs = parseOutputs(pr.outputs());
      expect(outputs).toMatchObject({ findings: '1', conclusion: 'failure' });
      const sarif = JSON.parse(readFileSync(outputs['sarif-file'], 'utf8')) as { version: string; runs: { results: unknown[] }[] };
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.runs[0].results).toHaveLength(1);
    } finally {
      pr.cleanUp();
    }
  });
});
