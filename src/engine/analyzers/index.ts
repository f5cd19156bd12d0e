/** The registry of code analyzers. Only built-in rules may name one. */
import type { Analyzer } from '../analyzer-api.js';
import { namedContextCall } from './named-context-call.js';

export const ANALYZERS: ReadonlyMap<string, Analyzer> = new Map<string, Analyzer>([[namedContextCall.name, namedContextCall]]);

/** Handled by the engine itself after suppressions are known. */
export const UNUSED_SUPPRESSION_ANALYZER = 'unused-suppression';
