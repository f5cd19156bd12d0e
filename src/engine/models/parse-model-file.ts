/** Parses and validates one model file; errors name the file and the field. */
import { parseDocument } from 'yaml';
import { MAX_RULE_FILE_ALIASES } from '../parse-rule-file.js';
import { globProblem } from '../../glob/compile-glob.js';
import type { RuleOrigin } from '../parse-rule-file.js';
import { modelSchema, type Model } from './model-schema.js';

/** A model is a page or two of YAML; anything larger is a mistake or an attack. */
export const MAX_MODEL_FILE_BYTES = 64 * 1024;

export type ParsedModel = { readonly model: Model; readonly error?: undefined } | { readonly model?: undefined; readonly error: string };

/**
 * `repository` (the default, so a caller that forgets is safe): the model's sinks end up in
 * built-in rules, so its regexes (`where.matches`) must run on RE2 and its globs within
 * bounds, or the model is refused with the field and the reason.
 */
export function parseModelFile(text: string, fileName: string, origin: RuleOrigin = 'repository'): ParsedModel {
  if (text.length > MAX_MODEL_FILE_BYTES || new TextEncoder().encode(text).length > MAX_MODEL_FILE_BYTES) {
    return { error: `${fileName}: larger than ${MAX_MODEL_FILE_BYTES} bytes` };
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) return { error: `${fileName}: invalid YAML: ${doc.errors[0].message}` };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_RULE_FILE_ALIASES });
  } catch (err) {
    const message = (err as Error).message;
    if (/alias/i.test(message)) return { error: `${fileName}: expands YAML aliases more than ${MAX_RULE_FILE_ALIASES} times, as an alias bomb does` };
    return { error: `${fileName}: ${message}` };
  }
  const parsed = modelSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? issue.path.join('.') : '(top level)';
    return { error: `${fileName}: field "${field}": ${issue.message}` };
  }
  const problem = origin === 'repository' ? untrustedModelProblem(parsed.data) : nativeModelProblem(parsed.data);
  if (problem) return { error: `${fileName}: field "${problem.field}": ${problem.reason}` };
  return { model: parsed.data };
}

interface Problem {
  readonly field: string;
  readonly reason: string;
}

function untrustedModelProblem(model: Model): Problem | undefined {
  for (const [i, sink] of model.sinks.entries()) {
    for (const [j, c] of sink.callees.entries()) {
      const reason = globProblem(c, 'name');
      if (reason !== undefined) return { field: `sinks.${i}.callees.${j}`, reason };
    }
    // Its sinks are copied into built-in rules, whose regexes run on V8: none are taken from a repository.
    for (const [j, w] of sink.where.entries()) {
      if (w.matches !== undefined) return { field: `sinks.${i}.where.${j}.matches`, reason: 'a repository model may not carry regular expressions; use `equals` or `startsWith`' };
    }
  }
  for (const [i, s] of model.sanitizers.entries()) {
    for (const [j, c] of s.callees.entries()) {
      const reason = globProblem(c, 'name');
      if (reason !== undefined) return { field: `sanitizers.${i}.callees.${j}`, reason };
    }
  }
  return undefined;
}

function nativeModelProblem(model: Model): Problem | undefined {
  for (const [i, sink] of model.sinks.entries()) {
    for (const [j, w] of sink.where.entries()) {
      if (w.matches === undefined) continue;
      try {
        new RegExp(w.matches);
      } catch (err) {
        return { field: `sinks.${i}.where.${j}.matches`, reason: `invalid regular expression: ${(err as Error).message}` };
      }
    }
  }
  return undefined;
}
