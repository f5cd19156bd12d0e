/** A problem the person setting up the workflow can fix; its message says how. Exit code 2. */
export class ActionError extends Error {
  override readonly name = 'ActionError';
}
