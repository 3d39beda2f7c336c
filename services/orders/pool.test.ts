import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../kit/errors.js';
import { createPool, PoolExhaustedError, type PoolStats } from './pool.js';

interface Gate {
  promise: Promise<void>;
  open(): void;
  fail(err: Error): void;
}

/** A slot holder the test releases by hand, so no test depends on how long anything takes. */
function gate(): Gate {
  let open!: () => void;
  let fail!: (err: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

/** Lets every queued microtask (and promise continuation) run. */
async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createPool', () => {
  it('counts held slots and queued requests', async () => {
    const pool = createPool({ size: 2, queueTimeoutMs: 1000 });
    expect(pool.stats()).toEqual({ size: 2, inUse: 0, waiting: 0 });

    const gates = [gate(), gate(), gate()];
    const runs = gates.map((g) => pool.run(() => g.promise));
    await settle();
    expect(pool.stats()).toEqual({ size: 2, inUse: 2, waiting: 1 });

    gates[0]?.open();
    await settle();
    // The freed slot went to the waiter, so two are still held and none wait.
    expect(pool.stats()).toEqual({ size: 2, inUse: 2, waiting: 0 });

    gates[1]?.open();
    gates[2]?.open();
    await Promise.all(runs);
    expect(pool.stats()).toEqual({ size: 2, inUse: 0, waiting: 0 });
  });

  it('returns what fn resolves to', async () => {
    const pool = createPool({ size: 1, queueTimeoutMs: 1000 });
    await expect(pool.run(async () => 42)).resolves.toBe(42);
  });

  it('hands a freed slot to waiters first in, first out, and a newcomer cannot overtake', async () => {
    const pool = createPool({ size: 1, queueTimeoutMs: 1000 });
    const started: string[] = [];
    const holders = new Map<string, Gate>();
    const run = (name: string) => {
      const g = gate();
      holders.set(name, g);
      return pool.run(async () => {
        started.push(name);
        await g.promise;
      });
    };

    const a = run('a');
    const b = run('b');
    const c = run('c');
    await settle();
    expect(started).toEqual(['a']);

    holders.get('a')?.open();
    await a;
    // Arrives while b holds the handed-over slot and c still waits: it must queue behind c.
    const d = run('d');
    await settle();
    expect(started).toEqual(['a', 'b']);
    expect(pool.stats()).toEqual({ size: 1, inUse: 1, waiting: 2 });

    holders.get('b')?.open();
    await b;
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);

    holders.get('c')?.open();
    await c;
    await settle();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    holders.get('d')?.open();
    await d;
  });

  it('rejects a request that waits past the queue timeout with 503 pool_exhausted', async () => {
    const pool = createPool({ size: 1, queueTimeoutMs: 30 });
    const holder = gate();
    const held = pool.run(() => holder.promise);
    let ran = false;
    const waiting = pool.run(async () => {
      ran = true;
    });
    const outcome = waiting.then(() => undefined, (err: unknown) => err);
    await settle();
    expect(pool.stats()).toEqual({ size: 1, inUse: 1, waiting: 1 });

    await vi.advanceTimersByTimeAsync(29);
    expect(pool.stats().waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1);

    const err = await outcome;
    expect(err).toBeInstanceOf(PoolExhaustedError);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'pool_exhausted', status: 503, message: expect.stringContaining('1/1 in use') });
    expect(ran).toBe(false);
    // The refused request left the queue and never took a slot.
    expect(pool.stats()).toEqual({ size: 1, inUse: 1, waiting: 0 });

    holder.open();
    await held;
    expect(pool.stats()).toEqual({ size: 1, inUse: 0, waiting: 0 });
  });

  it('does not hand a slot to a request that already gave up', async () => {
    const pool = createPool({ size: 1, queueTimeoutMs: 10 });
    const holder = gate();
    const held = pool.run(() => holder.promise);
    const gaveUp = pool.run(async () => 'late').catch((err: unknown) => err);
    await vi.advanceTimersByTimeAsync(10);
    expect(await gaveUp).toBeInstanceOf(PoolExhaustedError);

    holder.open();
    await held;
    expect(pool.stats()).toEqual({ size: 1, inUse: 0, waiting: 0 });
    await expect(pool.run(async () => 'next')).resolves.toBe('next');
  });

  it('releases the slot when fn throws', async () => {
    const pool = createPool({ size: 1, queueTimeoutMs: 1000 });
    await expect(pool.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(pool.stats()).toEqual({ size: 1, inUse: 0, waiting: 0 });

    const holder = gate();
    const failing = pool.run(() => holder.promise).catch((err: unknown) => err);
    const next = pool.run(async () => 'got it');
    await settle();
    expect(pool.stats()).toEqual({ size: 1, inUse: 1, waiting: 1 });
    holder.fail(new Error('store down'));
    expect(await failing).toBeInstanceOf(Error);
    await expect(next).resolves.toBe('got it');
    expect(pool.stats()).toEqual({ size: 1, inUse: 0, waiting: 0 });
  });

  it('reports acquisitions and refusals to the pool-wide and per-call listeners', async () => {
    const poolAcquired: number[] = [];
    const poolExhausted: Array<{ waitedMs: number; stats: PoolStats }> = [];
    const pool = createPool({
      size: 1,
      queueTimeoutMs: 50,
      events: {
        acquired: (ms) => poolAcquired.push(ms),
        exhausted: (waitedMs, stats) => poolExhausted.push({ waitedMs, stats }),
      },
    });
    const callAcquired: number[] = [];
    const callExhausted: number[] = [];
    const events = { acquired: (ms: number) => callAcquired.push(ms), exhausted: (ms: number) => callExhausted.push(ms) };

    const holder = gate();
    const held = pool.run(() => holder.promise, events);
    expect(poolAcquired).toEqual([0]);
    expect(callAcquired).toEqual([0]);

    const queued = pool.run(async () => undefined, events);
    await vi.advanceTimersByTimeAsync(20);
    holder.open();
    await held;
    await queued;
    expect(poolAcquired).toEqual([0, 20]);
    expect(callAcquired).toEqual([0, 20]);

    const blocker = gate();
    const blocking = pool.run(() => blocker.promise);
    const refused = pool.run(async () => undefined, events).catch((err: unknown) => err);
    await vi.advanceTimersByTimeAsync(50);
    expect(await refused).toBeInstanceOf(PoolExhaustedError);
    expect(poolExhausted).toEqual([{ waitedMs: 50, stats: { size: 1, inUse: 1, waiting: 0 } }]);
    expect(callExhausted).toEqual([50]);
    // A refusal is not an acquisition.
    expect(callAcquired).toEqual([0, 20]);
    blocker.open();
    await blocking;
  });

  it('reports how long each slot was held, also when fn throws', async () => {
    const held: number[] = [];
    const pool = createPool({ size: 2, queueTimeoutMs: 1000, events: { released: (ms) => held.push(ms) } });
    const a = gate();
    const first = pool.run(() => a.promise);
    await vi.advanceTimersByTimeAsync(120);
    a.open();
    await first;
    const failing = pool.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw new Error('store down');
    }).catch((err: unknown) => err);
    await vi.advanceTimersByTimeAsync(30);
    expect(await failing).toBeInstanceOf(Error);
    expect(held).toEqual([120, 30]);
  });
});
