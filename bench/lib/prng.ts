// mulberry32: a tiny seeded PRNG, ported bit for bit to bench/python/kernel.py so that Node and
// Python peers get the same pseudo-random inputs (the Python side reports a checksum to prove it).

/** Returns a function yielding uniform floats in [0, 1), determined by `seed`. */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
