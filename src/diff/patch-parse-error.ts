/**
 * Thrown when a patch is not a well-formed unified diff. Callers that cannot
 * afford to stop (the review job) should treat the file as having no patch,
 * so its findings go to the summary instead of being anchored wrongly.
 */
export class PatchParseError extends Error {
  /** 1-based line of the input where parsing failed. */
  readonly line: number;

  constructor(message: string, line: number) {
    super(`${message} (line ${line})`);
    this.name = 'PatchParseError';
    this.line = line;
  }
}
