/** The option schemas of the analyzers that take options: checked when a rule is validated. */
import type { z } from 'zod';
import { NAMED_CONTEXT_CALL_ANALYZER } from './named-context-call.js';
import { namedContextCallOptionsSchema } from './named-context-call-options.js';

export const ANALYZER_OPTIONS: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  [NAMED_CONTEXT_CALL_ANALYZER, namedContextCallOptionsSchema],
]);
