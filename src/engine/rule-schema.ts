/**
 * The declarative rule format. Rules are data (YAML, one per file); this schema is the
 * single source of truth for what a rule may say, and its errors name the file and field.
 */
import { z } from 'zod';
import { sourceGroupSchema } from './models/source-group-schema.js';

const level = z.enum(['low', 'medium', 'high']);
const category = z.enum(['defect', 'concern', 'practice']);

/**
 * How a rule judges test code (see the `test_paths` setting): `same` for defects that matter
 * anywhere (request data in a shell command); `low` for what only matters in production
 * (credentials, weak hashes, disabled TLS verification in a test): low severity, hygiene,
 * summary only; `skip` for what is normal in tests (assert).
 */
export const IN_TESTS = ['same', 'low', 'skip'] as const;
export type InTests = (typeof IN_TESTS)[number];

/** Which argument a condition looks at: a position, a keyword, or either (keyword wins). */
const argRef = {
  position: z.number().int().min(0).optional(),
  keyword: z.string().min(1).optional(),
};

/**
 * A condition on one argument. `is` values:
 * - present / absent: the argument is (not) given
 * - constant: a literal (string, number, bool, None, or constant concatenation)
 * - not-constant: anything else (a name, attribute, call, f-string with fields...)
 * - dynamic-string: a string built at run time (f-string with fields, +, %, .format, join)
 * - shell-quoted: such a string whose run-time parts all went through shlex.quote (or
 *   shlex.join): a shell reads each as one word (put its case before dynamic-string's)
 * - truthy / falsy: a literal that is true / false (a non-literal is neither)
 * - not-falsy: absent counts as default; anything but a false literal
 * - literal / not-literal: (not) written out in place as a literal: strings without fields,
 *   numbers, True/False/None, and lists, tuples, sets and dicts of those; a name is not a
 *   literal even when it holds one (Bandit's view, for its checks that read the source)
 */
export const argConditionSchema = z
  .object({
    ...argRef,
    is: z
      .enum(['present', 'absent', 'constant', 'not-constant', 'dynamic-string', 'shell-quoted', 'truthy', 'falsy', 'not-falsy', 'literal', 'not-literal'])
      .optional(),
    /** Literal values or qualified names (e.g. signal.SIGKILL) the argument equals. */
    equals: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    /** Regular expression on a constant string argument. */
    matches: z.string().optional(),
    /**
     * A string whose known beginning starts with one of these: a constant, or one built at
     * run time from a constant head (`f"https://{host}/x"`, `"https://" + host`).
     */
    startsWith: z.array(z.string().min(1)).optional(),
    /**
     * Regular expression on a string's known beginning, as for startsWith (a constant, or the
     * constant head of one built at run time); a string without a known beginning fails.
     */
    prefixMatches: z.string().optional(),
    /**
     * A name of one of these classes, or of a class defined in this file that derives from
     * one of them (e.g. a loader subclassing yaml.SafeLoader).
     */
    derivesFrom: z.array(z.string()).optional(),
    /** A constant number strictly below this. */
    lessThan: z.number().optional(),
    /** A constant integer with any of these bits set (e.g. 0o002 world-writable). */
    anyBits: z.number().int().optional(),
    /** Negate the whole condition. */
    not: z.boolean().optional(),
    /**
     * When the argument is a list or tuple literal, look at this element of it instead
     * (e.g. 0: the program of a command given as a list); other values are looked at whole.
     * `any`: the condition holds when it holds for some element (`algorithms=["HS256", "none"]`).
     */
    element: z.union([z.number().int().min(0), z.literal('any')]).optional(),
    /**
     * When the argument is a dict literal, look at the value under this constant key instead
     * (e.g. `verify_signature` of `options={"verify_signature": False}`); a dict without the
     * key, or a value that is not a dict literal, fails the condition. Applied before `element`.
     */
    entry: z.string().min(1).optional(),
  })
  .strict()
  .refine((c) => c.position !== undefined || c.keyword !== undefined, {
    message: 'an argument condition needs position or keyword',
  });
