/**
 * The engine on the caller's own thread, behind the runner interface: for tests
 * that build an Engine themselves. It cannot stop a file that does not return,
 * so the App and the command line use the pool.
 */
import type { Engine } from '../engine/engine-api.js';
import type { Rule } from '../engine/rule-schema.js';
import {
  DEFAULT_FILE_DEADLINE_MS,
  notAnalysed,
  type EngineRunner,
  type FileOutcome,
  type RunOptions,
  type SourceFile,
} from './engine-runner.js';

export function createInThreadRunner(engine: Engine, options: { readonly fileDeadlineMs?: number } = {}): EngineRunner {
  const fileDeadlineMs = options.fileDeadlineMs ?? DEFAULT_FILE_DEADLINE_MS;
  let cached: { readonly rules: readonly Rule[]; readonly engine: Engine } | undefined;
  const engineFor = (extra: readonly Rule[] | undefined): Engine => {
    if (extra === undefined || extra.length === 0) return engine;
    if (cached?.rules !== extra) cached = { rules: extra, engine: engine.withRules(extra) };
    return cached.engine;
  };
  return {
    rules: engine.rules,
    fileDeadlineMs,
    async scanFiles(files: readonly SourceFile[], run: RunOptions = {}): Promise<FileOutcome[]> {
      const deadline = run.timeBudgetMs === undefined ? Infinity : Date.now() + run.timeBudgetMs;
      let scanner: Engine;
      try {
        scanner = engineFor(run.extraRules);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        return files.map((f) => notAnalysed(f.path, 'crash', fileDeadlineMs, detail));
      }
      const outcomes: FileOutcome[] = [];
      for (const file of files) {
        // Scanning is synchronous: yield between files so other work gets a turn.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (Date.now() >= deadline) {
          outcomes.push(notAnalysed(file.path, 'job-budget', fileDeadlineMs));
          continue;
        }
        const result = scanner.scanFile(file.path, file.content, {
          timeBudgetMs: fileDeadlineMs,
          ...(run.maxBytes === undefined ? {} : { maxBytes: run.maxBytes }),
          ...(run.reportUnusedSuppressions === undefined ? {} : { reportUnusedSuppressions: run.reportUnusedSuppressions }),
          ...(file.isTest ? { isTest: true } : {}),
        });
        outcomes.push({ kind: 'scanned', path: file.path, result });
      }
      return outcomes;
    },
    close: () => Promise.resolve(),
  };
}
