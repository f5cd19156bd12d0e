/**
 * The engine runner with each file's outcome counted in the metrics: findings
 * by severity, and files not analysed by reason. Results pass through unchanged.
 */
import type { EngineRunner } from '../engine-pool/engine-runner.js';
import type { HunkwiseMetrics } from './metrics.js';

export function observeEngineRunner(runner: EngineRunner, metrics: Pick<HunkwiseMetrics, 'fileScanned' | 'fileNotAnalysed'>): EngineRunner {
  return {
    get rules() {
      return runner.rules;
    },
    get fileDeadlineMs() {
      return runner.fileDeadlineMs;
    },
    async scanFiles(files, options) {
      const outcomes = await runner.scanFiles(files, options);
      for (const outcome of outcomes) {
        if (outcome.kind === 'not-analysed') metrics.fileNotAnalysed(outcome.reason);
        else if (!outcome.result.analysed) metrics.fileNotAnalysed('skipped');
        else metrics.fileScanned(outcome.result.findings.map((f) => f.severity));
      }
      return outcomes;
    },
    close: () => runner.close(),
  };
}
