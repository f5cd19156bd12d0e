/** The registry of code analyzers. Only built-in rules may name one. */
import type { Analyzer } from '../analyzer-api.js';
import { envUnboundedNumber } from './env-unbounded-number.js';
import { freePortRace } from './free-port-race.js';
import { hardKillWithoutGrace } from './hard-kill-without-grace.js';
import { namedContextCall } from './named-context-call.js';
import { processCommandFromData } from './process-command-from-data.js';

export const ANALYZERS: ReadonlyMap<string, Analyzer> = new Map<string, Analyzer>(
  [envUnboundedNumber, processCommandFromData, freePortRace, hardKillWithoutGrace, namedContextCall].map((a) => [a.name, a]),
);

/** Handled by the engine itself after suppressions are known. */
export const UNUSED_SUPPRESSION_ANALYZER = 'unused-suppression';