export type ArgCondition = z.infer<typeof argConditionSchema>;

/** A case refines a match: the first case whose conditions hold decides severity and message. */
const caseSchema = z
  .object({
    where: z.array(argConditionSchema).default([]),
    severity: level.optional(),
    confidence: level.optional(),
    message: z.string().optional(),
    /** E.g. `practice` for a low-severity shape that is hygiene (summary only), not a concern. */
    category: category.optional(),
    /** A case with skip: true means "this shape is fine": no finding. */
    skip: z.boolean().optional(),
  })
  .strict();

const callMatch = z
  .object({
    kind: z.literal('call'),
    /** Qualified names after import resolution; `*` globs a segment part, e.g. `os.exec*`, `*.send_signal`. */
    callees: z.array(z.string().min(1)).min(1),
    where: z.array(argConditionSchema).default([]),
    cases: z.array(caseSchema).optional(),
  })
  .strict();

const importMatch = z
  .object({
    kind: z.literal('import'),
    /** Module names; a name matches itself and its submodules. */
    modules: z.array(z.string().min(1)).min(1),
    /**
     * Imported names that do not count (e.g. `ftplib.FTP_TLS`): `from ftplib import FTP_TLS`
     * is not reported, `from ftplib import FTP, FTP_TLS` is.
     */
    except: z.array(z.string().min(1)).optional(),
    /**
     * Report an import that brings only `except` names at this grade instead of not at all
     * (e.g. low `practice`: Bandit reports it, hunkwise judges it hygiene).
     */
    exceptGrade: z
      .object({ severity: level.optional(), category: category.optional(), message: z.string().min(1).optional() })
      .strict()
      .optional(),
  })
  .strict();

const queryMatch = z
  .object({
    kind: z.literal('query'),
    /**
     * A tree-sitter query over tree-sitter-python; predicates #eq?, #match?, #any-of? work
     * (in a repository's rule, #match? and its kin run on RE2, like every regex it has).
     */
    query: z.string().min(1),
    /** The capture to report (defaults to the first one). */
    report: z.string().optional(),
    /** Captures whose resolved qualified name must be one of these (globs allowed). */
    resolves: z.record(z.string(), z.array(z.string())).optional(),
    /** Captures whose resolved qualified names must all be outside these (globs allowed). */
    excludes: z.record(z.string(), z.array(z.string())).optional(),
    /**
     * A regular expression for text that lies inside whatever the query matches (a keyword,
     * a name, part of a string). The query then runs only around its hits: on the outermost
     * node of a type the query's patterns start with, or, when those cannot be named, on the
     * statement holding the hit. A file without a hit costs one regex search. Without a
     * prefilter the query runs over the whole tree of every file.
     */
    prefilter: z.string().min(1).optional(),
  })
  .strict();

