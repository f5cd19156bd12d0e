import { DEFAULT_ENGINE_THREADS, MAX_ENGINE_THREADS } from './engine-pool.js';

/** HUNKWISE_ENGINE_THREADS: how many engine threads the App runs (1 to MAX_ENGINE_THREADS). */
export function readEngineThreads(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.HUNKWISE_ENGINE_THREADS?.trim();
  if (raw === undefined || raw === '') return DEFAULT_ENGINE_THREADS;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? Math.min(n, MAX_ENGINE_THREADS) : DEFAULT_ENGINE_THREADS;
}
