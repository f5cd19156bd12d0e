/** Step 9b of the review job: close the threads whose findings the push fixed. */
import type { Logger } from 'pino';
import type { GitHubGateway } from '../github/gateway.js';
import type { PostedThread } from '../review/plan-review.js';
import { postedThreadsOf } from '../review/posted-threads.js';

/** Tries at replying to and resolving fixed threads; each re-reads the threads first. */
const RESOLVE_ATTEMPTS = 3;

/**
 * Replies "fixed" to and resolves each fixed thread exactly once, under
 * retries: the mutation is never re-sent blindly (a lost answer would post the
 * reply twice); each try first re-reads the threads and skips one already
 * resolved, replies only where our reply is missing, and leaves alone a thread
 * someone answered meanwhile. A retried job does the same. Returns how many are resolved.
 */
export async function resolveFixedThreads(
  gh: GitHubGateway,
  target: { readonly pull: number; readonly headSha: string },
  fixed: readonly PostedThread[],
  log: Logger,
): Promise<number> {
  if (fixed.length === 0) return 0;
  const reply = `✅ Fixed in ${target.headSha.slice(0, 7)}.`;
  const wanted = new Set(fixed.map((t) => t.threadId));
  for (let attempt = 1; attempt <= RESOLVE_ATTEMPTS; attempt++) {
    let done = 0;
    try {
      const state = await gh.getReviewState(target.pull);
      const ours = new Set(postedThreadsOf(state).filter((t) => !t.hasHumanReply).map((t) => t.threadId));
      const todo: { threadId: string; reply?: string }[] = [];
      for (const t of state.threads) {
        if (!wanted.has(t.id) || !ours.has(t.id)) continue;
        if (t.isResolved) {
          done++;
          continue;
        }
        const replied = t.comments.some((c) => c.byThisApp && c.body.trim() === reply);
        todo.push(replied ? { threadId: t.id } : { threadId: t.id, reply });
      }
      if (todo.length > 0) await gh.resolveThreads(todo);
      return done + todo.length;
    } catch (error) {
      const last = attempt === RESOLVE_ATTEMPTS;
      log.warn({ attempt, err: error }, last ? 'could not resolve fixed threads' : 'resolving fixed threads failed; looking again');
      if (last) return done;
    }
  }
  return 0;
}
