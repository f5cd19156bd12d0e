/**
 * Issue 10, items 1 and 2: test code is judged as test code, and a name alone never makes a
 * finding high. The snippets are written for these tests.
 */
import { createEngine, loadRuleFiles, type Engine, type Finding } from '../../src/engine/index.js';
import { createInThreadRunner } from '../../src/engine-pool/in-thread-runner.js';

let engine: Engine;

beforeAll(async () => {
  engine = await createEngine({ rules: loadRuleFiles().map((f) => f.rule) });
});

function scan(path: string, code: string, isTest = false): Finding[] {
  const result = engine.scanFile(path, code, { isTest });
  expect(result.errors).toEqual([]);
  return [...result.findings];
}

function only(findings: readonly Finding[], ruleId: string): Finding {
  const of = findings.filter((f) => f.ruleId === ruleId);
  expect(of).toHaveLength(1);
  return of[0];
}

/** What plan-review treats as hygiene: summary only, never inline, never failing the check. */
function isHygiene(f: Finding): boolean {
  return f.category === 'practice' && f.severity === 'low';
}

describe('test code is judged as test code', () => {
  const login = [
    'from app.client import make_client',
    '',
    'def test_login_rejects_wrong_password():',
    '    client = make_client()',
    '    response = client.post("/login", data={"user": "alice", "password": "hunter2"})',
    '    assert response.status_code == 401',
    '',
    'def test_login_ok():',
    '    login(user="alice", password="hunter2")',
    '',
  ].join('\n');

  test('a password literal in tests/test_login.py is low hygiene, said to be test code', () => {
    const findings = scan('tests/test_login.py', login, true);
    const pw = findings.filter((f) => f.ruleId === 'hardcoded-password');
    expect(pw.length).toBeGreaterThan(0);
    for (const f of pw) {
      expect(f.severity).toBe('low');
      expect(isHygiene(f)).toBe(true);
      expect(f.message).toMatch(/^in test code: /);
    }
    // assert is how pytest tests: not reported in test code at all.
    expect(findings.filter((f) => f.ruleId === 'assert-used')).toEqual([]);
  });

  test('the same code in app/settings.py is judged as production code', () => {
    const findings = scan('app/settings.py', login, false);
    const pw = findings.filter((f) => f.ruleId === 'hardcoded-password');
    expect(pw.length).toBeGreaterThan(0);
    for (const f of pw) expect(f.message).not.toMatch(/in test code/);
    expect(findings.some((f) => f.ruleId === 'assert-used')).toBe(true);
  });

  test('a known login API with a literal password is medium in production, low in a test', () => {
    const code = ['import psycopg2', '', 'def connect():', '    return psycopg2.connect(host="db", user="app", password="Pg-s3cret-2024")', ''].join('\n');
    const prod = only(scan('app/settings.py', code), 'hardcoded-credential-argument');
    expect(prod.severity).toBe('medium');
    expect(prod.category).toBe('defect');
    // One finding on the literal: the medium one says more than hardcoded-password.
    expect(scan('app/settings.py', code).filter((f) => f.ruleId === 'hardcoded-password')).toEqual([]);
    const inTest = only(scan('tests/conftest.py', code, true), 'hardcoded-credential-argument');
    expect(isHygiene(inTest)).toBe(true);
  });

  test('verify=False in conftest.py is low, summary only; in app code it stays high', () => {
    const code = [
      'import pytest',
      'import requests',
      '',
      '@pytest.fixture',
      'def health(live_server):',
      '    return requests.get(live_server.url + "/health", verify=False, timeout=5)',
      '',
    ].join('\n');
    const inTest = only(scan('conftest.py', code, true), 'tls-verify-disabled');
    expect(inTest.severity).toBe('low');
    expect(isHygiene(inTest)).toBe(true);
    expect(inTest.message).toMatch(/^in test code: /);
    expect(only(scan('app/health.py', code), 'tls-verify-disabled').severity).toBe('high');
  });

  test('hashlib.sha1 in a test is low', () => {
    const code = [
      'import hashlib',
      '',
      'def test_signature_header(client):',
      '    signature = hashlib.sha1(b"payload").hexdigest()',
      '    client.post("/hook", headers={"X-Hub-Signature": signature})',
      '',
    ].join('\n');
    const inTest = only(scan('tests/test_hooks.py', code, true), 'weak-hash');
    expect(isHygiene(inTest)).toBe(true);
    // In production the digest really is sent as a signature: that is a fact, so high.
    expect(only(scan('app/hooks.py', code), 'weak-hash').severity).toBe('high');
  });

  test('the runners pass each file\'s isTest to the engine', async () => {
    const code = 'import requests\n\nrequests.get("https://example.test", verify=False, timeout=5)\n';
    const outcomes = await createInThreadRunner(engine).scanFiles([
      { path: 'tests/test_api.py', content: code, isTest: true },
      { path: 'app/api.py', content: code },
    ]);
    const severities = outcomes.map((o) => (o.kind === 'scanned' ? o.result.findings.find((f) => f.ruleId === 'tls-verify-disabled')?.severity : o.kind));
    expect(severities).toEqual(['low', 'high']);
  });

  test('a shell injection with request data is judged the same in tests', () => {
    const code = [
      'import subprocess',
      'from flask import request',
      '',
      'def test_helper_view():',
      '    subprocess.call("ping " + request.args["host"], shell=True)',
      '',
    ].join('\n');
    const inTest = only(scan('tests/test_ping.py', code, true), 'tainted-command');
    expect(inTest.severity).toBe('high');
    expect(inTest.message).not.toMatch(/in test code/);
  });
});

