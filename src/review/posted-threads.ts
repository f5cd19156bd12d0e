/** Which review threads are this App's own, as the planner needs them. Pure. */
import type { ReviewState } from '../github/gateway.js';
import { extractFingerprints } from './fingerprint.js';
import type { PostedThread } from './plan-review.js';

/**
 * The threads this App started, with the markers of their first comment (the
 * inline comment hunkwise wrote). A thread anyone else started (another app's
 * bot, a person quoting a marker) is never read, replied to or resolved; a
 * comment by anyone but this App in our thread leaves the thread to people.
 */
export function postedThreadsOf(state: ReviewState): PostedThread[] {
  const threads: PostedThread[] = [];
  for (const t of state.threads) {
    const first = t.comments[0];
    if (first === undefined || !first.byThisApp) continue;
    const fingerprints = extractFingerprints(first.body);
    if (fingerprints.length === 0) continue;
    threads.push({
      threadId: t.id,
      path: t.path,
      fingerprints,
      isResolved: t.isResolved,
      hasHumanReply: t.moreComments || t.comments.some((c) => !c.byThisApp),
    });
  }
  return threads;
}
