/** The registry of code analyzers. Only built-in rules may name one. */
import type { Analyzer } from '../analyzer-api.js';

export const ANALYZERS: ReadonlyMap<string, Analyzer> = new Map<string, Analyzer>([]);

/** Handled by the engine itself after suppressions are known. */
export const UNUSED_SUPPRESSION_ANALYZER = 'unused-suppression';
