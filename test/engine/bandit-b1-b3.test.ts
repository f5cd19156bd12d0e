/**
 * Grades of the B1xx-B3xx rules, which the fixtures (fire / do not fire) do not pin, and the
 * engine vocabulary they rely on: receivers bound to a factory's result, stat mode masks,
 * string prefixes, and the named-context analyzer.
 */
import { createEngine, loadBuiltinRules, type Engine } from '../../src/engine/index.js';

const PINNED = new Set([
  'chmod-permissive',
  'exec-eval-used',
  'flask-debug-true',
  'insecure-random-for-secret',
  'request-without-timeout',
  'tarfile-extractall-unfiltered',
  'urlopen-any-scheme',
  'weak-hash',
  'weak-hash-by-name',
]);
let engine: Engine;
beforeAll(async () => {
  engine = await createEngine({ rules: loadBuiltinRules().filter((r) => PINNED.has(r.id)) });
});

const graded = (src: string): string[] =>
  engine.scanFile('x.py', src).findings.map((f) => `${f.line}:${f.ruleId}:${f.severity}`);

describe('B1xx-B3xx grades', () => {
  test('chmod: world-writable is high, setuid medium, 0o755 hygiene (low); stat masks are understood', () => {
    const src = [
      'import os, stat',
      'os.chmod(p, 0o777)',
      'os.chmod(p, 0o4755)',
      'os.chmod(p, 0o755)',
      'os.chmod(p, stat.S_IRWXU | stat.S_IRWXO)',
      'os.chmod(p, stat.S_IRWXU | stat.S_IRGRP)',
    ].join('\n');
    expect(graded(src)).toEqual(['2:chmod-permissive:high', '3:chmod-permissive:medium', '4:chmod-permissive:low', '5:chmod-permissive:high']);
  });

  test('exec/eval: constant hygiene (low), a variable low, a string built at run time medium', () => {
    const src = ['def f(x):', '    eval("1")', '    eval(x)', '    exec(f"y = {x}")', '    exec("a" + x)'].join('\n');
    expect(graded(src)).toEqual(['2:exec-eval-used:low', '3:exec-eval-used:low', '4:exec-eval-used:medium', '5:exec-eval-used:medium']);
  });

  test('flask debug: high on a network address, medium on loopback or default', () => {
    const src = [
      'from flask import Flask',
      'app = Flask(__name__)',
      'app.run(debug=True)',
      'app.run("127.0.0.1", debug=True)',
      'app.run(host="0.0.0.0", debug=True)',
      'app.run(host=HOST, debug=True)',
    ].join('\n');
    expect(graded(src)).toEqual([
      '3:flask-debug-true:medium',
      '4:flask-debug-true:medium',
      '5:flask-debug-true:high',
      '6:flask-debug-true:high',
    ]);
  });

  test('weak hash: high where the digest is stored from a password, low for checksums and names alone, none with usedforsecurity=False', () => {
    const src = [
      'import hashlib',
      'def save(user, password, blob):',
      '    user.hash = hashlib.md5(password.encode()).hexdigest()',
      '    etag = hashlib.md5(blob).hexdigest()',
      '    quiet = hashlib.sha1(blob, usedforsecurity=False)',
      '    signature = hashlib.new("sha1", blob)',
      '    h = hashlib.new("sha256", blob)',
    ].join('\n');
    // Line 6: `signature` is only a name; nothing shows the digest is used as one (issue 10).
    expect(graded(src)).toEqual(['3:weak-hash:high', '4:weak-hash:low', '6:weak-hash-by-name:low']);
  });

  test('random: a concern only where the value looks like a secret, medium on a name alone; hygiene (low) elsewhere', () => {
    const src = [
      'import random',
      'def f():',
      '    jitter = random.random()',
      '    api_token = "%x" % random.getrandbits(128)',
      '    return jitter, api_token',
      'def make_password():',
      '    return random.choice("abc")',
    ].join('\n');
    // A name (`api_token`, `make_password`) is a hint, not a fact: medium (issue 10).
    expect(graded(src)).toEqual([
      '3:insecure-random-for-secret:low',
      '4:insecure-random-for-secret:medium',
      '7:insecure-random-for-secret:medium',
    ]);
  });

  test('tarfile: a receiver bound by `with` or assignment is the factory result; members= is low', () => {
    const src = [
      'import tarfile',
      'def f(p, d, pick):',
      '    with tarfile.open(p) as t:',
      '        t.extractall(d)',
      '        t.extractall(d, members=pick(t))',
      '    u = tarfile.open(p)',
      '    u.extractall(d, filter="data")',
      '    u = None',
      '    u.extractall(d)',
    ].join('\n');
    // The second binding of `u` makes its type unknown, so line 9 is not matched.
    expect(graded(src)).toEqual(['4:tarfile-extractall-unfiltered:high', '5:tarfile-extractall-unfiltered:low']);
  });

  test('a parameter shadows a module-level binding of the same name', () => {
    const src = ['import requests', 's = requests.Session()', 'def f(s):', '    s.get(u)', 's.get(u)'].join('\n');
    expect(graded(src)).toEqual(['5:request-without-timeout:medium']);
  });

  test('urlopen: a URL with a constant https:// head is fine, any other non-constant URL is not', () => {
    const src = [
      'from urllib.request import urlopen',
      'def f(host, url):',
      '    urlopen(f"https://{host}/x")',
      '    urlopen("https://%s/x" % host)',
      '    urlopen(url)',
      '    urlopen(f"{host}/x")',
    ].join('\n');
    expect(graded(src)).toEqual(['5:urlopen-any-scheme:medium', '6:urlopen-any-scheme:medium']);
  });
});
