/**
 * One `name` per log line, whatever the nesting of child loggers (Probot names
 * its own children), and LOG_FORMAT=pretty through pino-pretty with the same
 * redaction and bounds as JSON.
 */
import { Writable } from 'node:stream';
import { createLogger, parseLogFormat, ROOT_LOGGER_NAME } from '../../src/logger.js';

function capture(): { stream: Writable; text: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return { stream, text: () => out };
}

/** How many times `"name":` occurs as a key of the line's top-level object. */
function nameKeys(line: string): number {
  return (line.match(/[{,]"name":/g) ?? []).length;
}

describe('one name per line', () => {
  test('the root logger, a child and a grandchild each write one name, the nearest given', () => {
    const { stream, text } = capture();
    const root = createLogger({ destination: stream });
    const probot = root.child({ name: 'probot' });
    const github = probot.child({ name: 'github', id: 'abc' });
    const unnamed = github.child({ pull: 7 });
    root.info('root');
    probot.info('probot');
    github.info('github');
    unnamed.info('unnamed');
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(nameKeys(line)).toBe(1);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => p.name)).toEqual([ROOT_LOGGER_NAME, 'probot', 'github', 'github']);
    // Other bindings stay.
    expect(parsed[3]).toMatchObject({ id: 'abc', pull: 7, msg: 'unnamed' });
  });

  test('child() with options (serializers) keeps the name handling', () => {
    const { stream, text } = capture();
    const log = createLogger({ destination: stream }).child({ name: 'event' }, { level: 'debug' });
    log.debug('hello');
    const line = text().trim();
    expect(nameKeys(line)).toBe(1);
    expect(JSON.parse(line)).toMatchObject({ name: 'event', msg: 'hello' });
  });

  test('a hostile child name is bounded', () => {
    const { stream, text } = capture();
    createLogger({ destination: stream }).child({ name: 'x'.repeat(10_000) }).info('hi');
    expect((JSON.parse(text()) as { name: string }).name.length).toBeLessThan(200);
  });
});

describe('LOG_FORMAT', () => {
  test.each([
    ['pretty', 'pretty'],
    [' PRETTY ', 'pretty'],
    ['json', 'json'],
    ['', 'json'],
    [undefined, 'json'],
    ['yaml', 'json'],
  ])('parseLogFormat(%j) is %s', (value, format) => {
    expect(parseLogFormat(value)).toBe(format);
  });

  test('pretty: human-readable lines with the level, name and message; secrets still redacted', () => {
    const { stream, text } = capture();
    const log = createLogger({ format: 'pretty', destination: stream });
    log.child({ name: 'probot' }).child({ name: 'github' }).warn({ token: 'ghs_secretsecretsecret1234', pull: 3 }, 'rate limited');
    log.error({ err: new Error('Authorization: token ghp_0123456789abcdefghij0123') }, 'request failed');
    const out = text();
    expect(out).not.toMatch(/^\{/m);
    expect(out).toMatch(/WARN.*\(github\b.*rate limited/);
    expect(out).toMatch(/ERROR.*\(hunkwise\b.*request failed/);
    expect(out).toContain('pull: 3');
    expect(out).not.toMatch(/ghs_secret|ghp_0123/);
  });

  test('pretty: terminal control characters in a message do not reach the terminal', () => {
    const { stream, text } = capture();
    createLogger({ format: 'pretty', destination: stream }).info({ field: 'a\u001b[2Jb' }, 'x\u001b[31my');
    expect(text()).not.toContain('\u001b[2J');
    expect(text()).not.toContain('\u001b[31my');
  });
});
