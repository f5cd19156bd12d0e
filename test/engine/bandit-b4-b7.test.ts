import { createEngine, type Engine } from '../../src/engine/index.js';
import type { Rule } from '../../src/engine/rule-schema.js';

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});

/** `line:severity` of one rule's findings. */
const graded = (ruleId: string, src: string): string[] =>
  engine
    .scanFile('x.py', src)
    .findings.filter((f) => f.ruleId === ruleId)
    .map((f) => `${f.line}:${f.severity}`);

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

describe('severity follows how the value is built', () => {
  test('os.system: constant low, name medium, built high', () => {
    const src = lines('import os', 'def f(a):', '    os.system("ls")', '    os.system(a)', '    os.system("ls " + a)', '    os.system(f"ls {a}")');
    expect(graded('shell-command-call', src)).toEqual(['3:low', '4:medium', '5:high', '6:high']);
  });

  test('shell=True with a name: medium, or low when shell= itself is a variable', () => {
    const src = lines('import subprocess', 'def f(a, flag):', '    subprocess.run(a, shell=True)', '    subprocess.run(a, shell=flag)', '    subprocess.run(f"ls {a}", shell=flag)');
    expect(graded('subprocess-shell-true', src)).toEqual(['3:medium', '4:low', '5:high']);
  });

  test('a command whose run-time parts are all shlex.quote\'d is low; one unquoted part makes it high', () => {
    const src = lines(
      'import os, shlex, subprocess',
      'from shlex import quote as q',
      'def f(a, b):',
      '    os.system("ls " + shlex.quote(a))',
      '    os.system(f"cp {q(a)} {shlex.quote(b)}")',
      '    os.system("cp %s %s" % (q(a), q(b)))',
      '    os.system(" ".join(["ls", shlex.quote(a)]))',
      '    os.system("ls " + shlex.quote(a) + " " + b)',
      '    os.system(f"cp {q(a)} {b}")',
      '    subprocess.run("ls " + shlex.join([a, b]), shell=True)',
    );
    expect(graded('shell-command-call', src)).toEqual(['4:low', '5:low', '6:low', '7:low', '8:high', '9:high']);
    expect(graded('subprocess-shell-true', src)).toEqual(['10:low']);
  });

  test('shlex.quote does not make SQL safe', () => {
    const src = lines('import shlex', 'def f(cur, a):', '    cur.execute("SELECT * FROM t WHERE n = " + shlex.quote(a))');
    expect(graded('sql-execute-formatted', src)).toEqual(['3:high']);
  });

  test('an f-string whose fields are constants is a constant', () => {
    const src = lines('import os', 'DIR = "/tmp"', 'os.system(f"ls {DIR}")');
    expect(graded('shell-command-call', src)).toEqual(['3:low']);
  });

  test('SQL: executed high, only built medium, parameters and module constants not at all', () => {
    const src = lines(
      'TABLE = "t"',
      'def f(cur, name):',
      '    q = f"SELECT * FROM t WHERE name = \'{name}\'"',
      '    cur.execute(q)',
      '    cur.execute("SELECT * FROM t WHERE name = ?", (name,))',
      '    cur.execute(f"SELECT * FROM {TABLE}")',
    );
    expect(graded('sql-execute-formatted', src)).toEqual(['4:high']);
    expect(graded('sql-formatted-string', src)).toEqual(['3:medium']);
  });

  test('weak keys: below 1024 high, below 2048 medium', () => {
    const src = lines(
      'from cryptography.hazmat.primitives.asymmetric import rsa',
      'rsa.generate_private_key(65537, 512)',
      'rsa.generate_private_key(public_exponent=65537, key_size=1024)',
      'rsa.generate_private_key(65537, 2048)',
    );
    expect(graded('weak-key-size', src)).toEqual(['2:high', '3:medium']);
  });

  test('TLS versions: SSL 2/3 high, TLS 1.0/1.1 medium', () => {
    const src = lines('import ssl', 'ssl.SSLContext(ssl.PROTOCOL_SSLv3)', 'ssl.SSLContext(ssl.PROTOCOL_TLSv1_1)', 'ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)');
    expect(graded('ssl-insecure-version', src)).toEqual(['2:high', '3:medium']);
  });

  test('yaml loaders: unsafe high, default medium, FullLoader low, safe subclasses hygiene, SafeLoader by name nothing', () => {
    const src = lines(
      'import yaml',
      'class Mine(yaml.SafeLoader): pass',
      'yaml.load(s, Loader=yaml.UnsafeLoader)',
      'yaml.load(s)',
      'yaml.load(s, Loader=yaml.FullLoader)',
      'yaml.load(s, Mine)',
      'yaml.load(s, Loader=yaml.SafeLoader)',
    );
    expect(graded('yaml-unsafe-load', src)).toEqual(['3:high', '4:medium', '5:low', '6:low']);
  });

  test('torch.load: explicit weights_only=False high, default medium', () => {
    const src = lines('import torch', 'torch.load(p, weights_only=False)', 'torch.load(p)', 'torch.load(p, weights_only=True)');
    expect(graded('torch-load-unsafe', src)).toEqual(['2:high', '3:medium']);
  });

  test('import rules stay low', () => {
    const src = lines('import pickle', 'import subprocess', 'import telnetlib', 'import xml.sax');
    const findings = engine.scanFile('x.py', src).findings.filter((f) => f.bandit.some((c) => c.startsWith('B4')));
    expect(findings.map((f) => f.severity)).toEqual(['low', 'low', 'low', 'low']);
  });
});

