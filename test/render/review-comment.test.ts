import type { Rule } from '../../src/engine/rule-schema.js';
import { MAX_COMMENT_BODY_CHARS } from '../../src/render/github-limits.js';
import { renderReviewComment } from '../../src/render/review-comment.js';
import { extractFingerprints } from '../../src/review/fingerprint.js';
import { makeFinding } from '../review/make-finding.js';

const rule = {
  id: 'subprocess-shell-true',
  why: 'A shell parses the command: a quote in the input runs another command.',
  fix: 'Pass a list of arguments and drop shell=True.',
} as Pick<Rule, 'id' | 'why' | 'fix'> as Rule;

const fix = { line: 10, endLine: 10, replacement: 'subprocess.call(shlex.split(cmd))' };

describe('renderReviewComment', () => {
  it('carries title, severity, confidence, what, why, how, the doc link and the marker', () => {
    const body = renderReviewComment({
      finding: makeFinding(),
      rule,
      fingerprint: 'abcdef0123456789abcd',
      docsUrl: 'https://docs.example/rules/subprocess-shell-true.md',
      suggestion: false,
    });
    expect(body).toContain('Shell command built at run time');
    expect(body).toContain('**High** severity');
    expect(body).toContain('high confidence');
    expect(body).toContain('subprocess.call runs a shell');
    expect(body).toContain('**Why it matters:** A shell parses');
    expect(body).toContain('**How to fix:** Pass a list');
    expect(body).toContain('(https://docs.example/rules/subprocess-shell-true.md)');
    expect(body).toContain('CWE-78');
    expect(extractFingerprints(body)).toEqual(['abcdef0123456789abcd']);
  });

  it('puts a fix in a suggestion block only when the anchor spans its lines', () => {
    const finding = makeFinding({ fix });
    const withSuggestion = renderReviewComment({ finding, rule, fingerprint: 'f'.repeat(20), suggestion: true });
    expect(withSuggestion).toContain('```suggestion\nsubprocess.call(shlex.split(cmd))\n```');
    const without = renderReviewComment({ finding, rule, fingerprint: 'f'.repeat(20), suggestion: false });
    expect(without).not.toContain('```suggestion');
    expect(without).toContain('```python\nsubprocess.call(shlex.split(cmd))\n```');
  });

  it('fences a replacement that itself contains backticks', () => {
    const finding = makeFinding({ fix: { ...fix, replacement: 'x = """\n```\n"""' } });
    const body = renderReviewComment({ finding, rule, fingerprint: 'f'.repeat(20), suggestion: true });
    expect(body).toContain('````suggestion\nx = """\n```\n"""\n````');
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
});
