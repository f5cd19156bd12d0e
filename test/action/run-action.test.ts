import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runAction } from '../../src/action/run-action.js';
import { git, parseJson, tempDir, removeDir, testDeps } from '../cli/cli-test-helpers.js';
import {
  CLEAN,
  captureLog,
  INJECTION,
  makePullRequest,
  parseOutputs,
  parseWorkflowCommands,
  type PullRequestFixture,
} from './action-test-helpers.js';

const deps = { cli: testDeps };

async function run(pr: PullRequestFixture, inputs: Readonly<Record<string, string>> = {}, env: Record<string, string | undefined> = {}) {
  const log = captureLog();
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
  const code = await runAction({ ...pr.env, ...inputEnv, ...env }, log.io, deps);
  return { code, stdout: log.stdout(), commands: parseWorkflowCommands(log.stdout()) };
}

describe('the GitHub Action on a pull request', () => {
  let pr: PullRequestFixture;
  beforeAll(() => {
    pr = makePullRequest({ 'src/inject.py': INJECTION, 'src/clean.py': CLEAN });
  });
  afterAll(() => pr.cleanUp());
  beforeEach(() => {
    // Each run appends, as on a runner; start every test from empty files.
    for (const file of [pr.summaryFile, pr.outputFile]) writeFileSync(file, '');
  });

  it('reports the shell injection on the added line everywhere, and fails on fail-on high', async () => {
    const { code, commands } = await run(pr, { 'fail-on': 'high' });
    expect(code).toBe(1);

    const errors = commands.filter((c) => c.command === 'error');
    expect(errors).toEqual([
      expect.objectContaining({ properties: expect.objectContaining({ file: 'src/inject.py', line: '5', col: '5' }) }),
    ]);
    expect(errors[0].data).toContain('os.system is a high test finding');

    const summary = pr.summary();
    expect(summary).toContain('1 finding at or above high on added lines');
    expect(summary).toContain('`src/inject.py:5`');
    expect(summary).toContain('os.system is a high test finding');
    expect(summary).toContain(`https://github.com/hunkwise-test/demo/blob/${pr.headSha}/src/inject.py#L5`);
    expect(summary).not.toContain('clean.py');

    const outputs = parseOutputs(pr.outputs());
    expect(outputs).toEqual({ 'sarif-file': path.join(pr.repo, 'hunkwise.sarif'), findings: '1', conclusion: 'failure' });
    const sarif = parseJson(readFileSync(outputs['sarif-file'], 'utf8')) as {
      version: string;
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.map((r) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine])).toEqual([
      ['test-high', 'src/inject.py', 5],
    ]);
  });

  it('does not fail with fail-on none, and still reports', async () => {
    const { code, commands } = await run(pr, { 'fail-on': 'none' });
    expect(code).toBe(0);
    expect(commands.filter((c) => c.command === 'error')).toHaveLength(1);
    expect(parseOutputs(pr.outputs())).toMatchObject({ findings: '1', conclusion: 'neutral' });
  });


  it('writes SARIF where sarif-file says, creating folders', async () => {
    await run(pr, { 'sarif-file': 'out/reports/hw.sarif' });
    const file = path.join(pr.repo, 'out/reports/hw.sarif');
    expect(parseOutputs(pr.outputs())['sarif-file']).toBe(file);
    expect((parseJson(readFileSync(file, 'utf8')) as { version: string }).version).toBe('2.1.0');
  });

  it('reports only the files `paths` selects, in the summary, the annotations and the SARIF', async () => {
    const { code, commands } = await run(pr, { paths: 'docs/**\n  src/clean.py' });
    expect(code).toBe(0);
    expect(commands.filter((c) => c.command === 'error')).toEqual([]);
    expect(pr.summary()).toContain('no findings on added lines');
    const outputs = parseOutputs(pr.outputs());
    expect(outputs).toMatchObject({ findings: '0', conclusion: 'success' });
    const sarif = parseJson(readFileSync(outputs['sarif-file'], 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.runs[0].results).toEqual([]);
  });

  it('refuses a config path the CLI cannot read, saying so', async () => {
    const { code, commands } = await run(pr, { config: 'ci/hunkwise.yml' });
    expect(code).toBe(2);
    expect(commands).toEqual([expect.objectContaining({ command: 'error' })]);
    expect(commands[0].data).toContain('only .github/hunkwise.yml is supported');
    expect(pr.summary()).toContain('only .github/hunkwise.yml is supported');
    expect(parseOutputs(pr.outputs())).toEqual({ findings: '0', conclusion: 'error' });
  });

  it('fails on high by default, and accepts the default config path however it is spelled', async () => {
    expect((await run(pr, { config: './.github/hunkwise.yml' })).code).toBe(1);
  });

  it('rejects a bad fail-on and a bad glob with exit 2', async () => {
    expect((await run(pr, { 'fail-on': 'critical' })).code).toBe(2);
    expect(pr.summary()).toContain('fail-on must be one of low, medium, high, none');
    expect((await run(pr, { paths: 'src/[a' })).code).toBe(2);
  });

  it('explains a run on another event', async () => {
    const { code, commands } = await run(pr, {}, { GITHUB_EVENT_NAME: 'push' });
    expect(code).toBe(2);
    expect(commands[0].data).toContain('run it on: pull_request');
  });
});