const analyzerMatch = z
  .object({
    kind: z.literal('analyzer'),
    /** The name of a module in src/engine/analyzers/. Not accepted from repositories. */
    analyzer: z.string().regex(/^[a-z][a-z0-9-]*$/),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** Value-flow inside one function from sources to sinks, stopped by sanitizers. */
const taintMatch = z
  .object({
    kind: z.literal('taint'),
    /** Names of source groups (see src/engine/taint) or qualified callees/attributes. */
    sources: z.array(z.string()).min(1),
    /** Sink callees; `args` limits which arguments carry the taint into the sink. */
    sinks: z
      .array(
        z
          .object({
            callees: z.array(z.string()).default([]),
            /**
             * A sink category that models declare (rules/models/*.yml): `redirect`, `sql`,
             * `outbound-url`... Its callees (and the sanitizers models name for it) are added
             * when the engine is built; this entry's other fields apply to each of them.
             */
            category: z
              .string()
              .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'a category is named in kebab-case')
              .optional(),
            /**
             * Not a call: a string with markup (`<` in its constant text) returned by a route
             * handler whose framework sends a returned str as HTML (a model route's `returnsHtml`).
             */
            returnedHtml: z.boolean().optional(),
            position: z.number().int().min(0).optional(),
            keyword: z.string().optional(),
            where: z.array(argConditionSchema).default([]),
            /** The taint is in the object the method is called on: `(BASE / name).read_text()`. */
            receiver: z.boolean().optional(),
            /** What the tainted argument is, for the message: "command", "query", "URL". */
            argument: z.string().min(1).optional(),
            /** A message for this sink, overriding the match's (same placeholders). */
            message: z.string().min(1).optional(),
            /**
             * A regular expression on the constant text a built string starts with: when it
             * matches, the tainted rest cannot change what matters (e.g. a URL's fixed host).
             */
            safePrefix: z.string().optional(),
            /**
             * The argument is an argv: in a list literal whose program is a constant, items
             * after a constant `"--"` are operands, never options, and are not followed.
             */
            endOfOptions: z.boolean().optional(),
          })
          .strict()
          .refine((s) => s.callees.length > 0 || s.category !== undefined || s.returnedHtml === true, {
            message: 'a sink needs callees, a category or returnedHtml',
          }),
      )
      .min(1),
    /**
     * What the groups in `sources` look like in code. Filled in from the models that declare
     * them when the engine is built; a rule may also describe a group of its own here.
     */
    sourceGroups: z.array(sourceGroupSchema).max(50).optional(),
    sanitizers: z.array(z.string()).default([]),
    /**
     * The finding's message: `{source}` (e.g. request.args), `{line}` (where it is read),
     * `{callee}` and `{argument}` are filled in.
     */
    message: z.string().min(1).optional(),
    /** Re-grades flows by where they start (e.g. argv/environment lower than request data). */
    bySource: z
      .array(
        z
          .object({
            sources: z.array(z.string()).min(1),
            severity: level.optional(),
            confidence: level.optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export const matchSchema = z.discriminatedUnion('kind', [callMatch, importMatch, queryMatch, analyzerMatch, taintMatch]);
export type RuleMatch = z.infer<typeof matchSchema>;

export const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'id must be kebab-case'),
    title: z.string().min(1),
    severity: level,
    confidence: level,
    category,
    /** See IN_TESTS; a rule that does not say is judged the same in tests. */
    inTests: z.enum(IN_TESTS).optional(),
    cwe: z.array(z.number().int().positive()).min(1),
    bandit: z.array(z.string().regex(/^B\d{3}$/)).default([]),
    ruff: z.array(z.string().regex(/^S\d{3}$/)).default([]),
    /** Short text for the finding; `{callee}` and `{capture}` placeholders are filled in. */
    message: z.string().min(1),
    why: z.string().min(1),
    fix: z.string().min(1),
    /**
     * The fix in one short sentence, for the review body's list of concerns; without it the
     * first sentence of `fix` is used.
     */
    mitigation: z.string().min(1).max(200).optional(),
    references: z.array(z.string().url()).default([]),
    /** Where hunkwise deliberately differs from Bandit or Ruff, and why. */
    differences: z.string().optional(),
    /**
     * A replacement for the reported lines: a regex `find` on the flagged source text and
     * its `replace` (with $1-style groups). It becomes a GitHub suggestion.
     */
    autofix: z.object({ find: z.string().min(1), replace: z.string() }).strict().optional(),
    /**
     * Rules this one says more than when both report the same code: a dataflow rule names
     * where the data came from. Only one finding is kept there: the more severe, and on a
     * tie this rule's (carrying over the other's fix if it has none).
     */
    supersedes: z.array(z.string()).optional(),
    match: matchSchema,
  })
  .strict();

export type Rule = z.infer<typeof ruleSchema>;
