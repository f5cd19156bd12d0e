/**
 * A persistent (never mutated) string-keyed map: a hash array mapped trie. An update copies
 * only the path to its key (at most HAMT_LEVELS nodes of up to 32 slots), so a taint
 * environment kept per statement costs O(log n) memory per change instead of a copy of the
 * whole map, and two versions that share most of their nodes merge or compare in time
 * proportional to where they differ, not to their size.
 *
 * The walks below recurse, but only as deep as the trie: HAMT_LEVELS levels of 5 hash bits,
 * then one collision list; the depth never follows the input.
 */

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;
/** 32-bit hashes, 5 bits a level: 7 levels, then keys with equal hashes share a list. */
const HAMT_LEVELS = Math.ceil(32 / BITS);

interface Leaf<V> {
  readonly tag: 0;
  readonly hash: number;
  readonly key: string;
  readonly value: V;
}
interface Collision<V> {
  readonly tag: 1;
  readonly hash: number;
  readonly leaves: readonly Leaf<V>[];
}
interface Branch<V> {
  readonly tag: 2;
  readonly bitmap: number;
  readonly slots: readonly Trie<V>[];
}
type Trie<V> = Leaf<V> | Collision<V> | Branch<V>;

/** FNV-1a over UTF-16 code units. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function slotBit(hash: number, level: number): number {
  return 1 << ((hash >>> (level * BITS)) & MASK);
}

function slotIndex(bitmap: number, bit: number): number {
  return popcount(bitmap & (bit - 1));
}

function lookup<V>(node: Trie<V> | undefined, hash: number, key: string): Leaf<V> | undefined {
  for (let level = 0; node; level++) {
    if (node.tag === 0) return node.key === key ? node : undefined;
    if (node.tag === 1) return node.hash === hash ? node.leaves.find((l) => l.key === key) : undefined;
    const bit = slotBit(hash, level);
    if ((node.bitmap & bit) === 0) return undefined;
    node = node.slots[slotIndex(node.bitmap, bit)];
  }
  return undefined;
}

/** Two leaves with different keys, joined at `level`. */
function pair<V>(a: Leaf<V>, b: Leaf<V>, level: number): Trie<V> {
  if (level >= HAMT_LEVELS || a.hash === b.hash) {
    return a.hash === b.hash ? { tag: 1, hash: a.hash, leaves: [a, b] } : pairAtBottom(a, b);
  }
  const ba = slotBit(a.hash, level);
  const bb = slotBit(b.hash, level);
  if (ba === bb) return { tag: 2, bitmap: ba, slots: [pair(a, b, level + 1)] };
  // Slot order is bit order, unsigned: 1 << 31 is negative as a JS number.
  return { tag: 2, bitmap: ba | bb, slots: ba >>> 0 < bb >>> 0 ? [a, b] : [b, a] };
}

/** Unreachable with 32-bit hashes (all bits are used by then); kept total for safety. */
function pairAtBottom<V>(a: Leaf<V>, b: Leaf<V>): Trie<V> {
  return { tag: 1, hash: a.hash, leaves: [a, b] };
}

function insert<V>(node: Trie<V> | undefined, leaf: Leaf<V>, level: number): Trie<V> {
  if (!node) return leaf;
  if (node.tag === 0) {
    if (node.key === leaf.key) return node.value === leaf.value ? node : leaf;
    return pair(node, leaf, level);
  }
  if (node.tag === 1) {
    if (node.hash !== leaf.hash) {
      // Cannot happen below HAMT_LEVELS: a collision list holds one full hash.
      return { tag: 1, hash: node.hash, leaves: [...node.leaves, leaf] };
    }
    const i = node.leaves.findIndex((l) => l.key === leaf.key);
    if (i >= 0 && node.leaves[i].value === leaf.value) return node;
    const leaves = [...node.leaves];
    if (i >= 0) leaves[i] = leaf;
    else leaves.push(leaf);
    return { tag: 1, hash: node.hash, leaves };
  }
  const bit = slotBit(leaf.hash, level);
  const idx = slotIndex(node.bitmap, bit);
  if ((node.bitmap & bit) === 0) {
    const slots = [...node.slots];
    slots.splice(idx, 0, leaf);
    return { tag: 2, bitmap: node.bitmap | bit, slots };
  }
  const child = node.slots[idx];
  const next = insert(child, leaf, level + 1);
  if (next === child) return node;
  const slots = [...node.slots];
  slots[idx] = next;
  return { tag: 2, bitmap: node.bitmap, slots };
}

