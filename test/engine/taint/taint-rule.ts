/** Builds a taint rule for tests from its match fields. */
import { ruleSchema, type Rule } from '../../../src/engine/rule-schema.js';

export function taintRule(id: string, match: Record<string, unknown>): Rule {
  return ruleSchema.parse({
    id,
    title: 'test rule',
    severity: 'high',
    confidence: 'high',
    category: 'defect',
    cwe: [78],
    message: 'tainted',
    why: 'test',
    fix: 'test',
    match: { kind: 'taint', ...match },
  });
}
