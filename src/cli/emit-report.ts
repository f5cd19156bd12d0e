/** Writes scan or review results in the chosen format, and turns them into an exit code. */
import { severityRank, type Finding, type Severity } from '../engine/types.js';
import type { Rule } from '../engine/rule-schema.js';
import type { ScanOptions } from '../engine/engine-api.js';
import { DEFAULT_MAX_FILE_BYTES } from '../config/config-schema.js';
import { renderFindingsJson } from '../render/json.js';
import { renderSarif } from '../render/sarif.js';
import { renderText, type TextReport } from '../render/text.js';
import type { CliIo } from './cli-io.js';
import type { OutputFormat } from './parse-command-line.js';

/** The App's default file size limit, so the CLI skips the same files the App would. */
export const SCAN_OPTIONS: ScanOptions = { maxBytes: DEFAULT_MAX_FILE_BYTES };

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** Colour only for a person at a terminal, and never when NO_COLOR is set (no-color.org). */
export function useColor(io: CliIo): boolean {
  const noColor = io.env.NO_COLOR;
  return io.stdout.isTTY === true && (noColor === undefined || noColor === '');
}

export function emitReport(
  report: TextReport,
  format: OutputFormat,
  io: CliIo,
  context: { readonly rules: readonly Rule[]; readonly version: string },
): void {
  switch (format) {
    case 'json':
      io.stdout.write(renderFindingsJson(report.findings, report.errors));
      return;
    case 'sarif':
      io.stdout.write(renderSarif(report.findings, context.rules, { version: context.version, errors: report.errors }));
      return;
    case 'text':
      io.stdout.write(renderText(report, { color: useColor(io) }));
      return;
  }
}

export function exitCodeFor(findings: readonly Finding[], failOn: Severity): number {
  return findings.some((f) => severityRank(f.severity) >= severityRank(failOn)) ? EXIT_FINDINGS : EXIT_OK;
}
