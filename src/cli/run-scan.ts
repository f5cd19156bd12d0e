/** `hunkwise scan PATH...`: every finding in the given files and folders. */
import { readFile, stat } from 'node:fs/promises';
import { isTestPath } from '../config/classify-path.js';
import type { Engine } from '../engine/engine-api.js';
import { createEnginePool } from '../engine-pool/engine-pool.js';
import { asFileResult, DEFAULT_FILE_DEADLINE_MS, type EngineRunner, type SourceFile } from '../engine-pool/engine-runner.js';
import { readEngineThreads } from '../engine-pool/read-engine-threads.js';
import type { Rule } from '../engine/rule-schema.js';
import { SCAN_OPTIONS } from './emit-report.js';
import type { Finding, ScanError, Severity } from '../engine/types.js';
import type { CliIo } from './cli-io.js';
import { collectPythonFiles } from './collect-python-files.js';
import { emitReport, EXIT_ERROR, exitCodeFor } from './emit-report.js';
import { UsageError, type OutputFormat } from './parse-command-line.js';

/**
 * Files above this are not even read into memory; the engine's own (smaller) limit
 * reports the ones in between as too large.
 */
export const MAX_READ_BYTES = 64 * 1024 * 1024;
/** Files are read and handed to the engine threads a batch at a time, so a large tree is never held whole. */
const BATCH_FILES = 32;
const BATCH_BYTES = MAX_READ_BYTES;

export interface ScanCommand {
  readonly paths: readonly string[];
  readonly format: OutputFormat;
  readonly failOn: Severity;
  /** Per-file deadline; default as in the App. */
  readonly timeoutMs?: number | undefined;
}

/** The engine threads the command line runs: its rules, with the per-file deadline. */
export type CliRunnerFactory = (rules: readonly Rule[], fileDeadlineMs: number, io: CliIo) => EngineRunner;

export const createCliRunner: CliRunnerFactory = (rules, fileDeadlineMs, io) =>
  createEnginePool({ rules, fileDeadlineMs, threads: readEngineThreads(io.env) });

/** A file the engine threads cut off (time, memory, crash) is an error: exit 2, as the README says. */
export function reportCutOff(cutOff: readonly string[], io: CliIo): void {
  if (cutOff.length === 0) return;
  const shown = cutOff.slice(0, 10).join(', ');
  const more = cutOff.length > 10 ? ` and ${cutOff.length - 10} more` : '';
  io.stderr.write(`hunkwise: not analysed (time or memory limit, or a crash): ${shown}${more}\n`);
}

export async function runScan(
  command: ScanCommand,
  io: CliIo,
  /** The rules to run (the engine's): the threads build their own engine from them. */
  engine: Pick<Engine, 'rules'>,
  version: string,
  runnerFor: CliRunnerFactory = createCliRunner,
): Promise<number> {
  const collected = await collectPythonFiles(io.cwd, command.paths);
  if (collected.missing.length > 0) {
    throw new UsageError(`no such file or directory: ${collected.missing.join(', ')}`);
  }
  const findings: Finding[] = [];
  const errors: ScanError[] = [...collected.errors];
  const notAnalysed: string[] = [];
  const cutOff: string[] = [];
  const sources = new Map<string, string>();
  const decoder = new TextDecoder('utf-8');
  const runner = runnerFor(engine.rules, command.timeoutMs ?? DEFAULT_FILE_DEADLINE_MS, io);

  const scanBatch = async (batch: readonly SourceFile[]): Promise<void> => {
    const outcomes = await runner.scanFiles(batch, SCAN_OPTIONS);
    outcomes.forEach((outcome, i) => {
      const result = asFileResult(outcome);
      const path = batch[i].path;
      findings.push(...result.findings);
      errors.push(...result.errors);
      if (!result.analysed) notAnalysed.push(path);
      if (outcome.kind === 'not-analysed') cutOff.push(path);
      const content = batch[i].content;
      if (result.findings.length > 0 && command.format === 'text') {
        sources.set(path, typeof content === 'string' ? content : decoder.decode(content));
      }
    });
  };

  try {
    let batch: SourceFile[] = [];
    let bytes = 0;
    for (const file of collected.files) {
      const content = await readSmallFile(file.absolutePath);
      if (!(content instanceof Uint8Array)) {
        errors.push({ path: file.displayPath, ...content });
        notAnalysed.push(file.displayPath);
        continue;
      }
      // No repository configuration here: the default test paths decide what is test code.
      batch.push({ path: file.displayPath, content, isTest: isTestPath(file.displayPath, {}) });
      bytes += content.byteLength;
      if (batch.length >= BATCH_FILES || bytes >= BATCH_BYTES) {
        await scanBatch(batch);
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length > 0) await scanBatch(batch);
  } finally {
    await runner.close();
  }

  emitReport(
    { findings, errors, notAnalysed, filesScanned: collected.files.length, sources },
    command.format,
    io,
    { rules: engine.rules, version },
  );
  reportCutOff(cutOff, io);
  return cutOff.length > 0 ? EXIT_ERROR : exitCodeFor(findings, command.failOn);
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
