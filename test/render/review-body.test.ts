import type { Rule } from '../../src/engine/rule-schema.js';
import type { Finding } from '../../src/engine/types.js';
import { isDefect, mitigationOf, renderReviewBody, verdictLine, type ReviewBodyInput } from '../../src/render/review-body.js';
import type { Candidate } from '../../src/review/candidate.js';
import { groupConcerns } from '../../src/review/group-concerns.js';
import { makeFinding } from '../review/make-finding.js';

const PATH = 'tests/functional/net_helpers.py';
const CHECK_URL = 'https://github.com/o/r/runs/7';

function candidate(fp: string, overrides: Partial<Finding>): Candidate {
  const finding = makeFinding({ path: PATH, category: 'concern', ...overrides });
  return { finding, fingerprint: fp, anchor: { line: finding.line }, suggestion: false };
}

const rules = new Map<string, Rule>(
  [
    {
      id: 'env-unbounded-number',
      fix: 'Clamp the value to a sensible range, or reject it with a message that names the\nvariable:\n\n```python\nx = 1\n```',
    },
    { id: 'process-command-from-data', fix: 'Validate each external part before it reaches the command.' },
    { id: 'free-port-race', fix: 'Keep the socket that holds the port and hand it to the server:\n\n```python\ns\n```' },
    { id: 'hard-kill-without-grace', fix: 'Ask first, then insist:', mitigation: 'Send SIGTERM, wait with a timeout, then SIGKILL.' },
    { id: 'subprocess-shell-true', fix: 'Pass the command as a list of arguments and drop `shell=True`: `run(["a", b])`.' },
  ].map((r) => [r.id, r as Rule]),
);

/** The seed review's four concerns, as findings on a file like its test helper. */
function seedLikeConcerns(): ReturnType<typeof groupConcerns> {
  const env = { ruleId: 'env-unbounded-number', title: 'Number from the environment used without bounds', severity: 'low' } as const;
  return groupConcerns([
    candidate('e1', { ...env, line: 9, endLine: 9 }),
    candidate('e2', { ...env, line: 11, endLine: 11 }),
    candidate('e3', { ...env, line: 12, endLine: 12 }),
    candidate('p1', { ruleId: 'free-port-race', title: 'Port chosen as free now and bound later', severity: 'medium', line: 28, endLine: 29 }),
    candidate('c1', {
      ruleId: 'process-command-from-data',
      title: 'Process command built from non-constant data',
      severity: 'medium',
      line: 38,
      endLine: 38,
    }),
    candidate('c2', { ruleId: 'subprocess-without-shell', title: 'Process started from a program', severity: 'low', line: 38, endLine: 38 }),
    candidate('k1', { ruleId: 'hard-kill-without-grace', title: 'Process killed with SIGKILL without a graceful attempt', severity: 'low', line: 44, endLine: 44 }),
  ]);
}

function input(overrides: Partial<ReviewBodyInput>): ReviewBodyInput {
  return { concerns: [], notInline: [], failOn: 'high', ruleFor: (id) => rules.get(id), checkUrl: CHECK_URL, ...overrides };
}

describe('renderReviewBody', () => {
  it('opens with the verdict and lists each concern once with its line ranges and a one-line mitigation', () => {
    const body = renderReviewBody(input({ concerns: seedLikeConcerns(), notInline: [{ severity: 'low' }, { severity: 'low' }] }));
    expect(body.split('\n')).toEqual([
      '**No defect found, 4 concerns.**',
      '',
      '1. 🟡 **Number from the environment used without bounds**: `tests/functional/net_helpers.py` lines 9, 11, 12',
      '   Clamp the value to a sensible range, or reject it with a message that names the variable.',
      '2. 🟠 **Port chosen as free now and bound later**: `tests/functional/net_helpers.py` lines 28–29',
      '   Keep the socket that holds the port and hand it to the server.',
      '3. 🟠 **Process command built from non-constant data** and 1 more finding on this statement: `tests/functional/net_helpers.py` line 38',
      '   Validate each external part before it reaches the command.',
      '4. 🟡 **Process killed with SIGKILL without a graceful attempt**: `tests/functional/net_helpers.py` line 44',
      '   Send SIGTERM, wait with a timeout, then SIGKILL.',
      '',
      'Plus 2 low-severity notes in the check run.',
      '',
      `[Full report in the check run](${CHECK_URL}).`,
    ]);
  });

  it('counts defects to fix, lists them first, and counts those that are not inline', () => {
    const high = candidate('h', {
      ruleId: 'subprocess-shell-true',
      title: 'Shell command built at run time',
      severity: 'high',
      category: 'defect',
      line: 80,
      endLine: 80,
    });
    const concerns = [...seedLikeConcerns(), ...groupConcerns([high])];
    const body = renderReviewBody(input({ concerns, notInline: [{ severity: 'high' }, { severity: 'low' }] }));
    const lines = body.split('\n');
    expect(lines[0]).toBe('**2 defects to fix, 4 concerns.**');
    expect(lines[2]).toBe('1. 🔴 **Shell command built at run time**: `tests/functional/net_helpers.py` line 80');
    expect(lines[3]).toBe('   Pass the command as a list of arguments and drop `shell=True`.');
    expect(body).toContain('Plus 2 more findings in the check run, 1 of them a defect.');
  });

  it('grades by the repository’s fail_on: at or above it is a defect, and high always is', () => {
    const concerns = seedLikeConcerns();
    expect(renderReviewBody(input({ concerns, failOn: 'medium' })).split('\n')[0]).toBe('**2 defects to fix, 2 concerns.**');
    expect(renderReviewBody(input({ concerns, failOn: 'none' })).split('\n')[0]).toBe('**No defect found, 4 concerns.**');
    expect(isDefect('high', 'none')).toBe(true);
    expect(isDefect('low', 'low')).toBe(true);
    expect(isDefect('medium', 'high')).toBe(false);
  });

  it('says so when nothing is inline', () => {
    expect(renderReviewBody(input({ notInline: [{ severity: 'low' }] }))).toBe(
      `**No defect found, no concerns.**\n\nPlus 1 low-severity note in the check run.\n\n[Full report in the check run](${CHECK_URL}).`,
    );
    expect(verdictLine(1, 1)).toBe('1 defect to fix, 1 concern');
  });

  it('falls back to the fix’s first sentence, and to nothing without a rule', () => {
    expect(mitigationOf(rules.get('hard-kill-without-grace'))).toBe('Send SIGTERM, wait with a timeout, then SIGKILL.');
    expect(mitigationOf(rules.get('free-port-race'))).toBe('Keep the socket that holds the port and hand it to the server.');
    expect(mitigationOf(undefined)).toBeUndefined();
    const [concern] = groupConcerns([candidate('x', { ruleId: 'repo-rule', title: 'Repo rule', line: 3, endLine: 3 })]);
    expect(renderReviewBody(input({ concerns: [concern] })).split('\n')[2]).toBe('1. 🔴 **Repo rule**: `tests/functional/net_helpers.py` line 3');
  });
});
