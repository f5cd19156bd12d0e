/** Where taint starts (framework request data, process inputs, a rule's own names) and how sinks are chosen. */
import { createEngine, type Engine, type Rule } from '../../../src/engine/index.js';
import { parseRuleFile } from '../../../src/engine/parse-rule-file.js';
import { taintRule } from './taint-rule.js';

const ALL_SOURCES = ['flask', 'django', 'fastapi', 'argv', 'input', 'environment'];

const command = taintRule('t-command', {
  sources: ALL_SOURCES,
  message: '{source} (line {line}) reaches {callee}',
  sinks: [{ callees: ['os.system', 'subprocess.run'], position: 0, keyword: 'args' }],
  sanitizers: ['shlex.quote'],
});
const path = taintRule('t-path', {
  sources: ALL_SOURCES,
  sinks: [
    { callees: ['open'], position: 0 },
    { callees: ['pathlib.Path'] },
    { callees: ['*.read_text'], receiver: true },
  ],
  sanitizers: ['os.path.basename'],
});
const url = taintRule('t-url', {
  sources: ALL_SOURCES,
  sinks: [{ callees: ['requests.get'], position: 0, keyword: 'url', safePrefix: '^https?://[^/?#@]+[/?#]' }],
});
const yamlLoad = taintRule('t-yaml', {
  sources: ALL_SOURCES,
  sinks: [{ callees: ['yaml.load'], position: 0, where: [{ position: 1, keyword: 'Loader', equals: ['yaml.SafeLoader'], not: true }] }],
});
const custom = taintRule('t-custom', {
  sources: ['mylib.param', 'mylib.REQUEST_DATA'],
  sinks: [{ callees: ['os.system'], position: 0 }],
});

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine({ rules: [command, path, url, yamlLoad, custom] });
});

function found(src: string, rule?: string): string[] {
  const r = engine.scanFile('x.py', src);
  expect(r.errors).toEqual([]);
  return r.findings.filter((f) => !rule || f.ruleId === rule).map((f) => `${f.line}:${f.ruleId}`);
}
const lines = (...l: string[]): string => l.join('\n') + '\n';
const engineWith = (...extra: Rule[]): Engine => engine.withRules(extra);

describe('Flask', () => {
  test('request attributes and methods, however flask is imported', () => {
    expect(
      found(
        lines(
          'import os, flask',
          'from flask import request as req',
          'def v():',
          '    os.system(flask.request.form["a"])',
          '    os.system(req.headers.get("X"))',
          '    os.system(req.get_json()["cmd"])',
          '    os.system(req.get_data(as_text=True))',
          '    os.system(req.method)',
        ),
        't-command',
      ),
    ).toEqual(['4:t-command', '5:t-command', '6:t-command', '7:t-command']);
  });

  test('a local object named request is not Flask request data', () => {
    expect(found(lines('import os', 'def v(request):', '    os.system(request.args["a"])'), 't-command')).toEqual([]);
    expect(found(lines('import os', 'request = object()', 'def v():', '    os.system(request.args["a"])'), 't-command')).toEqual([]);
  });

  test('view arguments of a route are request data, unless a converter makes them numbers', () => {
    const src = lines(
      'import os',
      '@app.route("/a/<name>/<int:n>")',
      'def v(name, n):',
      '    os.system(name)',
      '    os.system(str(n))',
    );
    expect(found(src, 't-command')).toEqual(['4:t-command']);
  });
});

describe('Django', () => {
  test('request data on a request parameter and on self.request', () => {
    const src = lines(
      'import os',
      'def view(request):',
      '    os.system(request.GET["a"])',
      '    os.system(request.META["HTTP_X"])',
      '    os.system(request.body.decode())',
      '    os.system(request.user.name)',
      'class V:',
      '    def get(self, request):',
      '        os.system(self.request.POST["b"])',
      'def not_a_view():',
      '    os.system(request.GET["a"])',
    );
    expect(found(src, 't-command')).toEqual(['3:t-command', '4:t-command', '5:t-command', '9:t-command']);
  });
});

describe('FastAPI', () => {
  test('plain parameters of a route handler; not dependencies, framework objects or numbers', () => {
    const src = lines(
      'import os',
      'from typing import Annotated, Optional',
      'from fastapi import Depends, Query, Request',
      '@router.post("/x/{item}")',
      'async def h(item: str, q: Optional[str] = Query(None), n: int = 1, uid: Annotated[int, Query()] = 0,',
      '            db=Depends(get_db), user: Annotated[User, Depends(current)] = None, request: Request = None):',
      '    os.system(item)',
      '    os.system(q)',
      '    os.system(str(n))',
      '    os.system(str(uid))',
      '    os.system(db.cmd)',
      '    os.system(user.cmd)',
      '    os.system(request.query_params["c"])',
      '    os.system(await request.json())',
      '    os.system(request.app.state.cmd)',
    );
    expect(found(src, 't-command')).toEqual(['7:t-command', '8:t-command', '13:t-command', '14:t-command']);
  });

  test('a function that is not a route handler has no request parameters', () => {
    expect(found(lines('import os', '@functools.lru_cache()', 'def h(item: str):', '    os.system(item)'), 't-command')).toEqual([]);
  });
});

describe('process inputs', () => {
  test('argv, input, stdin and the environment, also through from-imports and renames', () => {
    const src = lines(
      'import os, sys',
      'from sys import argv',
      'from os import environ as ENV, getenv',
      'def main():',
      '    os.system(argv[1])',
      '    os.system(ENV["X"])',
      '    os.system(getenv("X"))',
      '    os.system(sys.stdin.readline())',
      '    os.system(input("? "))',
      '    os.system(os.environ.get("X", "ls"))',
    );
    expect(found(src, 't-command')).toEqual(['5:t-command', '6:t-command', '7:t-command', '8:t-command', '9:t-command', '10:t-command']);
  });

  test('a builtin shadowed by an import is not a source', () => {
    expect(found(lines('import os', 'from prompts import input', 'def f():', '    os.system(input())'), 't-command')).toEqual([]);
  });
});