describe('weak-hash: severity from what the digest is for, never from a name', () => {
  test('SHA-1 inside a function named _tokenize is low (was high for "token")', () => {
    const code = [
      'import hashlib',
      '',
      'def _tokenize(text):',
      '    words = text.split()',
      '    return [hashlib.sha1(w.encode()).hexdigest()[:8] for w in words]',
      '',
    ].join('\n');
    const f = only(scan('lib/search.py', code), 'weak-hash');
    expect(f.severity).toBe('low');
    expect(isHygiene(f)).toBe(true);
    expect(f.message).toMatch(/usedforsecurity=False/);
    expect(f.message).toMatch(/KDF/);
    expect(f.message).toMatch(/HMAC-SHA-256/);
  });

  test('a variable named salted_encoded is low', () => {
    const code = ['import hashlib', '', 'def expand(blob, prefix):', '    salted_encoded = hashlib.md5(prefix + blob).hexdigest()', '    return salted_encoded[:12]', ''].join('\n');
    const f = only(scan('lib/shorten.py', code), 'weak-hash');
    expect(f.severity).toBe('low');
    expect(isHygiene(f)).toBe(true);
  });

  test('an MD5 of a password stored in user.password_hash is high, with KDF advice', () => {
    const code = ['import hashlib', '', 'def set_password(user, password, salt):', '    user.password_hash = hashlib.md5((password + salt).encode()).hexdigest()', ''].join('\n');
    const f = only(scan('app/accounts.py', code), 'weak-hash');
    expect(f.severity).toBe('high');
    expect(f.message).toMatch(/KDF/);
  });

  test('hashlib.sha256(password + salt) stored to user.password_hash is high (password-fast-hash), with KDF advice', () => {
    const code = ['import hashlib', '', 'def set_password(user, password, salt):', '    user.password_hash = hashlib.sha256(password + salt).hexdigest()', ''].join('\n');
    const findings = scan('app/accounts.py', code);
    const f = only(findings, 'password-fast-hash');
    expect(f.severity).toBe('high');
    expect(f.message).toMatch(/KDF \(hashlib\.scrypt, argon2, bcrypt\)/);
    expect(findings.filter((x) => x.ruleId === 'weak-hash')).toEqual([]);
  });

  test('the digest of a password parameter that is returned is high; a token parameter is not', () => {
    const code = [
      'import hashlib',
      '',
      'def hash_password(password):',
      '    return hashlib.sha1(password.encode()).hexdigest()',
      '',
      'def hash_token(token):',
      '    return hashlib.sha1(token.encode()).hexdigest()',
      '',
    ].join('\n');
    const findings = scan('app/auth.py', code).filter((f) => f.ruleId === 'weak-hash');
    expect(findings.map((f) => [f.line, f.severity])).toEqual([
      [4, 'high'],
      [7, 'low'],
    ]);
  });

  test('a digest compared with hmac.compare_digest is a MAC: high, with HMAC advice', () => {
    const code = [
      'import hashlib',
      'import hmac',
      '',
      'def verify(body, key, received):',
      '    expected = hashlib.md5(key + body).hexdigest()',
      '    return hmac.compare_digest(expected, received)',
      '',
    ].join('\n');
    const f = only(scan('app/webhooks.py', code), 'weak-hash');
    expect(f.severity).toBe('high');
    expect(f.message).toMatch(/HMAC-SHA-256/);
  });

  test('a token set in a cookie is high', () => {
    const code = [
      'import hashlib',
      'import time',
      '',
      'def remember(response, user):',
      '    remember_me = hashlib.sha1(f"{user.id}:{time.time()}".encode()).hexdigest()',
      '    response.set_cookie("remember", remember_me)',
      '',
    ].join('\n');
    expect(only(scan('app/session.py', code), 'weak-hash').severity).toBe('high');
  });

  test('hashlib.md5(url.encode()).hexdigest() as a cache key is low with the usedforsecurity=False advice', () => {
    const code = [
      'import hashlib',
      '',
      '_pages = {}',
      '',
      'def cached_page(url, fetch):',
      '    key = hashlib.md5(url.encode()).hexdigest()',
      '    if key not in _pages:',
      '        _pages[key] = fetch(url)',
      '    return _pages[key]',
      '',
    ].join('\n');
    const f = only(scan('app/pages.py', code), 'weak-hash');
    expect(f.severity).toBe('low');
    expect(isHygiene(f)).toBe(true);
    expect(f.message).toMatch(/cache key here: pass usedforsecurity=False and nothing else is needed/);
  });

  test('usedforsecurity=False: no finding at all', () => {
    const code = ['import hashlib', '', 'def etag(body):', '    return hashlib.md5(body, usedforsecurity=False).hexdigest()', ''].join('\n');
    expect(scan('app/etag.py', code).filter((f) => f.ruleId === 'weak-hash')).toEqual([]);
  });
});

