/**
 * The options of the `named-context-call` analyzer, validated with the rule that names it
 * (parse-rule-file.ts), so the engine itself loads no validator.
 */
import { z } from 'zod';
import { argConditionSchema } from '../rule-schema.js';

const grade = z
  .object({
    severity: z.enum(['low', 'medium', 'high']).optional(),
    confidence: z.enum(['low', 'medium', 'high']).optional(),
    /** `{callee}` and `{name}` (the secret-like name) are filled in. */
    message: z.string().optional(),
    /** E.g. `practice`: hygiene, summary only. */
    category: z.enum(['defect', 'concern', 'practice']).optional(),
  })
  .strict();

/** A name can hint at a purpose, never prove it: a grade chosen by a name is at most medium. */
const nameGrade = grade.refine((g) => g.severity !== 'high', { message: 'a name alone never makes a finding high' });

export const namedContextCallOptionsSchema = z
  .object({
    /** Qualified callee globs; the last segment must be concrete (it indexes the calls). */
    callees: z.array(z.string().regex(/[^*]$/)).min(1),
    /** Regular expression, case-insensitive, on a name that receives or feeds the value. */
    names: z.string().min(1).optional(),
    /** Conditions on the call's arguments that must all hold (e.g. usedforsecurity not false). */
    where: z.array(argConditionSchema).default([]),
    /** Also look at names inside the call's own arguments: `hashlib.md5(password)`. */
    arguments: z.boolean().default(false),
    /**
     * Grades by where the value goes (see value-use.ts), checked before names: `password`
     * (stored or checked as a password), `mac` (a signature or MAC), `client` (sent to a
     * client: a cookie, a view's response), `cache-key` (a dict or cache key).
     */
    uses: z
      .object({ password: grade.optional(), mac: grade.optional(), client: grade.optional(), 'cache-key': grade.optional() })
      .strict()
      .default({}),
    /** How to grade a call in such a context (defaults: the rule's, which then must not be high). */
    inContext: nameGrade.optional(),
    /** Also report calls outside such a context, with this grade. */
    otherwise: grade.optional(),
  })
  .strict();

/** As written in the rule: the defaults are not filled in. */
export type NamedContextCallOptions = z.input<typeof namedContextCallOptionsSchema>;
