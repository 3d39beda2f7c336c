/**
 * A small seeded generator (mulberry32): the same seed gives the same sequence, so a
 * run's ack delays can be replayed. Not for anything secret.
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: mixes a partner's name into the seed so each partner draws its own sequence. */
export function seedFor(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i += 1) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Whole milliseconds, uniform over [minMs, maxMs] inclusive. */
export function createDelayDraw(opts: { seed: number; minMs: number; maxMs: number }): () => number {
  const next = createRandom(opts.seed);
  const span = opts.maxMs - opts.minMs + 1;
  return () => opts.minMs + Math.floor(next() * span);
}