describe("a rule's own sources", () => {
  test('a qualified name, called or read', () => {
    const src = lines('import os', 'import mylib', 'from mylib import param', 'def f():', '    os.system(param("x"))', '    os.system(mylib.REQUEST_DATA["y"])', '    os.system(mylib.other())');
    expect(found(src, 't-custom')).toEqual(['5:t-custom', '6:t-custom']);
  });
});

describe('sinks', () => {
  test('each rule applies its own sanitisers to the same flow', () => {
    const src = lines(
      'import os, shlex',
      'from flask import request',
      'def v():',
      '    name = shlex.quote(request.args["n"])',
      '    os.system("cat " + name)',
      '    open(name)',
      '    base = os.path.basename(request.args["n"])',
      '    os.system("cat " + base)',
      '    open(base)',
    );
    expect(found(src)).toEqual(['6:t-path', '8:t-command']);
  });

  test('a module that defines its own open has no builtin open', () => {
    const src = lines('from flask import request', 'def open(p):', '    return p', 'def v():', '    return open(request.args["p"])');
    expect(found(src, 't-path')).toEqual([]);
  });

  test('a sink inside another reports once, at the inner call', () => {
    const src = lines('import pathlib', 'from flask import request', 'def v():', '    return open(pathlib.Path(request.args["p"]))');
    const r = engine.scanFile('x.py', src).findings.filter((f) => f.ruleId === 't-path');
    expect(r.map((f) => [f.line, f.column])).toEqual([[4, 17]]);
  });

  test('a receiver sink follows the object a method is called on', () => {
    const src = lines('from pathlib import Path', 'from flask import request', 'def v():', '    p = Path("/srv") / request.args["p"]', '    return p.read_text()');
    expect(found(src, 't-path')).toEqual(['5:t-path']);
  });

  test('a URL with a fixed scheme and host is safe; one whose host varies is not', () => {
    const src = lines(
      'import requests',
      'from flask import request',
      'BASE = "https://api.example.com/v1/"',
      'def v():',
      '    u = request.args["u"]',
      '    requests.get("https://api.example.com/" + u)',
      '    requests.get(BASE + u)',
      '    requests.get(f"https://api.example.com/x?q={u}")',
      '    requests.get("https://%s/x" % u)',
      '    requests.get(url=u)',
      '    requests.get(f"https://api.example.com@{u}/")',
    );
    expect(found(src, 't-url')).toEqual(['9:t-url', '10:t-url', '11:t-url']);
  });

  test('where conditions choose which calls are sinks', () => {
    const src = lines(
      'import yaml',
      'from flask import request',
      'def v():',
      '    yaml.load(request.data, Loader=yaml.SafeLoader)',
      '    yaml.load(request.data, Loader=yaml.Loader)',
      '    yaml.load(request.data)',
    );
    expect(found(src, 't-yaml')).toEqual(['5:t-yaml', '6:t-yaml']);
  });

  test('a method called on a call result is told apart from that call', () => {
    const src = lines('import subprocess', 'from flask import request', 'def v(self):', '    self.conn.cursor().execute(request.args["q"])', '    sp().run(request.args["c"])', '    subprocess.run(request.args["c"]).check_returncode()');
    const sql = taintRule('t-sql', { sources: ['flask'], sinks: [{ callees: ['*.execute'], position: 0 }] });
    const r = engineWith(sql).scanFile('x.py', src);
    expect(r.findings.filter((f) => f.ruleId.startsWith('t-')).map((f) => `${f.line}:${f.ruleId}`)).toEqual(['4:t-sql', '6:t-command']);
  });

  test('a keyword argument is the sink argument too', () => {
    expect(found(lines('import subprocess', 'from flask import request', 'def v():', '    subprocess.run(args=request.args["c"])'), 't-command')).toEqual(['4:t-command']);
  });

  test('a function without any sink or source is left alone; the same file scans the same twice', () => {
    const src = lines('import os', 'from flask import request', 'def a():', '    return 1', 'def b():', '    os.system(request.args["x"])');
    expect(found(src)).toEqual(['6:t-command']);
    expect(found(src)).toEqual(['6:t-command']);
  });
});

describe('the rule format', () => {
  const base = [
    'id: my-taint',
    'title: t',
    'severity: high',
    'confidence: high',
    'category: defect',
    'cwe: [78]',
    'message: m',
    'why: w',
    'fix: f',
    'match:',
    '  kind: taint',
    '  sources: [flask]',
  ];

  test('sink options and bySource are accepted', () => {
    const text = [
      ...base,
      '  message: "{source} (line {line}) reaches {callee}\'s {argument}"',
      '  sinks:',
      '    - { callees: [os.system], position: 0, argument: command, message: "x {source}", safePrefix: "^a" }',
      '    - { callees: ["*.read_text"], receiver: true }',
      '  bySource:',
      '    - { sources: [argv], severity: low, confidence: low }',
    ].join('\n');
    expect(parseRuleFile(text, 'my.yml').error).toBeUndefined();
  });

  test('an invalid safePrefix is refused with its field', () => {
    const text = [...base, '  sinks:', '    - { callees: [os.system], safePrefix: "(" }'].join('\n');
    expect(parseRuleFile(text, 'my.yml').error).toMatch(/safePrefix/);
  });
});
