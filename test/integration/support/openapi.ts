/**
 * Checks request bodies the app sends against GitHub's OpenAPI description.
 *
 * The description is 13 MB; parsing it in every test file would dominate the
 * run. So the first reader extracts each operation's request-body schema
 * (references resolved) into a small file in the OS temp directory, keyed by
 * the package version, and every later reader (any worker, any run) loads
 * that. Within a test file the result is memoised.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

type Schema = {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly nullable?: boolean;
  readonly enum?: readonly unknown[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: boolean | Schema;
  readonly items?: Schema;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
};

/** Per operation: its JSON request body (null: it takes none) and whether the body is required. */
type BodySchemas = Record<string, { readonly schema: Schema; readonly required: boolean } | null>;

const OPENAPI_PACKAGE = '@octokit/openapi';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function resolveRefs(schema: unknown, components: Record<string, unknown>, depth: number): unknown {
  if (depth > 40 || typeof schema !== 'object' || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map((s) => resolveRefs(s, components, depth + 1));
  const record = schema as Record<string, unknown>;
  if (typeof record.$ref === 'string') {
    const name = record.$ref.replace('#/components/schemas/', '');
    return resolveRefs(components[name], components, depth + 1);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'description' || key === 'examples' || key === 'example') continue;
    out[key] = resolveRefs(value, components, depth + 1);
  }
  return out;
}

function extractBodySchemas(): BodySchemas {
  const spec = JSON.parse(
    readFileSync(require.resolve(`${OPENAPI_PACKAGE}/generated/api.github.com.json`), 'utf8'),
  ) as {
    paths: Record<string, Record<string, { requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> } }>>;
    components: { schemas: Record<string, unknown> };
  };
  const out: BodySchemas = {};
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op === undefined) continue;
      const schema = op.requestBody?.content?.['application/json']?.schema;
      out[`${method.toUpperCase()} ${template}`] =
        schema === undefined
          ? null
          : { schema: resolveRefs(schema, spec.components.schemas, 0) as Schema, required: op.requestBody?.required === true };
    }
  }
  return out;
}

let memo: BodySchemas | undefined;

function bodySchemas(): BodySchemas {
  if (memo !== undefined) return memo;
  const version = (require(`${OPENAPI_PACKAGE}/package.json`) as { version: string }).version;
  const dir = join(tmpdir(), 'hunkwise-test-cache');
  const file = join(dir, `openapi-bodies-v2-${version}.json`);
  try {
    memo = JSON.parse(readFileSync(file, 'utf8')) as BodySchemas;
  } catch {
    memo = extractBodySchemas();
    mkdirSync(dir, { recursive: true });
    // Write then rename: parallel workers never read a half-written file.
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(memo));
    renameSync(temp, file);
  }
  return memo;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

function check(schema: Schema | undefined, value: unknown, at: string, errors: string[]): void {
  if (schema === undefined) return;
  if (schema.allOf) for (const s of schema.allOf) check(s, value, at, errors);
  for (const alternatives of [schema.anyOf, schema.oneOf]) {
    if (alternatives === undefined) continue;
    const fits = alternatives.some((s) => {
      const sub: string[] = [];
      check(s, value, at, sub);
      return sub.length === 0;
    });
    if (!fits) errors.push(`${at}: matches none of the allowed shapes`);
  }
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
    const ok = types.some((t) => typeMatches(t, actual)) || (actual === 'null' && schema.nullable === true);
    if (!ok) {
      errors.push(`${at}: expected ${types.join('|')}, got ${actual}`);
      return;
    }
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (actual === 'string') {
    const s = value as string;
    if (schema.maxLength !== undefined && s.length > schema.maxLength) errors.push(`${at}: longer than ${schema.maxLength}`);
    if (schema.minLength !== undefined && s.length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
  }
  if (actual === 'array') {
    const a = value as unknown[];
    if (schema.maxItems !== undefined && a.length > schema.maxItems) errors.push(`${at}: more than ${schema.maxItems} items`);
    if (schema.minItems !== undefined && a.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
    a.forEach((item, i) => check(schema.items, item, `${at}[${i}]`, errors));
  }
  if (actual === 'object') {
    const o = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in o)) errors.push(`${at}: missing required ${name}`);
    for (const [name, v] of Object.entries(o)) {
      const prop = schema.properties?.[name];
      if (prop !== undefined) check(prop, v, `${at}.${name}`, errors);
      else if (schema.additionalProperties === false) errors.push(`${at}: unknown property ${name}`);
      else if (typeof schema.additionalProperties === 'object') check(schema.additionalProperties, v, `${at}.${name}`, errors);
    }
  }
}

/**
 * Problems with `body` as the request body of `METHOD /template`
 * (e.g. `POST /repos/{owner}/{repo}/check-runs`); an unknown operation is one.
 */
export function validateRequestBody(method: string, template: string, body: unknown): string[] {
  const key = `${method.toUpperCase()} ${template}`;
  const schemas = bodySchemas();
  if (!(key in schemas)) return [`${key} is not an operation of GitHub's REST API`];
  const entry = schemas[key];
  if (entry === null) return body === undefined ? [] : [`${key} takes no request body`];
  if (body === undefined) return entry.required ? [`${key}: the request body is required`] : [];
  const errors: string[] = [];
  check(entry.schema, body, 'body', errors);
  return errors.map((e) => `${key}: ${e}`);
}

export function isKnownOperation(method: string, template: string): boolean {
  return `${method.toUpperCase()} ${template}` in bodySchemas();
}
