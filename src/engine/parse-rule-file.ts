/** Parses and validates one rule file; errors name the file and the field. */
import { parseDocument } from 'yaml';
import { ANALYZER_OPTIONS } from './analyzers/analyzer-options.js';
import { ruleRegexes, untrustedRuleProblem } from './regex-safety.js';
import { ruleSchema, type Rule } from './rule-schema.js';

/** A rule file is a page of YAML; anything larger is a mistake or an attack. */
export const MAX_RULE_FILE_BYTES = 64 * 1024;
/** Alias expansions per rule file: a few are handy, a "billion laughs" bomb needs thousands. */
export const MAX_RULE_FILE_ALIASES = 50;

export type ParsedRule = { readonly rule: Rule; readonly error?: undefined } | { readonly rule?: undefined; readonly error: string };

/**
 * Where a rule comes from. `repository` (the default, so a caller that forgets is safe): its
 * regexes must compile on RE2 and its globs within bounds, or the rule is refused with the
 * field and the reason. `builtin` (rules/ shipped with hunkwise): regexes compile natively.
 */
export type RuleOrigin = 'builtin' | 'repository';

export function parseRuleFile(text: string, fileName: string, origin: RuleOrigin = 'repository'): ParsedRule {
  // A UTF-16 code unit is at least one UTF-8 byte, so the cheap test comes first.
  if (text.length > MAX_RULE_FILE_BYTES || new TextEncoder().encode(text).length > MAX_RULE_FILE_BYTES) {
    return { error: `${fileName}: larger than ${MAX_RULE_FILE_BYTES} bytes` };
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) return { error: `${fileName}: invalid YAML: ${doc.errors[0].message}` };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_RULE_FILE_ALIASES });
  } catch (err) {
    const message = (err as Error).message;
    if (/alias/i.test(message)) {
      return { error: `${fileName}: expands YAML aliases more than ${MAX_RULE_FILE_ALIASES} times, as an alias bomb does` };
    }
    return { error: `${fileName}: ${message}` };
  }
  const parsed = ruleSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? issue.path.join('.') : '(top level)';
    return { error: `${fileName}: field "${field}": ${issue.message}` };
  }
  const match = parsed.data.match;
  const optionsSchema = match.kind === 'analyzer' ? ANALYZER_OPTIONS.get(match.analyzer) : undefined;
  if (match.kind === 'analyzer' && optionsSchema !== undefined) {
    const options = optionsSchema.safeParse(match.options ?? {});
    if (!options.success) {
      const issue = options.error.issues[0];
      return { error: `${fileName}: field "${['match', 'options', ...issue.path].join('.')}": ${issue.message}` };
    }
  }
  if (origin === 'repository') {
    const problem = untrustedRuleProblem(parsed.data);
    if (problem) return { error: `${fileName}: rule \`${parsed.data.id}\` skipped: \`${problem.field}\` is refused because ${problem.reason}.` };
  } else {
    const problem = checkNativeRegexes(parsed.data);
    if (problem) return { error: `${fileName}: ${problem}` };
  }
  return { rule: parsed.data };
}

/** A built-in rule's regexes are compiled here so a bad one is reported with its file and field. */
function checkNativeRegexes(rule: Rule): string | undefined {
  for (const { field, source } of ruleRegexes(rule)) {
    try {
      new RegExp(source);
    } catch (err) {
      return `field "${field}": invalid regular expression: ${(err as Error).message}`;
    }
  }
  return undefined;
}
