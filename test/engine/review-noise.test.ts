/**
 * Issue 10, items 4-6: causes of review noise seen on real history, each on a realistic
 * snippet of its kind (written for these tests).
 */
import { createEngine, loadRuleFiles, type Engine, type Finding } from '../../src/engine/index.js';
import { DEFAULT_CONFIG } from '../../src/config/config-schema.js';
import { parseConfig } from '../../src/config/parse-config.js';

let engine: Engine;

beforeAll(async () => {
  engine = await createEngine({ rules: loadRuleFiles().map((f) => f.rule) });
});

function scan(source: string, options: Parameters<Engine["scanFile"]>[2] = {}): readonly Finding[] {
  const result = engine.scanFile('service/tool.py', source, options);
  expect(result.errors).toEqual([]);
  return result.findings;
}

const on = (findings: readonly Finding[], line: number): Finding[] => findings.filter((f) => f.line === line);
const ids = (findings: readonly Finding[]): string[] => findings.map((f) => f.ruleId);
const inline = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.severity !== 'low');

describe('suppressions interoperate with Bandit and Ruff (item 4)', () => {
  test('a `# noqa: S603` the authors wrote for Ruff silences process-command-from-data', () => {
    const findings = scan(
      [
        'import subprocess',
        '',
        'def sync(remote, dest):',
        '    cmd = ["rsync", "-a", remote, dest]',
        '    subprocess.run(cmd, check=True)  # noqa: S603',
        '    subprocess.run(cmd, check=True)  # nosec B603',
        '    subprocess.run(cmd, check=True)',
      ].join('\n'),
    );
    expect(ids(on(findings, 5))).not.toContain('process-command-from-data');
    expect(ids(on(findings, 6))).not.toContain('process-command-from-data');
    expect(ids(on(findings, 7))).toContain('process-command-from-data');
    // Neither marker is reported as unused: each silenced something.
    expect(ids(findings)).not.toContain('unused-suppression');
  });

  test('every taint rule names the Bandit and Ruff checks it refines', () => {
    const rules = new Map(engine.rules.map((r) => [r.id, r]));
    expect(rules.get('process-command-from-data')?.bandit).toEqual(expect.arrayContaining(['B603']));
    expect(rules.get('process-command-from-data')?.ruff).toEqual(expect.arrayContaining(['S603']));
    expect(rules.get('tainted-command')?.bandit).toEqual(expect.arrayContaining(['B602', 'B604', 'B605']));
    expect(rules.get('tainted-sql')?.ruff).toEqual(expect.arrayContaining(['S608']));
    expect(rules.get('tainted-deserialization')?.bandit).toEqual(expect.arrayContaining(['B301', 'B506']));
    expect(rules.get('tainted-code-eval')?.ruff).toEqual(expect.arrayContaining(['S307', 'S102']));
    expect(rules.get('tainted-url')?.bandit).toEqual(['B310']);
    expect(rules.get('tainted-path')?.bandit).toEqual([]);
  });

  test('a `# noqa: S608` silences tainted-sql on a query built from request data', () => {
    const findings = scan(
      [
        'from flask import request',
        '',
        'def search(db):',
        '    term = request.args["q"]',
        '    db.execute(f"SELECT id FROM items WHERE name = \'{term}\'")  # noqa: S608',
      ].join('\n'),
    );
    expect(ids(on(findings, 5))).not.toContain('tainted-sql');
  });

  const stale = [
    'import random',
    '',
    'def jitter(base):',
    '    delay = base * 2  # nosec B603',
    '    retries = 3  # noqa: S311',
    '    limit = 10  # hunkwise: ignore[tainted-sql]',
    '    return delay, retries, limit',
  ].join('\n');

  test('a stale `# nosec` / `# noqa` is not reported by default: Bandit or Ruff may still need it', () => {
    const unused = scan(stale).filter((f) => f.ruleId === 'unused-suppression');
    expect(unused.map((f) => f.line)).toEqual([6]);
  });

  test('`report_unused_suppressions: all` reports them too', () => {
    const unused = scan(stale, { reportUnusedSuppressions: 'all' }).filter((f) => f.ruleId === 'unused-suppression');
    expect(unused.map((f) => f.line)).toEqual([4, 5, 6]);
  });

  test('the repository setting is read from .github/hunkwise.yml, `hunkwise` by default', () => {
    expect(DEFAULT_CONFIG.report_unused_suppressions).toBe('hunkwise');
    expect(parseConfig({ report_unused_suppressions: 'all' }).config.report_unused_suppressions).toBe('all');
    const bad = parseConfig({ report_unused_suppressions: 'some' });
    expect(bad.config.report_unused_suppressions).toBe('hunkwise');
    expect(bad.warnings).toHaveLength(1);
  });
});

