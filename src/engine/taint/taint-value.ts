/**
 * Taint values and environments. A value is tainted by one or more flows; each flow keeps
 * where the data came from and the calls it went through, so each rule decides for itself
 * which calls sanitise (shlex.quote stops a shell injection, not a path traversal).
 */

export interface Origin {
  /** The source group (flask, django, argv...) or the qualified name a rule named. */
  readonly group: string;
  /** How the source reads in the code, for messages: `request.args`, `sys.argv`. */
  readonly text: string;
  /** 1-based line where the data enters. */
  readonly line: number;
}

export interface Flow {
  readonly origin: Origin;
  /** Qualified names of the calls the data passed through, in order. */
  readonly through: readonly string[];
  /** Identity for deduplication. */
  readonly key: string;
}

export interface Taint {
  readonly flows: readonly Flow[];
  /**
   * The constant text the value is known to start with, when it is a string built from a
   * constant head (f"https://api.example.com/{x}"): the tainted part cannot change it.
   */
  readonly prefix?: string;
}

/** Past this many distinct flows a value carries, more add nothing a reviewer needs. */
const MAX_FLOWS = 6;
/** Deep call chains are rare; a cap keeps a pathological file from growing flows. */
const MAX_THROUGH = 12;

export function sourceTaint(origin: Origin): Taint {
  return { flows: [makeFlow(origin, [])] };
}

function makeFlow(origin: Origin, through: readonly string[]): Flow {
  return { origin, through, key: `${origin.line}:${origin.group}:${origin.text}|${through.join(',')}` };
}

/** Either value's flows; the prefix survives only when both agree on it. */
export function unionTaint(a: Taint | undefined, b: Taint | undefined): Taint | undefined {
  if (a === undefined || a === b) return b ?? a;
  if (b === undefined) return a;
  let flows: Flow[] | undefined;
  for (const f of b.flows) {
    if (a.flows.some((g) => g.key === f.key)) continue;
    flows ??= [...a.flows];
    if (flows.length < MAX_FLOWS) flows.push(f);
  }
  const prefix = a.prefix !== undefined && a.prefix === b.prefix ? a.prefix : undefined;
  if (!flows && prefix === a.prefix) return a;
  return prefix === undefined ? { flows: flows ?? a.flows } : { flows: flows ?? a.flows, prefix };
}

export function unionAll(values: Iterable<Taint | undefined>): Taint | undefined {
  let out: Taint | undefined;
  for (const v of values) out = unionTaint(out, v);
  return out;
}

/** The value a call returns from tainted inputs: same flows, one more call on their path. */
export function passThrough(t: Taint, callee: string, prefix?: string): Taint {
  const flows = t.flows.map((f) =>
    f.through.length >= MAX_THROUGH || f.through[f.through.length - 1] === callee ? f : makeFlow(f.origin, [...f.through, callee]),
  );
  return prefix === undefined ? { flows } : { flows, prefix };
}

export function withPrefix(t: Taint, prefix: string | undefined): Taint {
  if (t.prefix === prefix) return t;
  return prefix === undefined ? { flows: t.flows } : { flows: t.flows, prefix };
}

/**
 * Variable name (or dotted attribute path such as `self.path`) → its taint. A missing
 * identifier is clean; a missing dotted path falls back to its object's taint; `null` marks
 * a path known to be clean (assigned a constant, or checked against an allow-list).
 * Environments are never mutated: every change makes a new map, so a snapshot per
 * statement costs one reference.
 */
export type Env = ReadonlyMap<string, Taint | null>;

export const EMPTY_ENV: Env = new Map();

export function setVar(env: Env, key: string, t: Taint | undefined): Env {
  const dotted = key.includes('.');
  const current = env.get(key);
  if (t === undefined) {
    if (dotted) {
      if (current === null) return env;
      const m = new Map(env);
      m.set(key, null);
      return m;
    }
    if (!env.has(key) && !hasChildren(env, key)) return env;
    const m = new Map(env);
    m.delete(key);
    deleteChildren(m, key);
    return m;
  }
  if (current === t) return env;
  const m = new Map(env);
  m.set(key, t);
  deleteChildren(m, key);
  return m;
}

/** A weak update: the target may now hold this taint as well as what it held. */
export function addTaint(env: Env, key: string, t: Taint | undefined, fallback: Taint | undefined): Env {
  if (t === undefined) return env;
  const current = env.get(key);
  return setVar(env, key, unionTaint(current ?? (current === null ? undefined : fallback), t));
}

function hasChildren(env: Env, key: string): boolean {
  if (env.size === 0) return false;
  const p = `${key}.`;
  for (const k of env.keys()) if (k.startsWith(p)) return true;
  return false;
}

function deleteChildren(m: Map<string, Taint | null>, key: string): void {
  const p = `${key}.`;
  for (const k of [...m.keys()]) if (k.startsWith(p)) m.delete(k);
}

/** Where control flows merge: a value is tainted if it is on either path. */
export function joinEnv(a: Env | undefined, b: Env | undefined): Env | undefined {
  if (a === undefined || a === b) return b ?? a;
  if (b === undefined) return a;
  if (a.size === 0 && b.size === 0) return a;
  let out: Map<string, Taint | null> | undefined;
  const put = (k: string, v: Taint | null | undefined): void => {
    const cur = a.get(k);
    if (v === cur && (v !== undefined || !a.has(k))) return;
    out ??= new Map(a);
    if (v === undefined) out.delete(k);
    else out.set(k, v);
  };
  for (const [k, va] of a) {
    const has = b.has(k);
    const vb = b.get(k);
    put(k, joinEntry(k, va, true, vb ?? null, has));
  }
  for (const [k, vb] of b) {
    if (!a.has(k)) put(k, joinEntry(k, undefined, false, vb, true));
  }
  return out ?? a;
}

function joinEntry(key: string, va: Taint | null | undefined, hasA: boolean, vb: Taint | null, hasB: boolean): Taint | null | undefined {
  const ta = va ?? undefined;
  const tb = hasB ? (vb ?? undefined) : undefined;
  const merged = unionTaint(ta, tb);
  if (merged) return merged;
  // Clean on both paths: a dotted path stays pinned clean only if both paths pinned it.
  if (key.includes('.')) return hasA && hasB && va === null && vb === null ? null : undefined;
  return undefined;
}

export function joinAll(envs: Iterable<Env | undefined>): Env | undefined {
  let out: Env | undefined;
  let first = true;
  for (const e of envs) {
    out = first ? e : joinEnv(out, e);
    first = false;
  }
  return out;
}

export function sameEnv(a: Env | undefined, b: Env | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === v) continue;
    if (!v || !w || !sameFlows(v, w)) return false;
  }
  return true;
}

function sameFlows(a: Taint, b: Taint): boolean {
  return a.prefix === b.prefix && a.flows.length === b.flows.length && a.flows.every((f) => b.flows.some((g) => g.key === f.key));
}
