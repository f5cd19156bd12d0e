import { Writable } from 'node:stream';
import { createLogger, scrubSecrets } from '../../src/logger.js';

function capture(): { stream: Writable; lines: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return { stream, lines: () => out };
}

describe('logger', () => {
  test('an error whose message quotes request headers logs no credential', () => {
    const { stream, lines } = capture();
    const log = createLogger({ destination: stream });
    const err = new Error(
      'Nock: No match for request {"method":"GET","headers":{"authorization":"token ghs_abcdefghijklmnopqrstuvwx12","x-hub-signature-256":"sha256=0123abcd"}}',
    );
    log.error({ err }, 'request failed');
    log.warn({ error: new Error('Authorization: Bearer v1.0123456789abcdef0123456789abcdef01234567') }, 'retry');
    const text = lines();
    expect(text).not.toMatch(/ghs_|sha256=0123|v1\.0123/);
    expect(text).toContain('[redacted]');
    expect(text).toContain('request failed');
  });

  test('paths keep working: tokens, keys and file contents in objects', () => {
    const { stream, lines } = capture();
    const log = createLogger({ destination: stream });
    log.info({ token: 'ghs_secret', options: { privateKey: '-----BEGIN RSA PRIVATE KEY-----x' }, body: 'import os' }, 'hello');
    expect(lines()).not.toMatch(/ghs_secret|BEGIN RSA|import os/);
  });

  test.each([
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----', '[redacted private key]'],
    ['token ghp_0123456789abcdefghij0123', 'token [redacted token]'],
    ["authorization: 'token abc.def'", "authorization: '[redacted]'"],
    ['nothing secret here', 'nothing secret here'],
  ])('scrubSecrets(%j)', (input, expected) => {
    expect(scrubSecrets(input)).toBe(expected);
  });
});
