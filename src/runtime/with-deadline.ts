/**
 * Waits for `work` at most `ms` milliseconds. A shutdown uses it so that a
 * review waiting out a GitHub outage, or a Redis that does not answer, cannot
 * keep the process past the container's kill. The timer never keeps the
 * process alive, and a rejection of `work` after the deadline is swallowed.
 */
export type DeadlineOutcome = 'done' | 'timeout';

export function withDeadline(work: Promise<unknown>, ms: number): Promise<DeadlineOutcome> {
  return new Promise<DeadlineOutcome>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      resolve('timeout');
    }, Math.max(0, ms));
    timer.unref();
    work.then(
      () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve('done');
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
