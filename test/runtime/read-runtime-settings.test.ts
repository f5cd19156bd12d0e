import { DEFAULT_QUEUE_TUNING } from '../../src/jobs/bullmq-review-queue.js';
import { DEFAULT_GITHUB_CLIENT_SETTINGS } from '../../src/runtime/create-hunkwise-octokit.js';
import { readRuntimeSettings } from '../../src/runtime/read-runtime-settings.js';

describe('readRuntimeSettings', () => {
  it('uses the in-process queue, reviews in this process, and the defaults without settings', () => {
    const s = readRuntimeSettings({});
    expect(s.redisUrl).toBeUndefined();
    expect(s.runWorker).toBe(true);
    expect(s.queue).toEqual(DEFAULT_QUEUE_TUNING);
    expect(s.github).toEqual(DEFAULT_GITHUB_CLIENT_SETTINGS);
  });

  it('reads REDIS_URL, a receiver-only process and the tuning knobs', () => {
    const s = readRuntimeSettings({
      REDIS_URL: ' redis://127.0.0.1:6380 ',
      HUNKWISE_WORKER: 'false',
      HUNKWISE_JOB_LOCK_MS: '5000',
      HUNKWISE_STALLED_INTERVAL_MS: '1000',
      HUNKWISE_JOB_ATTEMPTS: '5',
      HUNKWISE_JOB_BACKOFF_MS: '250',
      HUNKWISE_GITHUB_TIMEOUT_MS: '2000',
      HUNKWISE_GITHUB_RETRIES: '2',
      HUNKWISE_GITHUB_RETRY_BASE_MS: '100',
    });
    expect(s).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6380',
      runWorker: false,
      queue: { lockDurationMs: 5000, stalledIntervalMs: 1000, attempts: 5, backoffMs: 250 },
      github: { timeoutMs: 2000, retries: 2, retryBaseMs: 100 },
    });
  });

  it('ignores values that are not positive whole numbers', () => {
    const s = readRuntimeSettings({ HUNKWISE_JOB_ATTEMPTS: '0', HUNKWISE_GITHUB_TIMEOUT_MS: 'soon', HUNKWISE_WORKER: '' });
    expect(s.queue.attempts).toBe(DEFAULT_QUEUE_TUNING.attempts);
    expect(s.github.timeoutMs).toBe(DEFAULT_GITHUB_CLIENT_SETTINGS.timeoutMs);
    expect(s.runWorker).toBe(true);
  });
});