function remove<V>(node: Trie<V> | undefined, hash: number, key: string, level: number): Trie<V> | undefined {
  if (!node) return undefined;
  if (node.tag === 0) return node.key === key ? undefined : node;
  if (node.tag === 1) {
    const leaves = node.leaves.filter((l) => l.key !== key);
    if (leaves.length === node.leaves.length) return node;
    return leaves.length === 1 ? leaves[0] : { tag: 1, hash: node.hash, leaves };
  }
  const bit = slotBit(hash, level);
  if ((node.bitmap & bit) === 0) return node;
  const idx = slotIndex(node.bitmap, bit);
  const child = node.slots[idx];
  const next = remove(child, hash, key, level + 1);
  if (next === child) return node;
  return withSlot(node, bit, idx, next);
}

function withSlot<V>(node: Branch<V>, bit: number, idx: number, next: Trie<V> | undefined): Trie<V> | undefined {
  if (next) {
    const slots = [...node.slots];
    slots[idx] = next;
    return { tag: 2, bitmap: node.bitmap, slots };
  }
  const bitmap = node.bitmap & ~bit;
  if (bitmap === 0) return undefined;
  const slots = node.slots.filter((_, i) => i !== idx);
  // A lone leaf moves up, so equal key sets tend to have equal shapes (and share nodes).
  return slots.length === 1 && slots[0].tag !== 2 ? slots[0] : { tag: 2, bitmap, slots };
}

/** Every leaf, with an explicit stack. */
function* leavesOf<V>(node: Trie<V> | undefined): Generator<Leaf<V>> {
  if (!node) return;
  const stack: Trie<V>[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Trie<V>;
    if (n.tag === 0) yield n;
    else if (n.tag === 1) yield* n.leaves;
    else for (let i = n.slots.length - 1; i >= 0; i--) stack.push(n.slots[i]);
  }
}

/** Says what a merged key holds; `undefined` drops it. */
export type Combine<V> = (key: string, a: V | undefined, b: V | undefined) => V | undefined;

function fromLeaves<V>(leaves: Iterable<Leaf<V>>, level: number): Trie<V> | undefined {
  let out: Trie<V> | undefined;
  for (const l of leaves) out = insert(out, l, level);
  return out;
}

function leafWith<V>(l: Leaf<V>, value: V | undefined): Leaf<V> | undefined {
  if (value === undefined) return undefined;
  return value === l.value ? l : { tag: 0, hash: l.hash, key: l.key, value };
}

/**
 * Merges two tries at `level`. Shared subtrees are returned as they are: `combine(k, v, v)`
 * must give v back.
 */
