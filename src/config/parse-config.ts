import type { z } from 'zod';
import { CONFIG_PATH, configFieldSchemas, DEFAULT_CONFIG, type HunkwiseConfig } from './config-schema.js';

export interface ParsedConfig {
  readonly config: HunkwiseConfig;
  /** Human sentences for the check summary; never thrown. */
  readonly warnings: readonly string[];
}

type FieldName = keyof typeof configFieldSchemas;
const FIELD_NAMES = Object.keys(configFieldSchemas) as FieldName[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/**
 * Validates a loaded configuration (already merged across `_extends`).
 * `null` means no file: the defaults, silently. Each invalid key falls back to
 * its default with a warning, so a typo in one key never discards the others.
 */
export function parseConfig(raw: unknown): ParsedConfig {
  if (raw === null || raw === undefined) return { config: DEFAULT_CONFIG, warnings: [] };
  if (!isRecord(raw)) {
    return {
      config: DEFAULT_CONFIG,
      warnings: [`${CONFIG_PATH} is not a mapping of settings; using the defaults.`],
    };
  }
  const warnings: string[] = [];
  for (const key of Object.keys(raw)) {
    if (key === '_extends') continue;
    if (!(FIELD_NAMES as string[]).includes(key)) {
      warnings.push(`Unknown setting \`${key}\` in ${CONFIG_PATH} was ignored.`);
    }
  }
  const pick = <K extends FieldName>(name: K): z.infer<(typeof configFieldSchemas)[K]> | undefined => {
    if (!(name in raw) || raw[name] === null) return undefined;
    const result = configFieldSchemas[name].safeParse(raw[name]);
    if (result.success) return result.data as z.infer<(typeof configFieldSchemas)[K]>;
    warnings.push(`Invalid \`${name}\` in ${CONFIG_PATH} (${describeIssues(result.error.issues)}); using the default.`);
    return undefined;
  };
  const config: HunkwiseConfig = {
    fail_on: pick('fail_on') ?? DEFAULT_CONFIG.fail_on,
    review_drafts: pick('review_drafts') ?? DEFAULT_CONFIG.review_drafts,
    max_comments: pick('max_comments') ?? DEFAULT_CONFIG.max_comments,
    max_file_bytes: pick('max_file_bytes') ?? DEFAULT_CONFIG.max_file_bytes,
    include: pick('include') ?? DEFAULT_CONFIG.include,
    exclude: pick('exclude') ?? DEFAULT_CONFIG.exclude,
    test_paths: pick('test_paths') ?? DEFAULT_CONFIG.test_paths,
    rules: pick('rules') ?? DEFAULT_CONFIG.rules,
    overrides: pick('overrides') ?? DEFAULT_CONFIG.overrides,
    report_unused_suppressions: pick('report_unused_suppressions') ?? DEFAULT_CONFIG.report_unused_suppressions,
  };
  return { config, warnings };
}
