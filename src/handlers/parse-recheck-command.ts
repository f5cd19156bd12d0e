/** A line that is exactly `/recheck` (any case, surrounding whitespace allowed). */
export function hasRecheckCommand(body: string | null | undefined): boolean {
  if (typeof body !== 'string') return false;
  return body.split(/\r?\n/).some((line) => line.trim().toLowerCase() === '/recheck');
}
