/** A seeded stream of draws (mulberry32): the same seed gives the same choices. Not for anything secret. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T | undefined;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => (items.length === 0 ? undefined : items[Math.floor(next() * items.length)]),
  };
}

/**
 * The draws of the n-th shopper, buyer or call of one loop: FNV-1a mixes the seed, the
 * loop's name and n, so each plan is repeatable however concurrent runs interleave.
 */
export function randomFor(seed: number, loop: string, n: number): Random {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (const c of `${loop}#${n}`) {
    h ^= c.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return createRandom(h);
}
