import { PersistentMap } from '../../src/engine/taint/persistent-map.js';

/** A deterministic generator, so a failure reproduces. */
function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s % n;
  };
}

describe('PersistentMap', () => {
  test('agrees with a Map under random sets, deletes and merges, and never changes an old version', () => {
    const rnd = random(7);
    for (let trial = 0; trial < 300; trial++) {
      let p = PersistentMap.empty<number>();
      const m = new Map<string, number>();
      for (let i = rnd(200); i > 0; i--) {
        const k = `key_${rnd(300)}`;
        if (rnd(3) < 2) {
          const v = rnd(5);
          p = p.set(k, v);
          m.set(k, v);
        } else {
          p = p.delete(k);
          m.delete(k);
        }
      }
      const before = [...p.entries()];
      let q = p;
      const m2 = new Map(m);
      for (let i = rnd(20); i > 0; i--) {
        const k = `key_${rnd(400)}`;
        q = q.set(k, 9);
        m2.set(k, 9);
      }
      expect([...p.entries()]).toEqual(before);
      for (let i = 0; i < 400; i++) expect(p.get(`key_${i}`)).toBe(m.get(`key_${i}`));
      expect(p.size).toBe(m.size);
      const merged = p.merge(q, (_k, a, b) => (a === undefined ? b : b === undefined ? a : Math.max(a, b)));
      const keys = new Set([...m.keys(), ...m2.keys()]);
      expect(merged.size).toBe(keys.size);
      for (const k of keys) expect(merged.get(k)).toBe(Math.max(m.get(k) ?? -1, m2.get(k) ?? -1));
      expect(p.merge(p, () => undefined)).toBe(p);
      expect(p.equals(q, (x, y) => x === y)).toBe(m2.size === m.size && [...m2].every(([k, v]) => m.get(k) === v));
    }
  });
});
