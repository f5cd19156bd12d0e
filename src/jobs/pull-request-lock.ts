/**
 * One review at a time per pull request across every worker process, as the
 * in-process queue guarantees inside one: two runs for one pull request could
 * each read the markers before the other posts, and post the same comment twice.
 *
 * A Redis key with an owner token and a time to live. The owner renews it while
 * the job runs; a worker that dies stops renewing, so the lock frees itself.
 */
import type { Redis } from 'ioredis';

/** Renews only while the caller still owns the lock. */
const RENEW_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes only the caller's own lock, never a successor's. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface PullRequestLock {
  /** True when `owner` now holds the lock for `key` (or already did). */
  acquire(key: string, owner: string): Promise<boolean>;
  /** False when the lock was lost (expired and taken, or never held). */
  renew(key: string, owner: string): Promise<boolean>;
  release(key: string, owner: string): Promise<void>;
}

export function createPullRequestLock(redis: Redis, keyPrefix: string, ttlMs: number): PullRequestLock {
  const ttl = Math.max(1000, Math.floor(ttlMs));
  const keyOf = (key: string): string => `${keyPrefix}:lock:${key}`;
  return {
    async acquire(key, owner) {
      const set = await redis.set(keyOf(key), owner, 'PX', ttl, 'NX');
      if (set === 'OK') return true;
      // The same owner asking again (a retried call) keeps its lock.
      return (await redis.eval(RENEW_SCRIPT, 1, keyOf(key), owner, String(ttl))) === 1;
    },
    async renew(key, owner) {
      return (await redis.eval(RENEW_SCRIPT, 1, keyOf(key), owner, String(ttl))) === 1;
    },
    async release(key, owner) {
      await redis.eval(RELEASE_SCRIPT, 1, keyOf(key), owner);
    },
  };
}