describe('the GitHub Action on a shallow checkout', () => {
  it('says to set fetch-depth: 0 instead of failing with a git error', async () => {
    const pr = makePullRequest({ 'inject.py': INJECTION });
    const shallowDir = tempDir('action-shallow');
    try {
      // What actions/checkout does by default: one commit, no history.
      git(shallowDir, 'clone', '--quiet', '--depth', '1', `file://${pr.repo}`, 'ws');
      const { code, commands } = await run(pr, {}, { GITHUB_WORKSPACE: path.join(shallowDir, 'ws') });
      expect(code).toBe(2);
      expect(commands).toHaveLength(1);
      expect(commands[0].command).toBe('error');
      expect(commands[0].data).toContain(`base commit ${pr.baseSha.slice(0, 7)}`);
      expect(commands[0].data).toContain('fetch-depth: 0');
      expect(pr.summary()).toContain('`fetch-depth: 0`');
    } finally {
      removeDir(shallowDir);
      pr.cleanUp();
    }
  });
});

describe('hostile file names', () => {
  // Each would be a second workflow command if it reached the log unescaped.
  const ESCAPES = 'a%0A::add-mask::x,line=9::.py';
  const NEWLINE = 'b\n::add-mask::secret\n::stop-commands::pwned\n.py';
  let pr: PullRequestFixture;
  beforeAll(() => {
    pr = makePullRequest({ [ESCAPES]: INJECTION, [NEWLINE]: INJECTION });
  });
  afterAll(() => pr.cleanUp());

  it('cannot inject a workflow command through the log', async () => {
    const { code, commands, stdout } = await run(pr);
    expect(code).toBe(1);
    // Only our own commands; the runner would unescape each path back to the real name.
    expect(new Set(commands.map((c) => c.command))).toEqual(new Set(['error', 'warning']));
    expect(commands.find((c) => c.command === 'error')?.properties).toEqual(
      expect.objectContaining({ file: ESCAPES, line: '5', title: 'hunkwise test-high (high)' }),
    );
    // git cannot hand over a file whose name has a newline: listed as not analysed, name intact.
    expect(commands.find((c) => c.command === 'warning')?.properties.file).toBe(NEWLINE);
    expect(stdout).not.toMatch(/^::add-mask::/m);
  });

  it('shows the names as code in the summary, on their own line', async () => {
    const summary = pr.summary();
    expect(summary).toContain('`a%0A::add-mask::x,line=9::.py:5`');
    expect(summary).not.toMatch(/^::/m);
    expect(summary).toContain('`b ::add-mask::secret ::stop-commands::pwned .py`');
  });
});
