import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.js';
import { captureIo } from './cli-test-helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('docs/rules', () => {
  it('matches the built-in rules (after changing a rule, run `npm run build && npm run docs`)', async () => {
    const captured = captureIo(ROOT);
    const code = await main(['docs', '--check'], captured.io);
    expect(captured.stderr()).toBe('');
    expect(code).toBe(0);
  });
});
