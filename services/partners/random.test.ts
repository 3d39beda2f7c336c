import { describe, expect, it } from 'vitest';
import { createDelayDraw, createRandom, seedFor } from './random.js';

const take = (draw: () => number, n: number) => Array.from({ length: n }, draw);

describe('createRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    expect(take(createRandom(42), 20)).toEqual(take(createRandom(42), 20));
    expect(take(createRandom(42), 20)).not.toEqual(take(createRandom(43), 20));
  });

  it('draws in [0, 1)', () => {
    const xs = take(createRandom(7), 10_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });
});

describe('seedFor', () => {
  it('gives each partner its own stable seed', () => {
    expect(seedFor(42, 'acme')).toBe(seedFor(42, 'acme'));
    expect(new Set([seedFor(42, 'acme'), seedFor(42, 'bolt'), seedFor(42, 'cargo'), seedFor(43, 'acme')]).size).toBe(4);
  });
});

describe('createDelayDraw', () => {
  it('draws whole milliseconds within [minMs, maxMs], reaching both ends', () => {
    const delays = take(createDelayDraw({ seed: 42, minMs: 1000, maxMs: 1010 }), 5000);
    expect(delays.every(Number.isInteger)).toBe(true);
    expect(Math.min(...delays)).toBe(1000);
    expect(Math.max(...delays)).toBe(1010);
  });

  it('spreads draws evenly over the range', () => {
    const delays = take(createDelayDraw({ seed: 1, minMs: 1000, maxMs: 4000 }), 20_000);
    const lowHalf = delays.filter((ms) => ms < 2500).length / delays.length;
    expect(lowHalf).toBeGreaterThan(0.45);
    expect(lowHalf).toBeLessThan(0.55);
  });

  it('repeats for the same seed', () => {
    const opts = { seed: seedFor(42, 'bolt'), minMs: 1000, maxMs: 4000 };
    expect(take(createDelayDraw(opts), 50)).toEqual(take(createDelayDraw(opts), 50));
  });

  it('always gives the fixed delay when minMs equals maxMs', () => {
    expect(new Set(take(createDelayDraw({ seed: 9, minMs: 250, maxMs: 250 }), 100))).toEqual(new Set([250]));
  });
});
