/**
 * A model (rules/models/*.yml, or a repository's .github/hunkwise/models/*.yml): what one
 * framework or library means for security, as data: where request data enters (source
 * groups), which calls are sinks of which category, and which calls make data safe for a
 * category. Taint rules name groups and categories instead of repeating callees.
 */
import { z } from 'zod';
import { argConditionSchema } from '../rule-schema.js';
import { MAX_MODEL_LIST, MAX_MODEL_NAME, groupNameSchema, sourceGroupSchema } from './source-group-schema.js';

/** Sink categories are kebab-case words: `redirect`, `html-response`, `outbound-url`. */
export const categoryNameSchema = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'a category is named in kebab-case');

/** A callee as taint sinks name them: qualified, `*` globs, `Class().method` for a bound client. */
const callee = z
  .string()
  .min(1)
  .max(MAX_MODEL_NAME)
  .regex(/^[A-Za-z_*][A-Za-z0-9_*]*(\(\))?(\.[A-Za-z_*][A-Za-z0-9_*]*(\(\))?)*$/, 'must be a dotted name (globs `*` and `Class().method` allowed)');

export const modelSinkSchema = z
  .object({
    category: categoryNameSchema,
    callees: z.array(callee).min(1).max(MAX_MODEL_LIST),
    position: z.number().int().min(0).max(50).optional(),
    keyword: z.string().min(1).max(60).optional(),
    where: z.array(argConditionSchema).max(10).default([]),
    receiver: z.boolean().optional(),
    /** What the argument is, for the message: "URL", "query". */
    argument: z.string().min(1).max(60).optional(),
  })
  .strict();

export const modelSanitizerSchema = z
  .object({
    /** The sink categories data that went through these calls is safe for. */
    categories: z.array(categoryNameSchema).min(1).max(20),
    callees: z.array(callee).min(1).max(MAX_MODEL_LIST),
  })
  .strict();

export const modelSchema = z
  .object({
    model: groupNameSchema,
    title: z.string().min(1).max(200),
    /** The import names this model is about (documentation, and a hint for prefilters). */
    modules: z.array(z.string().min(1).max(MAX_MODEL_NAME)).max(50).default([]),
    sources: z.array(sourceGroupSchema).max(20).default([]),
    sinks: z.array(modelSinkSchema).max(100).default([]),
    sanitizers: z.array(modelSanitizerSchema).max(50).default([]),
  })
  .strict();

export type Model = z.infer<typeof modelSchema>;
export type ModelSink = z.infer<typeof modelSinkSchema>;
