/** `hunkwise scan PATH...`: every finding in the given files and folders. */
import { readFile, stat } from 'node:fs/promises';
import type { Engine } from '../engine/engine-api.js';
import { SCAN_OPTIONS } from './emit-report.js';
import type { Finding, ScanError, Severity } from '../engine/types.js';
import type { CliIo } from './cli-io.js';
import { collectPythonFiles } from './collect-python-files.js';
import { emitReport, exitCodeFor } from './emit-report.js';
import { UsageError, type OutputFormat } from './parse-command-line.js';

/**
 * Files above this are not even read into memory; the engine's own (smaller) limit
 * reports the ones in between as too large.
 */
export const MAX_READ_BYTES = 64 * 1024 * 1024;

export interface ScanCommand {
  readonly paths: readonly string[];
  readonly format: OutputFormat;
  readonly failOn: Severity;
}

export async function runScan(
  command: ScanCommand,
  io: CliIo,
  engine: Engine,
  version: string,
): Promise<number> {
  const collected = await collectPythonFiles(io.cwd, command.paths);
  if (collected.missing.length > 0) {
    throw new UsageError(`no such file or directory: ${collected.missing.join(', ')}`);
  }
  const findings: Finding[] = [];
  const errors: ScanError[] = [...collected.errors];
  const notAnalysed: string[] = [];
  const sources = new Map<string, string>();
  const decoder = new TextDecoder('utf-8');

  for (const file of collected.files) {
    const content = await readSmallFile(file.absolutePath);
    if (!(content instanceof Uint8Array)) {
      errors.push({ path: file.displayPath, ...content });
      notAnalysed.push(file.displayPath);
      continue;
    }
    const result = engine.scanFile(file.displayPath, content, SCAN_OPTIONS);
    findings.push(...result.findings);
    errors.push(...result.errors);
    if (!result.analysed) notAnalysed.push(file.displayPath);
    if (result.findings.length > 0 && command.format === 'text') sources.set(file.displayPath, decoder.decode(content));
  }

  emitReport(
    { findings, errors, notAnalysed, filesScanned: collected.files.length, sources },
    command.format,
    io,
    { rules: engine.rules, version },
  );
  return exitCodeFor(findings, command.failOn);
}

type ReadProblem = Pick<ScanError, 'kind' | 'message'>;

async function readSmallFile(absolutePath: string): Promise<Uint8Array | ReadProblem> {
  try {
    const info = await stat(absolutePath);
    if (info.size > MAX_READ_BYTES) return { kind: 'too-large', message: `file is ${info.size} bytes` };
    return await readFile(absolutePath);
  } catch (error) {
    return { kind: 'io', message: `cannot read file (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}
