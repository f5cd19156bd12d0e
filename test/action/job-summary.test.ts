import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { renderJobSummary, MAX_SUMMARY_FINDINGS, type SummaryInput } from '../../src/action/job-summary.js';
import type { JsonFinding } from '../../src/render/json.js';

function finding(path: string, line: number, message: string, severity: JsonFinding['severity'] = 'high'): JsonFinding {
  return { ruleId: 'shell-command-call', path, line, endLine: line, column: 1, endColumn: 5, severity, confidence: 'high', cwe: ['CWE-78'], bandit: [], ruff: [], message };
}

const BASE: SummaryInput = {
  pullNumber: 7,
  mergeRange: 'aaaaaaa...bbbbbbb',
  failOn: 'high',
  conclusion: 'failure',
  findings: [],
  errors: [],
  paths: [],
};

const html = (md: string): string => micromark(md, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });

describe('job summary', () => {
  it('gives the verdict, then each finding with its place and rule', () => {
    const md = renderJobSummary({ ...BASE, findings: [finding('low.py', 2, 'minor', 'low'), finding('app.py', 5, '`os.system` runs a shell')] });
    const lines = md.split('\n');
    expect(lines[0]).toBe(':x: **hunkwise: 1 finding at or above high on added lines**');
    expect(md).toContain('- **high** `app.py:5`: `os.system` runs a shell (`shell-command-call`, CWE-78)');
    // Highest severity first.
    expect(md.indexOf('app.py:5')).toBeLessThan(md.indexOf('low.py:2'));
  });

  it('renders hostile paths and messages as text: no HTML, links, mentions or new lines', () => {
    const md = renderJobSummary({
      ...BASE,
      findings: [finding('<img src=x onerror=alert(1)>\n# heading.py', 1, '@admin [click](https://evil.example) <script>x</script>\n- item')],
      errors: [{ path: 'x`y\n::add-mask::z.py', kind: 'io', message: '<b>bold</b>' }],
      blobUrl: 'https://github.com/o/r/blob/abc',
    });
    const out = html(md);
    expect(out).not.toMatch(/<(img|script|b|h[1-3])[\s>]/);
    expect(out.match(/<h4>/g)).toHaveLength(2); // only our two section headings
    expect(out.match(/<a /g)).toHaveLength(1); // only our link to the file
    expect(out).toContain('href="https://github.com/o/r/blob/abc/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%0A%23%20heading.py#L1"');
    expect(md).not.toMatch(/^(::|# |- item)/m);
    expect(md).toContain('@\u200badmin');
  });

  it('caps the list of findings', () => {
    const many = Array.from({ length: MAX_SUMMARY_FINDINGS + 3 }, (_, i) => finding('a.py', i + 1, 'm'));
    const md = renderJobSummary({ ...BASE, findings: many });
    expect(md).toContain('3 more findings not listed here');
    expect(md.split('\n').filter((l) => l.startsWith('- **high**'))).toHaveLength(MAX_SUMMARY_FINDINGS);
  });

  it('says when nothing was found, and names the paths filter', () => {
    const md = renderJobSummary({ ...BASE, conclusion: 'success', paths: ['src/**'] });
    expect(md.split('\n')[0]).toBe(':white_check_mark: **hunkwise: no findings on added lines**');
    expect(md).toContain('Only files matching `src/**` are reported.');
  });
});
