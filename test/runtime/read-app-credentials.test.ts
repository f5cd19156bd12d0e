import { generateKeyPairSync } from 'node:crypto';
import { readAppCredentials, WEBHOOK_SECRET_PLACEHOLDER } from '../../src/runtime/read-app-credentials.js';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const SECRET = 'a'.repeat(32);
const noFile = (): string => {
  throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
};
const server = (env: Record<string, string>) => readAppCredentials(env, { role: 'server', readFile: noFile });

describe('readAppCredentials', () => {
  test('a complete configuration', () => {
    expect(server({ APP_ID: '42', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET, NODE_ENV: 'production' })).toEqual({
      kind: 'app',
      appId: 42,
      privateKey: privateKey.trim(),
      webhookSecret: SECRET,
    });
  });

  test.each([
    ['empty', ''],
    ['blank', '   '],
    ["Probot's public fallback", 'development'],
    ['the .env.example placeholder', WEBHOOK_SECRET_PLACEHOLDER],
    ['too short', 'abc123'],
  ])('refuses a WEBHOOK_SECRET that is %s, naming the variable', (_what, secret) => {
    const result = server({ APP_ID: '42', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: secret });
    expect(result.kind).toBe('refuse');
    expect(result.kind === 'refuse' && result.reason).toMatch(/^WEBHOOK_SECRET .*openssl rand -hex 32/);
  });

  test('refuses a missing secret also when the variable is absent', () => {
    expect(server({ APP_ID: '42', PRIVATE_KEY: privateKey })).toMatchObject({ kind: 'refuse', reason: expect.stringMatching(/^WEBHOOK_SECRET is not set/) });
  });

  test('setup mode only in development, and only with neither APP_ID nor a key', () => {
    expect(server({})).toEqual({ kind: 'setup' });
    expect(server({ NODE_ENV: 'development' })).toEqual({ kind: 'setup' });
    expect(server({ NODE_ENV: 'production' })).toMatchObject({ kind: 'refuse', reason: expect.stringMatching(/^APP_ID is not set/) });
    expect(server({ APP_ID: '42', WEBHOOK_SECRET: SECRET })).toMatchObject({ kind: 'refuse', reason: expect.stringMatching(/PRIVATE_KEY/) });
    expect(server({ PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET })).toMatchObject({ kind: 'refuse', reason: expect.stringMatching(/^APP_ID/) });
    expect(readAppCredentials({}, { role: 'worker', readFile: noFile })).toMatchObject({ kind: 'refuse' });
  });

  test('a worker needs no webhook secret', () => {
    expect(readAppCredentials({ APP_ID: '7', PRIVATE_KEY: privateKey }, { role: 'worker', readFile: noFile })).toMatchObject({ kind: 'app', appId: 7 });
  });

  test.each([
    ['with \\n escapes', privateKey.replace(/\n/g, '\\n')],
    ['base64', Buffer.from(privateKey).toString('base64')],
  ])('reads a PRIVATE_KEY %s', (_what, raw) => {
    expect(server({ APP_ID: '42', PRIVATE_KEY: raw, WEBHOOK_SECRET: SECRET })).toMatchObject({ kind: 'app', appId: 42 });
  });

  test('refuses a bad key or path without quoting the key', () => {
    const bad = server({ APP_ID: '42', PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nnotakey\n-----END RSA PRIVATE KEY-----', WEBHOOK_SECRET: SECRET });
    expect(bad).toEqual({ kind: 'refuse', reason: 'PRIVATE_KEY is not a PEM private key' });
    expect(server({ APP_ID: '42', PRIVATE_KEY_PATH: '/nope.pem', WEBHOOK_SECRET: SECRET })).toEqual({
      kind: 'refuse',
      reason: 'PRIVATE_KEY_PATH cannot be read (ENOENT): /nope.pem',
    });
    const fromFile = readAppCredentials({ APP_ID: '42', PRIVATE_KEY_PATH: '/key.pem', WEBHOOK_SECRET: SECRET }, { role: 'server', readFile: () => privateKey });
    expect(fromFile).toMatchObject({ kind: 'app', privateKey });
    expect(server({ APP_ID: 'abc', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET })).toMatchObject({ kind: 'refuse', reason: expect.stringMatching(/^APP_ID is not a number/) });
  });
});
