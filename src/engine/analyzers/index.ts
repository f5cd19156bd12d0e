/** The registry of code analyzers. Only built-in rules may name one. */
import type { Analyzer } from '../analyzer-api.js';
import { archiveMemberPath } from './archive-member-path.js';
import { envUnboundedNumber } from './env-unbounded-number.js';
import { freePortRace } from './free-port-race.js';
import { hardKillWithoutGrace } from './hard-kill-without-grace.js';
import { namedContextCall } from './named-context-call.js';
import { processCommandFromData } from './process-command-from-data.js';

/** Handled by the engine itself after suppressions are known. */
export const UNUSED_SUPPRESSION_ANALYZER = 'unused-suppression';

/**
 * Also handled by the engine (scan-file.ts, with the suppressions): a `# nosec` code or
 * `# hunkwise: ignore[...]` id that no rule uses. Registered as an analyzer that does nothing
 * itself, so its rule compiles like any other.
 */
export const INVALID_SUPPRESSION_ANALYZER = 'invalid-suppression';
const invalidSuppression: Analyzer = {
  name: INVALID_SUPPRESSION_ANALYZER,
  prepare: () => ({ run: () => undefined }),
};

export const ANALYZERS: ReadonlyMap<string, Analyzer> = new Map<string, Analyzer>(
  [envUnboundedNumber, processCommandFromData, freePortRace, hardKillWithoutGrace, namedContextCall, invalidSuppression, archiveMemberPath].map((a) => [a.name, a]),
);
