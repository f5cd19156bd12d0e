/**
 * Creation that happens once under retries. A create request whose answer is lost (a dropped
 * connection, a timeout, a 5xx after GitHub acted) may have created the object; sending it
 * again blindly would post a review twice or leave a second check run spinning. So the request
 * goes without the retry plugin's blind retries and, after an ambiguous failure, GitHub is
 * asked whether the object exists. If it does not, the failure stands: the review job is
 * queued again as GitHub-unavailable (review-retry.ts), and its next run looks before it
 * creates (an unfinished check run is taken over, posted comments are known by their markers).
 */
import { isAmbiguousFailure } from '../github-errors.js';

export async function createOnce<T>(create: () => Promise<T>, findCreated: () => Promise<T | undefined>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (!isAmbiguousFailure(error)) throw error;
    const created = await findCreated().catch(() => undefined);
    if (created !== undefined) return created;
    throw error;
  }
}
