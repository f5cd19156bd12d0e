/**
 * The rule tester's judgement, as in Semgrep's annotated fixtures: `# ruleid: <id>` on the
 * line before a case that must fire, `# ok: <id>` before one that must not, and
 * `# todoruleid:` / `# todook:` for known gaps, which fail once they are fixed.
 */
import type { FileResult } from './types.js';

type Mark = 'ruleid' | 'ok' | 'todoruleid' | 'todook';
const ANNOTATION_RE = /^\s*#\s*(ruleid|ok|todoruleid|todook)\s*:\s*([\w\-, ]+)\s*$/;

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

export function checkFixture(ruleId: string, fixture: string, result: FileResult): string[] {
  const problems: string[] = [];
  for (const e of result.errors) problems.push(`fixture does not scan cleanly: ${e.kind}: ${e.message}`);
  const { byLine } = readAnnotations(fixture, ruleId);
  const marks = [...byLine.values()];
  if (!marks.includes('ruleid')) problems.push('no `# ruleid:` case');
  if (!marks.includes('ok')) problems.push('no `# ok:` case');
  const firing = new Set(result.findings.filter((f) => f.ruleId === ruleId).map((f) => f.line));
  for (const [line, mark] of byLine) {
    const fired = firing.has(line);
    if (mark === 'ruleid' && !fired) problems.push(`line ${line}: expected a finding (ruleid), got none`);
    if (mark === 'ok' && fired) problems.push(`line ${line}: unexpected finding on an ok case`);
    if (mark === 'todoruleid' && fired) problems.push(`line ${line}: todoruleid now fires: make it ruleid`);
    if (mark === 'todook' && !fired) problems.push(`line ${line}: todook no longer fires: make it ok`);
  }
  for (const line of firing) {
    if (!byLine.has(line)) problems.push(`line ${line}: finding on a line that is not annotated`);
  }
  return problems;
}