describe('insecure-random-for-secret: a name makes it medium, a fact high', () => {
  test('a random reset code named like a secret is medium; the same value set in a cookie is high', () => {
    const code = [
      'import random',
      '',
      'def make_reset_code():',
      '    return random.randint(100000, 999999)',
      '',
      'def start_session(response):',
      '    sid = "".join(random.choice("abcdef0123456789") for _ in range(32))',
      '    response.set_cookie("sid", sid)',
      '',
    ].join('\n');
    const findings = scan('app/reset.py', code).filter((f) => f.ruleId === 'insecure-random-for-secret');
    expect(findings.map((f) => [f.line, f.severity])).toEqual([
      [4, 'medium'],
      [7, 'high'],
    ]);
  });
});

describe('hardcoded-password: low unless a known API logs in with it', () => {
  test('a literal assigned to a password-named variable is low hygiene', () => {
    const f = only(scan('app/settings.py', 'DB_PASSWORD = "s3cr3t-pa55"\n'), 'hardcoded-password');
    expect(f.severity).toBe('low');
    expect(isHygiene(f)).toBe(true);
  });

  test('smtplib login with a literal password is medium', () => {
    const code = ['import smtplib', '', 'def send(host, user):', '    server = smtplib.SMTP(host)', '    server.login(user, "m4il-pa55word")', ''].join('\n');
    const f = only(scan('app/mail.py', code), 'hardcoded-credential-argument');
    expect(f.severity).toBe('medium');
  });

  test('placeholders are hygiene at most (Bandit parity), environment lookups nothing; changeme is a finding', () => {
    const code = [
      'import os',
      'import psycopg2',
      '',
      'def connect(host):',
      '    psycopg2.connect(host=host, password="")',
      '    psycopg2.connect(host=host, password=None)',
      '    psycopg2.connect(host=host, password="***")',
      '    psycopg2.connect(host=host, password="<password>")',
      '    psycopg2.connect(host=host, password=os.environ["DB_PASSWORD"])',
      '    psycopg2.connect(host=host, password="changeme")',
      '',
    ].join('\n');
    const findings = scan('app/db.py', code).filter((f) => f.ruleId.startsWith('hardcoded-'));
    const hygiene = findings.filter((f) => f.ruleId === 'hardcoded-password-audit');
    expect(hygiene.map((f) => [f.line, f.severity])).toEqual([[5, 'low'], [7, 'low'], [8, 'low']]);
    expect(findings.filter((f) => !hygiene.includes(f)).map((f) => [f.ruleId, f.line])).toEqual([['hardcoded-credential-argument', 10]]);
  });
});
