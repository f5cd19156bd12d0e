/**
 * The CLI's machine output. Other tools read it, so the field names are fixed and
 * findings carry exactly these fields, in this order, and nothing else.
 */
import type { Finding, ScanError, Severity, Confidence } from '../engine/types.js';
import type { Rule } from '../engine/rule-schema.js';

/** Exactly the fields other tools read; the names are a contract. */
export type JsonFinding = Pick<
  Finding,
  'ruleId' | 'path' | 'line' | 'endLine' | 'column' | 'endColumn' | 'severity' | 'confidence' | 'cwe' | 'bandit' | 'ruff' | 'message'
>;

export interface JsonError {
  readonly path: string;
  readonly kind: ScanError['kind'];
  readonly message: string;
  readonly line?: number;
}

export interface JsonRule {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly cwe: readonly string[];
  readonly bandit: readonly string[];
  readonly ruff: readonly string[];
}

export function toJsonFinding(f: Finding): JsonFinding {
  return {
    ruleId: f.ruleId,
    path: f.path,
    line: f.line,
    endLine: f.endLine,
    column: f.column,
    endColumn: f.endColumn,
    severity: f.severity,
    confidence: f.confidence,
    cwe: [...f.cwe],
    bandit: [...f.bandit],
    ruff: [...f.ruff],
    message: f.message,
  };
}

export function toJsonError(e: ScanError): JsonError {
  return e.line === undefined
    ? { path: e.path, kind: e.kind, message: e.message }
    : { path: e.path, kind: e.kind, message: e.message, line: e.line };
}

export function toJsonRule(rule: Rule): JsonRule {
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    confidence: rule.confidence,
    cwe: rule.cwe.map((n) => `CWE-${n}`),
    bandit: [...rule.bandit],
    ruff: [...rule.ruff],
  };
}

/** `{"findings": [...], "errors": [...]}`, pretty-printed, with a final newline. */
export function renderFindingsJson(findings: readonly Finding[], errors: readonly ScanError[]): string {
  return `${JSON.stringify({ findings: findings.map(toJsonFinding), errors: errors.map(toJsonError) }, null, 2)}\n`;
}

/** `{"rules": [...]}`, pretty-printed, with a final newline. */
export function renderRulesJson(rules: readonly Rule[]): string {
  return `${JSON.stringify({ rules: rules.map(toJsonRule) }, null, 2)}\n`;
}
