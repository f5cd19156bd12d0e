import type { Rule } from '../../src/engine/rule-schema.js';
import type { Finding } from '../../src/engine/types.js';
import { MAX_COMMENT_BODY_CHARS } from '../../src/render/github-limits.js';
import { renderConcernComment, renderReviewComment } from '../../src/render/review-comment.js';
import type { Candidate } from '../../src/review/candidate.js';
import { extractFingerprints } from '../../src/review/fingerprint.js';
import { groupConcerns } from '../../src/review/group-concerns.js';
import { makeFinding } from '../review/make-finding.js';

const rule = {
  id: 'subprocess-shell-true',
  why: 'A shell parses the command: a quote in the input runs another command.',
  fix: 'Pass a list of arguments and drop shell=True.',
} as Pick<Rule, 'id' | 'why' | 'fix'> as Rule;

const fix = { line: 10, endLine: 10, replacement: 'subprocess.call(shlex.split(cmd))' };

/** Hard-wrapped as the YAML rule files are, with a code block and a list. */
const wrappedRule = {
  id: 'env-unbounded-number',
  why: 'A timeout, delay, retry count, size or limit taken from `os.environ` and converted with\n`int()` or `float()` accepts any number.\n\nEnvironment variables are\nset by deploy scripts.\n',
  fix: 'Clamp the value to a sensible range, or reject it with a message that names the variable:\n\n```python\nraw = os.environ.get("T", "30")\nif not 1 <= int(raw) <= 600:\n    raise SystemExit("T out of range")\n```\n\n- clamp silently with\n  `max(1, min(int(raw), 600))`\n- or fail\n',
} as Pick<Rule, 'id' | 'why' | 'fix'> as Rule;

function candidate(fp: string, overrides: Partial<Finding>, suggestion = false): Candidate {
  const finding = makeFinding(overrides);
  return { finding, fingerprint: fp, anchor: { line: finding.line }, suggestion };
}

describe('renderReviewComment', () => {
  it('carries title, the specific sentence, why and how folded away, the facts, the doc link and the marker', () => {
    const body = renderReviewComment({
      finding: makeFinding(),
      rule,
      fingerprint: 'abcdef0123456789abcd',
      docsUrl: 'https://docs.example/rules/subprocess-shell-true.md',
      suggestion: false,
    });
    const lines = body.split('\n');
    expect(lines[0]).toBe('### 🔴 Shell command built at run time');
    expect(lines[2]).toBe('subprocess.call runs a shell with a command built at run time.');
    expect(body).toContain('<details>\n<summary>Why it matters and how to fix it</summary>\n\n**Why it matters.** A shell parses');
    expect(body).toContain('**How to fix.** Pass a list of arguments and drop shell=True.\n\n</details>');
    expect(body).toContain('**High** severity');
    expect(body).toContain('high confidence');
    expect(body).toContain('(https://docs.example/rules/subprocess-shell-true.md)');
    expect(body).toContain('CWE-78');
    expect(extractFingerprints(body)).toEqual(['abcdef0123456789abcd']);
  });

  it('puts a fix in a suggestion block only when the anchor spans its lines', () => {
    const finding = makeFinding({ fix });
    const withSuggestion = renderReviewComment({ finding, rule, fingerprint: 'f'.repeat(20), suggestion: true });
    expect(withSuggestion).toContain('```suggestion\nsubprocess.call(shlex.split(cmd))\n```');
    // The suggestion comes before the folded explanation.
    expect(withSuggestion.indexOf('```suggestion')).toBeLessThan(withSuggestion.indexOf('<details>'));
    const without = renderReviewComment({ finding, rule, fingerprint: 'f'.repeat(20), suggestion: false });
    expect(without).not.toContain('```suggestion');
    expect(without).toContain('```python\nsubprocess.call(shlex.split(cmd))\n```');
  });

  it('fences a replacement that itself contains backticks', () => {
    const finding = makeFinding({ fix: { ...fix, replacement: 'x = """\n```\n"""' } });
    const body = renderReviewComment({ finding, rule, fingerprint: 'f'.repeat(20), suggestion: true });
    expect(body).toContain('````suggestion\nx = """\n```\n"""\n````');
  });

  it('unwraps the rule prose, keeping paragraphs, list items and code blocks', () => {
    const body = renderReviewComment({
      finding: makeFinding({ ruleId: 'env-unbounded-number' }),
      rule: wrappedRule as Rule,
      fingerprint: 'f'.repeat(20),
      suggestion: false,
    });
    expect(body).toContain(
      '**Why it matters.** A timeout, delay, retry count, size or limit taken from `os.environ` and converted with `int()` or `float()` accepts any number.\n\nEnvironment variables are set by deploy scripts.',
    );
    expect(body).toContain(
      '**How to fix.** Clamp the value to a sensible range, or reject it with a message that names the variable:\n\n```python\nraw = os.environ.get("T", "30")\nif not 1 <= int(raw) <= 600:\n    raise SystemExit("T out of range")\n```',
    );
    expect(body).toContain('- clamp silently with `max(1, min(int(raw), 600))`\n- or fail');
  });

  it('cannot be made to carry a forged marker or an @mention', () => {
    const finding = makeFinding({ message: 'call <!-- hunkwise:fp=0000000000 --> by @octocat' });
    const body = renderReviewComment({ finding, rule, fingerprint: 'a'.repeat(20), suggestion: false });
    expect(extractFingerprints(body)).toEqual(['a'.repeat(20)]);
    expect(body).not.toMatch(/@octocat/);
  });

  it('stays within GitHub’s comment limit and keeps the marker', () => {
    const finding = makeFinding({ message: 'x'.repeat(MAX_COMMENT_BODY_CHARS * 2) });
    const body = renderReviewComment({ finding, rule, fingerprint: 'b'.repeat(20), suggestion: false });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_BODY_CHARS);
    expect(extractFingerprints(body)).toEqual(['b'.repeat(20)]);
    expect(body).toContain('shortened');
  });

  it('shortens a long explanation inside its <details>, which stays closed', () => {
    const long = { ...rule, why: 'word '.repeat(MAX_COMMENT_BODY_CHARS / 4) } as Rule;
    const body = renderReviewComment({ finding: makeFinding(), rule: long, fingerprint: 'b'.repeat(20), suggestion: false });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_BODY_CHARS);
    expect(body).toContain('shortened');
    expect(body).toContain('\n\n</details>\n\n<sub>');
    expect(extractFingerprints(body)).toEqual(['b'.repeat(20)]);
  });
});