function merge<V>(a: Trie<V> | undefined, b: Trie<V> | undefined, level: number, combine: Combine<V>): Trie<V> | undefined {
  if (a === b) return a;
  if (a?.tag === 2 && b?.tag === 2) {
    const bitmap = a.bitmap | b.bitmap;
    const slots: Trie<V>[] = [];
    let outBitmap = 0;
    let same = a.bitmap === bitmap;
    for (let bits = bitmap; bits !== 0; bits &= bits - 1) {
      const bit = bits & -bits;
      const ca = a.bitmap & bit ? a.slots[slotIndex(a.bitmap, bit)] : undefined;
      const cb = b.bitmap & bit ? b.slots[slotIndex(b.bitmap, bit)] : undefined;
      const m = merge(ca, cb, level + 1, combine);
      if (m !== ca) same = false;
      if (m) {
        slots.push(m);
        outBitmap |= bit;
      }
    }
    if (same) return a;
    if (outBitmap === 0) return undefined;
    return slots.length === 1 && slots[0].tag !== 2 ? slots[0] : { tag: 2, bitmap: outBitmap, slots };
  }
  // A leaf or a collision list on one side at least: few keys there; go key by key.
  const small = a && a.tag !== 2 ? a : b;
  const smallIsA = small === a;
  const big = smallIsA ? b : a;
  const smallLeaves = [...leavesOf(small)];
  const out: Leaf<V>[] = [];
  const inBig = new Set<string>();
  for (const l of leavesOf(big)) {
    inBig.add(l.key);
    const other = smallLeaves.find((s) => s.key === l.key)?.value;
    const kept = leafWith(l, smallIsA ? combine(l.key, other, l.value) : combine(l.key, l.value, other));
    if (kept) out.push(kept);
  }
  for (const s of smallLeaves) {
    if (inBig.has(s.key)) continue;
    const kept = leafWith(s, smallIsA ? combine(s.key, s.value, undefined) : combine(s.key, undefined, s.value));
    if (kept) out.push(kept);
  }
  return fromLeaves(out, level);
}

/** Do both tries hold the same keys with values `same` calls equal? */
function equal<V>(a: Trie<V> | undefined, b: Trie<V> | undefined, same: (x: V, y: V) => boolean): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (a.tag === 2 && b.tag === 2) {
    if (a.bitmap !== b.bitmap) return false;
    for (let i = 0; i < a.slots.length; i++) if (!equal(a.slots[i], b.slots[i], same)) return false;
    return true;
  }
  const la = [...leavesOf(a)];
  const lb = [...leavesOf(b)];
  if (la.length !== lb.length) return false;
  return la.every((x) => {
    const y = lb.find((l) => l.key === x.key);
    return y !== undefined && (y.value === x.value || same(x.value, y.value));
  });
}

export class PersistentMap<V> {
  private static readonly none = new PersistentMap<never>(undefined);
  private count: number | undefined;

  private constructor(private readonly root: Trie<V> | undefined) {}

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.none as PersistentMap<V>;
  }

  get isEmpty(): boolean {
    return this.root === undefined;
  }

  /** Counted on first demand (a merge does not know it). */
  get size(): number {
    if (this.count === undefined) {
      let n = 0;
      for (const _ of leavesOf(this.root)) n++;
      this.count = n;
    }
    return this.count;
  }

  get(key: string): V | undefined {
    return lookup(this.root, hashOf(key), key)?.value;
  }

  has(key: string): boolean {
    return lookup(this.root, hashOf(key), key) !== undefined;
  }

  set(key: string, value: V): PersistentMap<V> {
    const next = insert(this.root, { tag: 0, hash: hashOf(key), key, value }, 0);
    return next === this.root ? this : new PersistentMap(next);
  }

  delete(key: string): PersistentMap<V> {
    const next = remove(this.root, hashOf(key), key, 0);
    if (next === this.root) return this;
    return next === undefined ? PersistentMap.empty() : new PersistentMap(next);
  }

  merge(other: PersistentMap<V>, combine: Combine<V>): PersistentMap<V> {
    const next = merge(this.root, other.root, 0, combine);
    if (next === this.root) return this;
    if (next === other.root) return other;
    return next === undefined ? PersistentMap.empty() : new PersistentMap(next);
  }

  equals(other: PersistentMap<V>, same: (x: V, y: V) => boolean): boolean {
    return equal(this.root, other.root, same);
  }

  *entries(): Generator<[string, V]> {
    for (const l of leavesOf(this.root)) yield [l.key, l.value];
  }

  *keys(): Generator<string> {
    for (const l of leavesOf(this.root)) yield l.key;
  }
}
