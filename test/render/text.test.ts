import type { Finding } from '../../src/engine/types.js';
import { markSpan, renderRulesText, renderText, sanitizeForTerminal, type TextReport } from '../../src/render/text.js';

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'hard-kill',
    path: 'svc/worker.py',
    line: 2,
    endLine: 2,
    column: 5,
    endColumn: 32,
    severity: 'medium',
    confidence: 'high',
    cwe: ['CWE-404'],
    bandit: [],
    ruff: [],
    message: 'SIGKILL gives the process no chance to clean up',
    title: 'Hard kill',
    category: 'concern',
    snippet: 'os.kill(pid, signal.SIGKILL)',
    ...overrides,
  };
}

const SOURCE = 'def stop(pid):\n    os.kill(pid, signal.SIGKILL)\n';

function report(overrides: Partial<TextReport> = {}): TextReport {
  return {
    findings: [finding()],
    errors: [],
    notAnalysed: [],
    filesScanned: 3,
    sources: new Map([['svc/worker.py', SOURCE]]),
    ...overrides,
  };
}

describe('renderText', () => {
  it('prints location, severity, rule and message, the source line with carets, and totals', () => {
    expect(renderText(report(), { color: false })).toBe(
      [
        'svc/worker.py:2:5: medium [hard-kill] SIGKILL gives the process no chance to clean up',
        '  2 |     os.kill(pid, signal.SIGKILL)',
        '    |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '',
        '1 finding (1 medium) in 1 of 3 files.',
        '',
      ].join('\n'),
    );
  });

  it('sorts findings by path, line and column, and aligns the gutter', () => {
    const many = report({
      findings: [
        finding({ line: 10, endLine: 10, column: 1, endColumn: 3, path: 'b.py' }),
        finding({ line: 2, endLine: 2, column: 1, endColumn: 2, path: 'b.py', severity: 'high' }),
        finding({ path: 'a.py', severity: 'low' }),
      ],
      sources: new Map([['b.py', 'x\ny\n\n\n\n\n\n\n\nzz\n']]),
    });
    const out = renderText(many, { color: false });
    expect(out.indexOf('a.py:2:5')).toBeLessThan(out.indexOf('b.py:2:1'));
    expect(out.indexOf('b.py:2:1')).toBeLessThan(out.indexOf('b.py:10:1'));
    expect(out).toContain('   2 | y\n     | ^\n');
    expect(out).toContain('  10 | zz\n     | ^^\n');
    expect(out).toContain('3 findings (1 high, 1 medium, 1 low) in 2 of 3 files.');
  });

  it('omits the source line when the text is not available', () => {
    const out = renderText(report({ sources: new Map() }), { color: false });
    expect(out).not.toContain(' | ');
  });

  it('lists errors under "Not analysed", saying when the rest of the file was analysed', () => {
    const out = renderText(
      report({
        findings: [],
        errors: [
          { path: 'blob.py', kind: 'binary', message: 'binary file' },
          { path: 'half.py', kind: 'parse', message: 'syntax error', line: 7 },
        ],
        notAnalysed: ['blob.py'],
      }),
      { color: false },
    );
    expect(out).toBe(
      [
        'Not analysed:',
        '  blob.py: binary: binary file',
        '  half.py:7: parse: syntax error (rest of the file analysed)',
        '',
        'No findings in 3 files; 1 file not analysed.',
        '',
      ].join('\n'),
    );
  });

  it('prints a heading, notes and the check conclusion', () => {
    const out = renderText(
      report({ heading: 'hunkwise review of abc...def', notes: ['2 other findings'], conclusion: { conclusion: 'neutral', reason: 'why' } }),
      { color: false },
    );
    expect(out.startsWith('hunkwise review of abc...def\n\n')).toBe(true);
    expect(out).toContain('2 other findings\n\n1 finding');
    expect(out.endsWith('Check conclusion: neutral (why)\n')).toBe(true);
  });

  it('colours only when asked', () => {
    const coloured = renderText(report({ conclusion: { conclusion: 'failure', reason: 'r' } }), { color: true });
    expect(coloured).toContain('\u001b[33mmedium\u001b[0m');
    expect(coloured).toContain('\u001b[31mfailure\u001b[0m');
    expect(renderText(report(), { color: false })).not.toContain('\u001b');
  });

  it('never passes terminal control or bidi characters from a scanned file through', () => {
    const evil = report({
      findings: [finding({ line: 1, endLine: 1, column: 1, endColumn: 4, message: 'msg \u001b[2J', path: 'e\u001b]0;x\u0007.py' })],
      sources: new Map([['e\u001b]0;x\u0007.py', 'a\u001b[31m = "\u202e" # \u0000\n']]),
    });
    const out = renderText(evil, { color: false });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
  });
});

describe('markSpan', () => {
  it('puts carets under [column, endColumn)', () => {
    expect(markSpan('x = eval(s)', { line: 1, endLine: 1, column: 5, endColumn: 12 })).toEqual({
      text: 'x = eval(s)',
      marker: '    ^^^^^^^',
    });
  });

  it('marks to the end of the line for a multi-line finding, and at least one column', () => {
    expect(markSpan('call(', { line: 1, endLine: 3, column: 1, endColumn: 2 }).marker).toBe('^^^^^');
    expect(markSpan('abc', { line: 1, endLine: 1, column: 2, endColumn: 2 }).marker).toBe(' ^');
    expect(markSpan('', { line: 1, endLine: 1, column: 1, endColumn: 1 }).marker).toBe('^');
  });

  it('expands tabs and keeps the carets aligned', () => {
    expect(markSpan('\tx\ty()', { line: 1, endLine: 1, column: 4, endColumn: 7 })).toEqual({
      text: '    x   y()',
      marker: '        ^^^',
    });
  });

  it('shows a window of a very long line around the finding', () => {
    const line = `${'a'.repeat(300)}danger()${'b'.repeat(300)}`;
    const { text, marker } = markSpan(line, { line: 1, endLine: 1, column: 301, endColumn: 309 });
    expect(text.startsWith('…')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(162);
    const at = marker.indexOf('^');
    expect(text.slice(at, at + 8)).toBe('danger()');
    expect(marker.slice(at)).toBe('^^^^^^^^');
  });
});

describe('sanitizeForTerminal', () => {
  it('replaces each unsafe character by one replacement character and keeps tabs and text', () => {
    expect(sanitizeForTerminal('a\u001bb\tc\u202ed\u009be')).toBe('a\ufffdb\tc\ufffdd\ufffde');
    expect(sanitizeForTerminal('héllo 😀')).toBe('héllo 😀');
  });
});

describe('renderRulesText', () => {
  it('prints an aligned table sorted by id and a count', () => {
    const out = renderRulesText([
      { id: 'yaml-load', title: 'Unsafe YAML', severity: 'medium', confidence: 'high', cwe: [502] },
      { id: 'eval', title: 'eval of data', severity: 'high', confidence: 'medium', cwe: [95, 94] },
    ]);
    expect(out).toBe(
      [
        'RULE       SEVERITY  CONFIDENCE  CWE            TITLE',
        'eval       high      medium      CWE-95,CWE-94  eval of data',
        'yaml-load  medium    high        CWE-502        Unsafe YAML',
        '',
        '2 rules.',
        '',
      ].join('\n'),
    );
  });
});