describe('yaml.load autofix', () => {
  const fixOf = (src: string) => engine.scanFile('x.py', src).findings.find((f) => f.ruleId === 'yaml-unsafe-load')?.fix;

  test('a single argument becomes safe_load', () => {
    expect(fixOf('import yaml\nx = yaml.load(open(p, "r"))\n')).toEqual({ line: 2, endLine: 2, replacement: 'x = yaml.safe_load(open(p, "r"))' });
    expect(fixOf('import yaml\nx = yaml.load_all(f)\n')?.replacement).toBe('x = yaml.safe_load_all(f)');
  });

  test('no fix when a Loader is passed, by keyword or by position', () => {
    expect(fixOf('import yaml\nx = yaml.load(f, Loader=yaml.Loader)\n')).toBeUndefined();
    expect(fixOf('import yaml\nx = yaml.load(f, loader_cls)\n')).toBeUndefined();
  });
});

describe('engine vocabulary used by these rules', () => {
  const rule = (match: Rule['match']): Rule => ({
    id: 'probe',
    title: 'probe',
    severity: 'low',
    confidence: 'low',
    category: 'practice',
    cwe: [1],
    bandit: [],
    ruff: [],
    message: 'probe',
    why: 'probe',
    fix: 'probe',
    references: [],
    match,
  });
  const probe = async (match: Rule['match'], src: string): Promise<number[]> => {
    const e = await createEngine({ rules: [rule(match)] });
    return e.scanFile('x.py', src).findings.map((f) => f.line);
  };

  test('import `except` skips imports made only of listed names', async () => {
    const match: Rule['match'] = { kind: 'import', modules: ['ftplib'], except: ['ftplib.FTP_TLS'] };
    const src = lines('from ftplib import FTP_TLS', 'from ftplib import FTP, FTP_TLS', 'import ftplib', 'from ftplib import *');
    expect(await probe(match, src)).toEqual([2, 3, 4]);
  });

  test('argument `element` looks inside a list or tuple, else at the whole value', async () => {
    const match: Rule['match'] = { kind: 'call', callees: ['run'], where: [{ position: 0, element: 0, equals: ['ls'] }] };
    expect(await probe(match, lines('run(["ls", "-l"])', 'run(("ls",))', 'run("ls")', 'run(["/bin/ls"])', 'run([])'))).toEqual([1, 2, 3]);
  });

  test('query `excludes` drops matches whose capture resolves to a listed name', async () => {
    const match: Rule['match'] = { kind: 'query', query: '(call function: (_) @fn) @call', report: 'call', excludes: { fn: ['os.*'] } };
    expect(await probe(match, lines('import os', 'os.system(x)', 'other(x)'))).toEqual([3]);
  });

  test('argument `derivesFrom` follows classes defined in the file', async () => {
    const match: Rule['match'] = { kind: 'call', callees: ['use'], where: [{ position: 0, derivesFrom: ['base.Safe'] }] };
    const src = lines('from base import Safe', 'class A(Safe): pass', 'class B(A): pass', 'use(B)', 'use(Safe)', 'use(Other)');
    expect(await probe(match, src)).toEqual([4, 5]);
  });

  test('a query with a prefilter runs only on the statements where its text matches', async () => {
    const match: Rule['match'] = { kind: 'query', query: '(string) @s', prefilter: 'TODO' };
    expect(await probe(match, lines('a = "TODO: one"', 'x = 1', 'b = "two"'))).toEqual([1]);
    expect(await probe(match, lines('a = "one"', 'x = 1', 'b = "two"'))).toEqual([]);
  });

  test('a prefilter hit in a compound statement header runs the query on the whole statement', async () => {
    const match: Rule['match'] = { kind: 'query', query: '(except_clause (block (pass_statement) @p))', prefilter: 'except' };
    expect(await probe(match, lines('try:', '    x = 1', 'except ValueError:', '    pass'))).toEqual([4]);
  });

  test('a query without a prefilter runs over the whole file', async () => {
    const match: Rule['match'] = { kind: 'query', query: '(comment) @c' };
    expect(await probe(match, lines('# one', 'x = 1', '# two'))).toEqual([1, 3]);
  });

  test('a dict literal is constant when its keys and values are', async () => {
    const match: Rule['match'] = { kind: 'call', callees: ['use'], where: [{ position: 0, is: 'constant' }] };
    expect(await probe(match, lines('use({"a": "b"})', 'use({"a": x})', 'use({**x})', 'use({})'))).toEqual([1, 4]);
  });
});

