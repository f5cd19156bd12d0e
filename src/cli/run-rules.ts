/** `hunkwise rules`: the rule catalogue. */
import type { Rule } from '../engine/rule-schema.js';
import { renderRulesJson } from '../render/json.js';
import { renderSarif } from '../render/sarif.js';
import { renderRulesText } from '../render/text.js';
import type { CliIo } from './cli-io.js';
import { EXIT_OK } from './emit-report.js';
import type { OutputFormat } from './parse-command-line.js';

export function runRules(format: OutputFormat, io: CliIo, rules: readonly Rule[], version: string): number {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  switch (format) {
    case 'json':
      io.stdout.write(renderRulesJson(sorted));
      break;
    case 'sarif':
      io.stdout.write(renderSarif([], sorted, { version }));
      break;
    case 'text':
      io.stdout.write(renderRulesText(sorted));
      break;
  }
  return EXIT_OK;
}
