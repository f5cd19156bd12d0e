/**
 * Thrown where a walk over the code meets one of the engine's nesting bounds (the stack, not
 * the data, would run out past them). Scanning reports it as a `too-complex` ScanError: the
 * file counts as not fully analysed, so the review cannot pass on it.
 */
export class TooComplex extends Error {
  constructor(
    /** What was too deep, for the message: "expression nested deeper than 400 levels". */
    readonly what: string,
    /** 1-based line where the bound was met. */
    readonly line: number,
  ) {
    super(`${what} at line ${line}`);
    this.name = 'TooComplex';
  }
}