describe('a dataflow rule supersedes the syntactic rule on the same call', () => {
  const flask = (...body: string[]): string =>
    lines('import os, subprocess, sys, yaml', 'from flask import Flask, request', 'app = Flask(__name__)', '@app.route("/x")', 'def view(cur):', ...body);
  const ids = (src: string, keep = false): string[] =>
    engine
      .scanFile('x.py', src, { keepSuperseded: keep })
      .findings.map((f) => `${f.line}:${f.ruleId}:${f.severity}`)
      .filter((s) => !s.includes('subprocess-import'));

  test('request data in formatted SQL: one finding, the dataflow one, which names the source', () => {
    const src = flask('    cur.execute(f"SELECT * FROM t WHERE id = {request.args[\'id\']}")');
    expect(ids(src)).toEqual(['6:tainted-sql:high']);
    expect(ids(src, true)).toEqual(['6:sql-execute-formatted:high', '6:tainted-sql:high']);
  });

  test('the more severe finding stays: a built command from argv (a low flow) stays a high shell finding', () => {
    const src = lines('import os, sys', 'os.system("ls " + sys.argv[1])');
    expect(ids(src)).toEqual(['2:shell-command-call:high']);
  });

  test("the superseding finding takes over the other's fix", () => {
    const src = flask('    return yaml.load(request.data)');
    const found = engine.scanFile('x.py', src).findings.filter((f) => f.line === 6);
    expect(found.map((f) => f.ruleId)).toEqual(['tainted-deserialization']);
    expect(found[0].fix?.replacement).toContain('yaml.safe_load(');
  });
});
