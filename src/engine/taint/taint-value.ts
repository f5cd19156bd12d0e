/**
 * Taint values and environments. A value is tainted by one or more flows; each flow keeps
 * where the data came from and the calls it went through, so each rule decides for itself
 * which calls sanitise (shlex.quote stops a shell injection, not a path traversal).
 */
import { PersistentMap } from './persistent-map.js';

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
 * Environments are never mutated, and an update shares all but a few nodes with the map it
 * came from (see persistent-map.ts): a snapshot per statement costs one reference, and a
 * 20,000-line file of assignments keeps 20,000 small deltas, not 20,000 copies.
 */
export class Env {
  static readonly EMPTY = new Env(PersistentMap.empty(), PersistentMap.empty());

  private constructor(
    private readonly vars: PersistentMap<Taint | null>,
    /** Dotted paths by their parent path (`a.b` → {`a.b.c`}), every ancestor included. */
    private readonly children: PersistentMap<PersistentMap<true>>,
  ) {}

  get size(): number {
    return this.vars.size;
  }

  get isEmpty(): boolean {
    return this.vars.isEmpty;
  }

  get hasDottedPaths(): boolean {
    return !this.children.isEmpty;
  }

  get(key: string): Taint | null | undefined {
    return this.vars.get(key);
  }

  has(key: string): boolean {
    return this.vars.has(key);
  }

  /** Is `name` bound, or the head of a bound dotted path? */
  mentions(name: string): boolean {
    return this.vars.has(name) || this.children.has(name);
  }

  /** In key order (a trie has no insertion order). */
  keys(): string[] {
    return [...this.vars.keys()].sort();
  }

  entries(): Array<[string, Taint | null]> {
    return [...this.vars.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  set(key: string, value: Taint | null): Env {
    const vars = this.vars.set(key, value);
    if (vars === this.vars) return this;
    let children = this.children;
    if (key.includes('.')) {
      // Register the path under each ancestor, so dropping `a` finds `a.b.c`.
      for (let child = key, dot = key.lastIndexOf('.'); dot > 0; child = child.slice(0, dot), dot = child.lastIndexOf('.')) {
        const parent = child.slice(0, dot);
        const set = children.get(parent) ?? PersistentMap.empty<true>();
        if (set.has(child)) break;
        children = children.set(parent, set.set(child, true));
      }
    }
    return new Env(vars, children);
  }

  delete(key: string): Env {
    const vars = this.vars.delete(key);
    return vars === this.vars ? this : new Env(vars, this.children);
  }

  hasChildren(key: string): boolean {
    const direct = this.children.get(key);
    if (!direct) return false;
    // The index may name paths already dropped; look for one still bound.
    const stack = [key];
    while (stack.length > 0) {
      for (const child of this.children.get(stack.pop() as string)?.keys() ?? []) {
        if (this.vars.has(child)) return true;
        stack.push(child);
      }
    }
    return false;
  }

  /** Drops every dotted path under `key` (an explicit stack: paths can be long). */
  withoutChildren(key: string): Env {
    if (!this.children.has(key)) return this;
    let vars = this.vars;
    let children = this.children;
    const stack = [key];
    while (stack.length > 0) {
      const k = stack.pop() as string;
      for (const child of children.get(k)?.keys() ?? []) {
        vars = vars.delete(child);
        stack.push(child);
      }
      children = children.delete(k);
    }
    return vars === this.vars && children === this.children ? this : new Env(vars, children);
  }

  join(other: Env): Env {
    const vars = this.vars.merge(other.vars, joinEntry);
    const children = this.children.merge(other.children, (_, a, b) => (a && b ? a.merge(b, (_k, x, y) => x ?? y) : (a ?? b)));
    if (vars === this.vars && children === this.children) return this;
    if (vars === other.vars && children === other.children) return other;
    return new Env(vars, children);
  }

  same(other: Env): boolean {
    return this.vars.equals(other.vars, (v, w) => (v === null || w === null ? v === w : sameFlows(v, w)));
  }
}

export const EMPTY_ENV: Env = Env.EMPTY;

export function setVar(env: Env, key: string, t: Taint | undefined): Env {
  const dotted = key.includes('.');
  const current = env.get(key);
  if (t === undefined) {
    if (dotted) return current === null ? env : env.set(key, null);
    return env.delete(key).withoutChildren(key);
  }
  if (current === t) return env;
  return env.set(key, t).withoutChildren(key);
}

/** A weak update: the target may now hold this taint as well as what it held. */
export function addTaint(env: Env, key: string, t: Taint | undefined, fallback: Taint | undefined): Env {
  if (t === undefined) return env;
  const current = env.get(key);
  return setVar(env, key, unionTaint(current ?? (current === null ? undefined : fallback), t));
}

/** Where control flows merge: a value is tainted if it is on either path. */
export function joinEnv(a: Env | undefined, b: Env | undefined): Env | undefined {
  if (a === undefined || a === b) return b ?? a;
  if (b === undefined) return a;
  return a.join(b);
}

/** One key after a join; a key missing on a side is `undefined` there. */
function joinEntry(key: string, va: Taint | null | undefined, vb: Taint | null | undefined): Taint | null | undefined {
  const merged = unionTaint(va ?? undefined, vb ?? undefined);
  if (merged) return merged;
  // Clean on both paths: a dotted path stays pinned clean only if both paths pinned it.
  if (key.includes('.')) return va === null && vb === null ? null : undefined;
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
  if (!a || !b) return false;
  return a.same(b);
}

function sameFlows(a: Taint, b: Taint): boolean {
  return a.prefix === b.prefix && a.flows.length === b.flows.length && a.flows.every((f) => b.flows.some((g) => g.key === f.key));
}
