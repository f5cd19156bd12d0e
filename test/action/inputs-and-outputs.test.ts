import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ActionError } from '../../src/action/action-error.js';
import { formatOutput } from '../../src/action/github-output.js';
import { INPUT_DEFAULTS, inputEnvName, readActionInputs } from '../../src/action/read-action-inputs.js';
import { parseOutputs } from './action-test-helpers.js';

describe('action inputs', () => {
  it('reads INPUT_ variables named as the runner names them (upper case, dashes kept)', () => {
    expect(inputEnvName('fail-on')).toBe('INPUT_FAIL-ON');
    expect(inputEnvName('sarif-file')).toBe('INPUT_SARIF-FILE');
    expect(
      readActionInputs({ 'INPUT_FAIL-ON': ' Medium ', 'INPUT_SARIF-FILE': 'r/h.sarif', INPUT_PATHS: 'src/**  lib/*.py\napp.py\n', INPUT_CONFIG: '' }),
    ).toEqual({ failOn: 'medium', config: '.github/hunkwise.yml', sarifFile: 'r/h.sarif', paths: ['src/**', 'lib/*.py', 'app.py'] });
  });

  it('defaults to what action.yml declares', () => {
    const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, { default: string }>;
      outputs: Record<string, unknown>;
      runs: { using: string; main: string };
    };
    expect(Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default]))).toEqual(INPUT_DEFAULTS);
    expect(Object.keys(action.outputs).sort()).toEqual(['conclusion', 'findings', 'sarif-file']);
    expect(action.runs).toEqual({ using: 'node20', main: 'dist/src/action/main.js' });
    expect(readActionInputs({})).toEqual({ failOn: 'high', config: '.github/hunkwise.yml', sarifFile: 'hunkwise.sarif', paths: [] });
  });

  it.each([
    [{ 'INPUT_FAIL-ON': 'critical' }, /fail-on must be one of low, medium, high, none/],
    [{ INPUT_CONFIG: 'hunkwise.yml' }, /only \.github\/hunkwise\.yml is supported/],
    [{ INPUT_PATHS: 'a/[b' }, /input paths: "a\/\[b"/],
  ])('rejects %p', (env, message) => {
    expect(() => readActionInputs(env)).toThrow(ActionError);
    expect(() => readActionInputs(env)).toThrow(message);
  });
});

describe('step outputs', () => {
  it('uses the multiline form with a delimiter the value does not contain', () => {
    const value = 'line one\nghadelimiter_x\nother<<EOF';
    const text = formatOutput('sarif-file', value) + formatOutput('findings', '3');
    expect(parseOutputs(text)).toEqual({ 'sarif-file': value, findings: '3' });
    expect(formatOutput('a', 'v', 'D')).toBe('a<<D\nv\nD\n');
    // A value holding the offered delimiter cannot close the block early.
    const tricky = formatOutput('a', 'x\nD\nb<<D', 'D');
    expect(tricky.startsWith('a<<D\n')).toBe(false);
    expect(parseOutputs(tricky)).toEqual({ a: 'x\nD\nb<<D' });
  });
});
