import { annotationCommand, escapeData, escapeProperty, inertLog } from '../../src/action/workflow-commands.js';
import { parseWorkflowCommands } from './action-test-helpers.js';

describe('workflow command escaping', () => {
  it('escapes message data and property values as the runner unescapes them', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('writes one annotation line with its properties', () => {
    expect(annotationCommand('error', { file: 'src/a.py', line: 3, endLine: 4, col: 5, endColumn: 9, title: 'T' }, 'msg')).toBe(
      '::error file=src/a.py,line=3,endLine=4,col=5,endColumn=9,title=T::msg\n',
    );
    expect(annotationCommand('notice', {}, 'plain')).toBe('::notice::plain\n');
  });

  it.each([
    ['a file name', { file: 'x.py\n::add-mask::secret\n::stop-commands::t' }, 'm'],
    ['a file name ending the properties', { file: 'x.py,line=1::\n::add-mask::y' }, 'm'],
    ['a title', { title: 'r\r::add-mask::z' }, 'm'],
    ['a message', {}, 'bad\n::add-mask::secret\r\n::stop-commands::tok\n::error::injected'],
  ])('keeps %s from starting another command', (_what, props, message) => {
    const line = annotationCommand('error', props, message);
    expect(line.split(/\r\n|\r|\n/).filter((l) => l !== '')).toHaveLength(1);
    const commands = parseWorkflowCommands(line);
    expect(commands.map((c) => c.command)).toEqual(['error']);
    // The runner gets the exact file name back, and properties cannot be added.
    if ('file' in props) expect(commands[0].properties).toEqual({ file: props.file });
  });

  it('leaves a file name with another kind of line break out of file=', () => {
    expect(annotationCommand('warning', { file: 'a\u2028::add-mask::b.py', line: 2 }, 'm')).toBe('::warning line=2::m\n');
  });

  it('wraps foreign log text so none of it is read as a command', () => {
    const text = 'hunkwise: not analysed: x.py\n::add-mask::secret\n::error::fake\n';
    const log = inertLog(text);
    const commands = parseWorkflowCommands(log);
    expect(commands.map((c) => c.command)).toEqual(['stop-commands']);
    expect(commands[0].data).toMatch(/^[0-9a-f]{32}$/);
    expect(log).toContain(text);
    expect(log.endsWith(`::${commands[0].data}::\n`)).toBe(true);
    expect(inertLog('')).toBe('');
  });

  it('picks another token when the text contains the one offered', () => {
    const log = inertLog('::abc::\n::add-mask::x\n', 'abc');
    expect(log.startsWith('::stop-commands::abc\n')).toBe(false);
    expect(parseWorkflowCommands(log).map((c) => c.command)).toEqual(['stop-commands']);
  });
});