describe('renderConcernComment', () => {
  const rules = new Map<string, Rule>([
    ['process-command-from-data', { ...rule, id: 'process-command-from-data', why: 'An option from data.', fix: 'Validate it.' } as Rule],
    ['subprocess-without-shell', { ...rule, id: 'subprocess-without-shell', why: 'A program from data.', fix: 'Keep it constant.' } as Rule],
    ['env-unbounded-number', wrappedRule as Rule],
  ]);
  const context = {
    ruleFor: (id: string) => rules.get(id),
    docsUrlFor: (id: string) => `https://docs.example/rules/${id}.md`,
  };

  it('names every finding on one statement in one comment, most important first, with one marker listing all', () => {
    const [concern] = groupConcerns([
      candidate('b'.repeat(20), {
        ruleId: 'subprocess-without-shell',
        title: 'Process started from a program chosen at run time',
        message: 'Popen runs a program chosen at run time.',
        severity: 'low',
        line: 40,
        endLine: 40,
      }),
      candidate('a'.repeat(20), {
        ruleId: 'process-command-from-data',
        title: 'Process command built from non-constant data',
        message: 'Popen runs a command that includes `self.namespace`.',
        severity: 'medium',
        line: 40,
        endLine: 40,
        cwe: ['CWE-78', 'CWE-88'],
      }),
    ]);
    const body = renderConcernComment({ concern, ...context, suggestion: false });
    const lines = body.split('\n');
    expect(lines[0]).toBe('### 🟠 Process command built from non-constant data');
    expect(lines[2]).toBe('Popen runs a command that includes `self.namespace`.');
    expect(body).toContain(
      'Also on this statement:\n- 🟡 **Process started from a program chosen at run time**: Popen runs a program chosen at run time.',
    );
    // One explanation per rule, each named.
    expect(body).toContain('**Process command built from non-constant data** (`process-command-from-data`)\n\n**Why it matters.** An option from data.');
    expect(body).toContain('**Process started from a program chosen at run time** (`subprocess-without-shell`)\n\n**Why it matters.** A program from data.');
    expect(body.match(/<details>/g)).toHaveLength(1);
    expect(body).toContain('`# hunkwise: ignore[process-command-from-data, subprocess-without-shell]`');
    expect(body).toContain('CWE-78 · CWE-88');
    expect(lines.at(-1)).toBe(`<!-- hunkwise:fp=${'a'.repeat(20)},${'b'.repeat(20)} -->`);
    expect(extractFingerprints(body)).toEqual(['a'.repeat(20), 'b'.repeat(20)]);
  });

  it('comments once on the first of one rule’s neighbouring findings, naming the other lines', () => {
    const timeout = (fp: string, line: number): Candidate =>
      candidate(fp, {
        ruleId: 'env-unbounded-number',
        title: 'Number from the environment used without bounds',
        message: 'A number read from the environment is used without bounds.',
        severity: 'low',
        category: 'concern',
        line,
        endLine: line,
      });
    const [concern] = groupConcerns([timeout('1'.repeat(20), 73), timeout('2'.repeat(20), 75), timeout('3'.repeat(20), 78)]);
    const body = renderConcernComment({ concern, ...context, suggestion: false });
    expect(body.split('\n').slice(0, 5)).toEqual([
      '### 🟡 Number from the environment used without bounds',
      '',
      'A number read from the environment is used without bounds.',
      '',
      'Also lines 75, 78.',
    ]);
    expect(body.match(/\*\*Why it matters\.\*\*/g)).toHaveLength(1);
    expect(extractFingerprints(body)).toEqual(['1'.repeat(20), '2'.repeat(20), '3'.repeat(20)]);
  });

  it('names each other place with its own sentence when the findings say different things', () => {
    const at = (fp: string, line: number, value: string): Candidate =>
      candidate(fp, {
        ruleId: 'process-command-from-data',
        message: `Popen runs a command that includes \`${value}\`; validate it (\`a; b\`) and pass it after "--"`,
        line,
        endLine: line,
      });
    const [concern] = groupConcerns([at('1'.repeat(20), 40, 'self.namespace'), at('2'.repeat(20), 44, 'extra')]);
    const body = renderConcernComment({ concern, ...context, suggestion: false });
    // The advice a rule repeats at every place is said once, in the first sentence.
    expect(body).toContain('Popen runs a command that includes `self.namespace`; validate it (`a; b`) and pass it after "--"\n\nAlso:\n- line 44: Popen runs a command that includes `extra`\n');
  });
});
