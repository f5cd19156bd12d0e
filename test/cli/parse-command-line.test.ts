import { parseCommandLine, UsageError } from '../../src/cli/parse-command-line.js';

describe('parseCommandLine', () => {
  it('parses each command with its defaults', () => {
    expect(parseCommandLine(['scan', 'a.py', 'src'])).toEqual({ kind: 'scan', paths: ['a.py', 'src'], format: 'text', failOn: 'high' });
    expect(parseCommandLine(['review'])).toEqual({ kind: 'review', base: undefined, head: 'HEAD', format: 'text', failOn: undefined });
    expect(parseCommandLine(['rules'])).toEqual({ kind: 'rules', format: 'text' });
    expect(parseCommandLine(['docs'])).toEqual({ kind: 'docs', mode: 'check', dir: undefined });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommandLine(['help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['scan', '-h'])).toEqual({ kind: 'help' });
  });

  it('accepts options anywhere and in --opt=value form', () => {
    expect(parseCommandLine(['--format=json', 'review', '--base', 'origin/main', '--head=topic', '--fail-on', 'low'])).toEqual({
      kind: 'review',
      base: 'origin/main',
      head: 'topic',
      format: 'json',
      failOn: 'low',
    });
    expect(parseCommandLine(['docs', '--write', '--dir', 'x'])).toEqual({ kind: 'docs', mode: 'write', dir: 'x' });
  });

  it('takes paths after -- even when they look like options', () => {
    expect(parseCommandLine(['scan', '--', '-weird.py'])).toMatchObject({ paths: ['-weird.py'] });
  });

  it.each([
    [[], 'no command given'],
    [['scan'], 'scan needs at least one file or folder'],
    [['lint', 'x'], 'unknown command "lint"'],
    [['scan', 'x', '--format', 'html'], '--format must be one of text, json, sarif (got "html")'],
    [['scan', 'x', '--fail-on', 'none'], '--fail-on must be one of low, medium, high (got "none")'],
    [['scan', 'x', '--head', 'y'], '--head does not apply to "scan"'],
    [['docs', '--format', 'json'], '--format does not apply to "docs"'],
    [['review', 'extra'], '"review" takes no arguments (got "extra")'],
    [['review', '--base=-x'], '--base: not a valid git ref: "-x"'],
    [['scan', 'x', '--colour'], "Unknown option '--colour'"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});
