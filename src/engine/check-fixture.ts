/**
 * The rule tester's judgement, as in Semgrep's annotated fixtures: `# ruleid: <id>` on the
 * line before a case that must fire, `# ok: <id>` before one that must not, and
 * `# todoruleid:` / `# todook:` for known gaps, which fail once they are fixed.
 *
 * Fix closure: `# fix: <id>` marks the fix the rule advises, applied. NO rule of the catalogue,
 * this one included, may report on that line anything that would go inline (a severity above
 * low): following the advice must not draw the next comment. The rule itself may still note
 * it as hygiene (low, summary only) where Bandit reports the fixed code too (e.g. every
 * urlopen, every Mako template): hunkwise reports at least what Bandit reports.
 * `# todofix: <id> -- reason` is a fix case that still draws one (a known gap, kept visible);
 * it fails once the line is clean, so it can become `fix`. A reason may follow ` -- ` on any
 * annotation.
 */
import { severityRank, type FileResult, type Finding } from './types.js';

type Mark = 'ruleid' | 'ok' | 'todoruleid' | 'todook' | 'fix' | 'todofix';
const ANNOTATION_RE = /^\s*#\s*(ruleid|ok|todoruleid|todook|fix|todofix)\s*:\s*([\w\-, ]+?)\s*(?:--.*)?$/;
/** What a review posts inline: anything above low (low goes to the summary). */
const INLINE_RANK = severityRank('medium');

export interface FixtureAnnotations {
  /** Line of the case (1-based) → the marks on it for this rule. */
  readonly byLine: ReadonlyMap<number, Mark>;
}

export function readAnnotations(fixture: string, ruleId: string): FixtureAnnotations {
  const lines = fixture.split('\n');
  const byLine = new Map<number, Mark>();
  lines.forEach((text, i) => {
    const m = ANNOTATION_RE.exec(text);
    if (!m) return;
    const ids = m[2].split(',').map((s) => s.trim());
    if (!ids.includes(ruleId)) return;
    // The case is the next line that is not itself an annotation or blank.
    let j = i + 1;
    while (j < lines.length && (ANNOTATION_RE.test(lines[j]) || lines[j].trim() === '')) j++;
    byLine.set(j + 1, m[1] as Mark);
  });
  return { byLine };
}

/** Findings of any rule on a line that a review would post inline. */
function inlineFindingsOn(line: number, findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.line === line && severityRank(f.severity) >= INLINE_RANK);
}

export function checkFixture(ruleId: string, fixture: string, result: FileResult): string[] {
  const problems: string[] = [];
  for (const e of result.errors) problems.push(`fixture does not scan cleanly: ${e.kind}: ${e.message}`);
  const { byLine } = readAnnotations(fixture, ruleId);
  const marks = [...byLine.values()];
  if (!marks.includes('ruleid')) problems.push('no `# ruleid:` case');
  if (!marks.includes('ok') && !marks.includes('fix')) problems.push('no `# ok:` case');
  const own = result.findings.filter((f) => f.ruleId === ruleId);
  const firing = new Set(own.map((f) => f.line));
  const firingInline = new Set(own.filter((f) => severityRank(f.severity) >= INLINE_RANK).map((f) => f.line));
  for (const [line, mark] of byLine) {
    const fired = firing.has(line);
    if (mark === 'ruleid' && !fired) problems.push(`line ${line}: expected a finding (ruleid), got none`);
    if (mark === 'ok' && fired) problems.push(`line ${line}: unexpected finding on an ok case`);
    if (mark === 'fix' && firingInline.has(line)) problems.push(`line ${line}: unexpected finding on a fix case`);
    if (mark === 'todoruleid' && fired) problems.push(`line ${line}: todoruleid now fires: make it ruleid`);
    if (mark === 'todook' && !fired) problems.push(`line ${line}: todook no longer fires: make it ok`);
    if (mark === 'fix' || mark === 'todofix') {
      const inline = inlineFindingsOn(line, result.findings);
      if (mark === 'fix' && inline.length > 0) {
        const named = inline.map((f) => `${f.ruleId} (${f.severity})`).join(', ');
        problems.push(`line ${line}: the advised fix still draws an inline finding: ${named}`);
      }
      if (mark === 'todofix' && inline.length === 0) problems.push(`line ${line}: todofix is now clean: make it fix`);
    }
  }
  for (const line of firing) {
    if (!byLine.has(line)) problems.push(`line ${line}: finding on a line that is not annotated`);
  }
  return problems;
}
