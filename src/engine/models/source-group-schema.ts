/**
 * How a framework's request data looks in code, as data: the schema of one source group in a
 * model (rules/models/*.yml). A taint rule names groups (`sources: [flask]`); the models that
 * declare a group are copied into the rule's `sourceGroups` when the engine is built.
 */
import { z } from 'zod';

/** A name list in a model: a few dozen entries at most; more is a mistake or an attack. */
export const MAX_MODEL_LIST = 200;
/** A qualified name (`flask.request.args`) or one segment: longer is not a Python name anyone writes. */
export const MAX_MODEL_NAME = 200;

const name = z
  .string()
  .min(1)
  .max(MAX_MODEL_NAME)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be one Python identifier');
const qualified = z
  .string()
  .min(1)
  .max(MAX_MODEL_NAME)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'must be a dotted Python name');
const names = z.array(name).max(MAX_MODEL_LIST).default([]);
const qualifiedNames = z.array(qualified).max(MAX_MODEL_LIST).default([]);

export const groupNameSchema = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'a source group is named in kebab-case');

/**
 * A request object and what on it is data. It is found by the parameter's name, its
 * annotation, `self.<attribute>` (a class-based view's request) or `self` itself (a Tornado
 * handler, whose methods read the request).
 */
export const requestObjectSchema = z
  .object({
    /** Parameter names (`request`, `req`). */
    parameters: names,
    /** Qualified annotations that make any parameter a request (`aiohttp.web.Request`). */
    annotations: qualifiedNames,
    /** `self.<name>` in a method (`self.request`). */
    selfAttributes: names,
    /** `self` in a method of a class deriving from one of these (last name segment compared). */
    selfBases: names,
    /**
     * Only in a file that imports one of these by its usual local name (`import aiohttp`,
     * `from aiohttp import web`): for frameworks whose request attributes (`url`, `path`,
     * `query`) are common words on other objects called `request`.
     */
    imports: qualifiedNames,
    /** Attributes that are request data (`GET`, `match_info`). */
    attributes: names,
    /** Methods that return request data (`get_argument`, `json`), awaited or not. */
    calls: names,
  })
  .strict();

/** Handlers whose own parameters are request data (route and path parameters). */
export const routeSchema = z
  .object({
    /** `@x.<decorator>(...)`: the decorated function is a handler. */
    decorators: names,
    /** Methods with these names in a class deriving from one of `handlerBases` are handlers (Tornado). */
    methods: names,
    handlerBases: names,
    /**
     * A module-level function whose first parameter has one of these names is a view (Django:
     * `def download(request, name)`); its other parameters are URL captures. Needs `imports`.
     */
    firstParameters: names,
    /** Only in a file with a top-level import of one of these modules (`django`). */
    imports: qualifiedNames,
    /** Parameter names that are never data (a class-based view's `request`). */
    notDataNames: names,
    /** Path converters (`<int:id>`) whose parameter can only hold this scalar type. */
    scalarConverters: names,
    /** Annotations whose parameters are not data (framework objects, dependencies). */
    notDataTypes: names,
    /** Annotations whose values cannot carry an injection. */
    scalarTypes: names,
    /** Default-value calls that mark a dependency, not data (`Depends(...)`). */
    dependencyMarkers: names,
    /** A str the handler returns is sent as text/html (Flask): a `returnedHtml` sink. */
    returnsHtml: z.boolean().default(false),
  })
  .strict();

export const sourceGroupSchema = z
  .object({
    group: groupNameSchema,
    /** Qualified attributes (or imported names) that are data: `flask.request.args`, `sys.argv`. */
    attributes: qualifiedNames,
    /** Qualified callees that return data: `flask.request.get_json`, `os.getenv`. */
    calls: qualifiedNames,
    /**
     * Text one of which any function reading this source contains, for the file and function
     * prefilters. Derived from the rest when absent; name them when a derived one is common.
     */
    tokens: z.array(z.string().min(2).max(60)).max(MAX_MODEL_LIST).optional(),
    requestObjects: z.array(requestObjectSchema).max(20).default([]),
    routes: z.array(routeSchema).max(20).default([]),
  })
  .strict();

export type SourceGroup = z.infer<typeof sourceGroupSchema>;
export type RequestObject = z.infer<typeof requestObjectSchema>;
export type Route = z.infer<typeof routeSchema>;
