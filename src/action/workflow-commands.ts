/**
 * GitHub Actions workflow commands (`::error file=…::message`) written to the log.
 *
 * The runner reads every line of a step's output that starts with `::` as a
 * command, so text from the pull request (file names, messages quoting code)
 * must never start a line or end a property. Values are escaped the way the
 * runner unescapes them: in the message `%`, CR and LF; in property values
 * also `:` and `,`. Log text that is not ours goes between
 * `::stop-commands::TOKEN` and `::TOKEN::` with an unguessable token.
 */
import { randomBytes } from 'node:crypto';
import { plainLine } from '../render/markdown-text.js';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** Message data: the runner turns %25, %0D and %0A back into `%`, CR and LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: as data, plus `:` (which would end the properties) and `,` (which would start another). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Line breaks the runner might split a line at besides CR and LF. A path holding
 * one is not put in `file=` (the annotation would attach nowhere anyway).
 */
const OTHER_BREAKS = /[\u000b\u000c\u0085\u2028\u2029]/;

export interface AnnotationProperties {
  readonly file?: string;
  readonly line?: number;
  readonly endLine?: number;
  readonly col?: number;
  readonly endColumn?: number;
  readonly title?: string;
}

/** One annotation command, one line, ending in a newline. */
export function annotationCommand(level: AnnotationLevel, properties: AnnotationProperties, message: string): string {
  const parts: string[] = [];
  const { file, title } = properties;
  // The path must stay exact to attach the annotation; escaping keeps it on this line.
  if (file !== undefined && !OTHER_BREAKS.test(file)) parts.push(`file=${escapeProperty(file)}`);
  for (const key of ['line', 'endLine', 'col', 'endColumn'] as const) {
    const value = properties[key];
    if (value !== undefined && Number.isSafeInteger(value) && value > 0) parts.push(`${key}=${value}`);
  }
  // Title and message are prose: controls and odd line breaks become harmless first.
  if (title !== undefined) parts.push(`title=${escapeProperty(plainLine(title))}`);
  const props = parts.length > 0 ? ` ${parts.join(',')}` : '';
  return `::${level}${props}::${escapeData(plainLine(message))}\n`;
}

/** A fresh token for stop-commands: 128 random bits, so text from a pull request cannot name it. */
export function stopCommandsToken(): string {
  return randomBytes(16).toString('hex');
}

/**
 * `text` (not ours: e.g. what the CLI wrote to stderr) as log lines the runner does
 * not read as commands. Empty text gives nothing.
 */
export function inertLog(text: string, token: string = stopCommandsToken()): string {
  if (text === '') return '';
  // A token the text contains could end the quiet part early; a random one never does in practice.
  while (text.includes(token)) token = stopCommandsToken();
  const body = text.endsWith('\n') ? text : `${text}\n`;
  return `::stop-commands::${token}\n${body}::${token}::\n`;
}
