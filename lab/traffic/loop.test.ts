import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startLoop } from './loop.js';

const log = pino({ level: 'silent' });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs that finish only when the test says so. */
function gatedRuns() {
  const started: number[] = [];
  const release: Array<() => void> = [];
  const run = (n: number) => {
    started.push(n);
    return new Promise<void>((resolve) => release.push(resolve));
  };
  return { started, release, run };
}

describe('the open loop', () => {
  it('starts runs at the rate whether or not earlier ones finished, and skips those beyond maxConcurrent', async () => {
    const runs = gatedRuns();
    let skipped = 0;
    const loop = startLoop({ name: 'test', ratePerSecond: 10, maxConcurrent: 3, log, run: runs.run, skipped: () => (skipped += 1) });

    await vi.advanceTimersByTimeAsync(250);
    expect(runs.started).toEqual([0, 1, 2]);
    expect(loop.inFlight()).toBe(3);
    await vi.advanceTimersByTimeAsync(200);
    expect(runs.started).toEqual([0, 1, 2]);
    expect(skipped).toBe(2);

    for (const r of runs.release.splice(0)) r();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs.started).toEqual([0, 1, 2, 5]);

    loop.halt();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs.started).toEqual([0, 1, 2, 5]);
    const settled = loop.settled();
    for (const r of runs.release.splice(0)) r();
    await settled;
    expect(loop.inFlight()).toBe(0);
  });

  it('starts nothing at rate 0', async () => {
    const runs = gatedRuns();
    const loop = startLoop({ name: 'off', ratePerSecond: 0, maxConcurrent: 3, log, run: runs.run, skipped: () => undefined });
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs.started).toEqual([]);
    await loop.settled();
  });

  it('logs a run that throws and keeps going', async () => {
    const errors: unknown[] = [];
    const spy = { ...log, error: (obj: unknown) => void errors.push(obj) } as unknown as typeof log;
    let n = 0;
    const loop = startLoop({ name: 'bug', ratePerSecond: 10, maxConcurrent: 3, log: spy, run: () => Promise.reject(new Error(`bug ${(n += 1)}`)), skipped: () => undefined });
    await vi.advanceTimersByTimeAsync(250);
    loop.halt();
    await loop.settled();
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatchObject({ loop: 'bug', run: 0 });
  });
});
