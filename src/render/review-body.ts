/** The body of the review that carries the inline comments. Pure; only counts and a URL hunkwise built. */
import { link } from './markdown-text.js';

export function renderReviewBody(count: number, checkUrl: string): string {
  return `hunkwise found ${count} new ${count === 1 ? 'finding' : 'findings'} on lines this change adds. ${link('Full report in the check run', checkUrl)}.`;
}