describe('the advised fix closes the finding (item 5)', () => {
  const ping = (call: string): string =>
    ['import subprocess', '', 'def reachable(host):', `    ${call}`, '    return True'].join('\n');

  test('before the fix: shell=True with a concatenated host is an inline finding', () => {
    expect(inline(on(scan(ping('subprocess.call("ping " + host, shell=True)')), 4))).not.toEqual([]);
  });

  test('the advised list form draws no inline comment of any rule', () => {
    const findings = on(scan(ping('subprocess.call(["ping", host])')), 4);
    expect(inline(findings)).toEqual([]);
  });

  test('with "--" before the data, process-command-from-data says nothing at all', () => {
    const findings = on(scan(ping('subprocess.call(["ping", "--", host])')), 4);
    expect(ids(findings)).not.toContain('process-command-from-data');
    expect(inline(findings)).toEqual([]);
  });

  test('request data after "--" is not a command injection; before it, it is', () => {
    const source = [
      'import subprocess',
      'from flask import Flask, request',
      '',
      'app = Flask(__name__)',
      '',
      '@app.route("/thumb")',
      'def thumb():',
      '    name = request.args["name"]',
      '    subprocess.run(["convert", "--", name, "thumb.png"], check=True)',
      '    subprocess.run(["convert", name, "thumb.png"], check=True)',
      '    subprocess.run(["bash", "-c", "--", name], check=True)',
    ].join('\n');
    const findings = scan(source);
    expect(inline(on(findings, 9))).toEqual([]);
    expect(on(findings, 10).find((f) => f.ruleId === 'tainted-command')?.severity).toBe('high');
    expect(on(findings, 11).find((f) => f.ruleId === 'tainted-command')?.severity).toBe('high');
  });
});

describe('process-command-from-data: a tool that runs a configured command (item 5)', () => {
  test('a command from settings, the environment or argv is low: the operator chose it', () => {
    const findings = scan(
      [
        'import os',
        'import shlex',
        'import subprocess',
        'import sys',
        'from django.conf import settings',
        '',
        'def post_deploy():',
        '    subprocess.run(shlex.split(settings.POST_DEPLOY_HOOK), check=True)',
        '    editor = os.environ.get("EDITOR", "vi")',
        '    subprocess.run([editor, "CHANGELOG.md"], check=True)',
        '',
        'def main(args):',
        '    subprocess.run([args.compiler, "-O2", "main.c"], check=True)',
      ].join('\n'),
    );
    for (const line of [8, 10, 13]) {
      const f = on(findings, line).find((x) => x.ruleId === 'process-command-from-data');
      expect(f?.severity ?? 'low').toBe('low');
    }
    expect(inline(findings)).toEqual([]);
  });

  test('a program built from data (the namespace helper of the seed review) stays a medium concern', () => {
    const findings = scan(
      [
        'import subprocess',
        '',
        'class NamespaceProcess(subprocess.Popen):',
        '    def __init__(self, cmd, namespace_cmd, **kwargs):',
        '        self.namespace_cmd = namespace_cmd',
        '        super().__init__([self.namespace_cmd] + cmd, **kwargs)',
      ].join('\n'),
    );
    const f = on(findings, 6).find((x) => x.ruleId === 'process-command-from-data');
    expect(f?.severity).toBe('medium');
    expect(f?.message).toContain('self.namespace_cmd');
  });
});

describe('values are followed before judging (item 6)', () => {
  test('urlopen of a Request built from a fixed http:// prefix, through a local name', () => {
    const findings = scan(
      [
        'from urllib.request import Request, urlopen',
        '',
        'def get(path):',
        '    req = Request(f"http://localhost:8000{path}", headers={"Accept": "application/json"})',
        '    with urlopen(req, timeout=5) as resp:',
        '        return resp.read()',
        '',
        'def post(path, body):',
        '    url = "https://" + "api.internal" + path',
        '    return urlopen(Request(url, data=body))',
        '',
        'def anything(url):',
        '    return urlopen(Request(url))',
      ].join('\n'),
    );
    expect(ids(on(findings, 5))).not.toContain('urlopen-any-scheme');
    expect(ids(on(findings, 10))).not.toContain('urlopen-any-scheme');
    expect(ids(on(findings, 13))).toContain('urlopen-any-scheme');
  });

  test("an operator's *_FILE environment variable (Docker secrets) is configuration, not a tainted path", () => {
    const findings = scan(
      [
        'import os',
        'from pathlib import Path',
        '',
        'def database_password():',
        '    path = os.environ.get("DB_PASSWORD_FILE")',
        '    if path:',
        '        with open(path) as f:',
        '            return f.read().strip()',
        '    return Path(os.environ["DB_PASSWORD_FILE"]).read_text().strip()',
      ].join('\n'),
    );
    expect(ids(findings)).not.toContain('tainted-path');
  });

  test('a service URL from the environment is not server-side request forgery', () => {
    const findings = scan(
      ['import os', 'import requests', '', 'def health():', '    return requests.get(os.environ["API_URL"] + "/health", timeout=5)'].join('\n'),
    );
    expect(ids(findings)).not.toContain('tainted-url');
  });

  test('request data still reaches the path rule, and a chained call is reported once', () => {
    const findings = scan(
      [
        'from pathlib import Path',
        'from flask import request',
        '',
        'def view():',
        '    return Path("/srv/files", request.args["name"]).read_text()',
      ].join('\n'),
    );
    expect(findings.filter((f) => f.ruleId === 'tainted-path')).toHaveLength(1);
  });
});
