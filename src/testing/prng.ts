/**
 * Small deterministic helpers the explorer builds on: a seeded generator and a string hash. Both
 * are pure functions of their input, so a run is a function of (seed, run number) and a replay
 * token can be checked against the program it replays.
 */

/**
 * A seeded generator of uniform floats in [0, 1) (mulberry32: one 32-bit state word, a few
 * multiplications per draw). Not for cryptography; for choosing schedules.
 * @internal
 */
export class Prng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed | 0;
  }

  /** The next float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.#state ^ (this.#state >>> 15), 1 | this.#state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** FNV-1a's 32-bit offset basis: the hash of nothing. @internal */
export const HASH_START = 0x811c9dc5;

/** Folds `text` into the 32-bit FNV-1a hash `h`. @internal */
export function hashText(h: number, text: string): number {
  let x = h;
  for (let i = 0; i < text.length; i++) {
    x ^= text.charCodeAt(i);
    x = Math.imul(x, 0x01000193);
  }
  return x >>> 0;
}

/** Folds a 32-bit number into the hash `h` (four bytes, FNV-1a style). @internal */
export function hashNumber(h: number, n: number): number {
  let x = h;
  for (let shift = 0; shift < 32; shift += 8) {
    x ^= (n >>> shift) & 0xff;
    x = Math.imul(x, 0x01000193);
  }
  return x >>> 0;
}

/** The seed of run `run` of an exploration seeded with `seed`: independent streams per run. @internal */
export function runSeed(seed: number, run: number): number {
  // splitmix32's finaliser over (seed, run): nearby runs get unrelated streams.
  let z = (seed ^ Math.imul(run + 1, 0x9e3779b9)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
