import {
  checkTitle,
  MAX_LISTED_OUTSIDE,
  renderCheckSummary,
  renderCrashOutput,
  type CheckSummaryInput,
  type LinkedFinding,
} from '../../src/render/check-summary.js';
import { MAX_CHECK_SUMMARY_CHARS } from '../../src/render/github-limits.js';
import { makeFinding } from '../review/make-finding.js';

function linked(overrides: Parameters<typeof makeFinding>[0] = {}, notInline?: string): LinkedFinding {
  const finding = makeFinding(overrides);
  return { finding, url: `https://github.com/o/r/blob/sha/${finding.path}#L${finding.line}`, ...(notInline ? { notInline } : {}) };
}

function input(overrides: Partial<CheckSummaryInput> = {}): CheckSummaryInput {
  return {
    headSha: '0123456789abcdef',
    conclusion: 'success',
    failOn: 'high',
    filesAnalysed: 3,
    onAddedLines: [],
    outsideDiff: [],
    skippedFiles: [],
    notes: [],
    configWarnings: [],
    ruleErrors: [],
    posted: 0,
    alreadyPosted: 0,
    resolved: 0,
    ...overrides,
  };
}

describe('renderCheckSummary', () => {
  it('counts by severity in the title and the table', () => {
    const out = renderCheckSummary(
      input({
        onAddedLines: [linked(), linked({ line: 20 }), linked({ severity: 'medium' })],
        outsideDiff: [linked({ severity: 'low', line: 3 })],
        posted: 3,
      }),
    );
    expect(out.title).toBe('2 high, 1 medium on added lines');
    expect(out.summary).toContain('| 🔴 high | 2 | 0 |');
    expect(out.summary).toContain('| 🟡 low | 0 | 1 |');
    expect(out.summary).toContain('[`app/run.py:10`](https://github.com/o/r/blob/sha/app/run.py#L10)');
    expect(out.summary).toContain('### In changed files, outside the diff');
    expect(out.summary).toContain('/recheck');
  });

  it('lists skipped files, notes, configuration warnings, rule errors and why a finding is not inline', () => {
    const out = renderCheckSummary(
      input({
        onAddedLines: [linked({}, 'over the limit of 30 comments per review')],
        skippedFiles: [{ path: 'big.py', reason: 'too large' }],
        notes: ['GitHub sent no diff for `x.py`'],
        configWarnings: ['Invalid `fail_on`'],
        ruleErrors: ['`r` failed'],
      }),
    );
    expect(out.title).toBe('1 high on added lines · 1 file not analysed');
    expect(out.summary).toContain('### Files not analysed\n\n- `big.py`: too large');
    expect(out.summary).toContain('_(not inline: over the limit of 30 comments per review)_');
    expect(out.summary).toContain('### Notes');
    expect(out.summary).toContain('### Configuration warnings\n\n- Invalid `fail_on`');
    expect(out.summary).toContain('### Rule errors\n\n- `r` failed');
  });

  it('caps the list of findings outside the diff', () => {
    const many = Array.from({ length: MAX_LISTED_OUTSIDE + 5 }, (_, i) => linked({ line: i + 1 }));
    const out = renderCheckSummary(input({ outsideDiff: many }));
    expect(out.summary).toContain('…and 5 more');
  });

  it('stays within GitHub’s summary limit, with a note', () => {
    const huge = Array.from({ length: 40 }, (_, i) => linked({ line: i + 1, message: 'm'.repeat(5000) }));
    const out = renderCheckSummary(input({ onAddedLines: huge }));
    expect(out.summary.length).toBeLessThanOrEqual(MAX_CHECK_SUMMARY_CHARS);
    expect(out.summary).toContain('Summary shortened');
  });

  it('says so when there is nothing', () => {
    expect(checkTitle({ onAddedLines: [], skippedFiles: [] })).toBe('No findings on added lines');
  });

  it('never reads like a pass when the review is incomplete', () => {
    const skippedFiles = [
      { path: 'a.py', reason: 'not analysed: time budget', incomplete: true },
      { path: 'b.py', reason: 'not analysed: heap', incomplete: true },
      { path: 'old.py', reason: 'removed by this change', incomplete: false },
    ];
    expect(checkTitle({ onAddedLines: [], skippedFiles, incomplete: true })).toBe('Review incomplete: 2 files not analysed');
    expect(checkTitle({ onAddedLines: [linked()], skippedFiles, incomplete: true })).toBe(
      'Review incomplete: 2 files not analysed · 1 high on added lines',
    );
    // Incomplete without a skipped file (a rule threw on part of a file, a truncated file list).
    const title = checkTitle({ onAddedLines: [], skippedFiles: [], incomplete: true });
    expect(title).toBe('Review incomplete: not every file was fully analysed');
    expect(title).not.toMatch(/no findings/i);
    const out = renderCheckSummary(input({ incomplete: true, skippedFiles, conclusion: 'neutral' }));
    expect(out.title).toBe('Review incomplete: 2 files not analysed');
    expect(out.summary).toContain('**This review is incomplete:**');
    expect(renderCheckSummary(input()).summary).not.toContain('incomplete');
  });

  it('explains a crash and how to retry', () => {
    const out = renderCrashOutput('GitHub answered 502');
    expect(out.summary).toContain('GitHub answered 502');
    expect(out.summary).toContain('`/recheck`');
  });
});
