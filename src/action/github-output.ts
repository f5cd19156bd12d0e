/**
 * Step outputs, appended to the file GITHUB_OUTPUT names, each in the multiline-safe
 * form `name<<DELIMITER`, value, `DELIMITER`, with a random delimiter the value
 * does not contain (so a value cannot end early and set another output).
 */
import { appendFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

export function formatOutput(name: string, value: string, delimiter: string = newDelimiter()): string {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) throw new Error(`not an output name: ${name}`);
  let d = delimiter;
  while (value.includes(d)) d = newDelimiter();
  return `${name}<<${d}\n${value}\n${d}\n`;
}

function newDelimiter(): string {
  return `ghadelimiter_${randomBytes(16).toString('hex')}`;
}

export function writeOutputs(file: string, outputs: Readonly<Record<string, string>>): void {
  appendFileSync(file, Object.entries(outputs).map(([name, value]) => formatOutput(name, value)).join(''));
}
