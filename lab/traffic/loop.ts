import type { Logger } from 'pino';

export interface Loop {
  /** Runs in flight right now. */
  inFlight(): number;
  /** Stops starting runs; the ones in flight carry on. */
  halt(): void;
  /** Resolves when every run in flight has finished. */
  settled(): Promise<void>;
}

export interface LoopOptions {
  name: string;
  ratePerSecond: number;
  maxConcurrent: number;
  log: Logger;
  /** The n-th run (n from 0). Never rejects on purpose; a rejection is logged as a bug. */
  run: (n: number) => Promise<void>;
  /** A run was due while maxConcurrent were in flight, so it was not started. */
  skipped: () => void;
}

/** Further behind than this (a stalled event loop) and the schedule restarts from now instead of bursting. */
const MAX_LAG_MS = 1000;

/**
 * An open loop: runs start at a fixed rate whether or not earlier ones finished, as real
 * clients arrive, with at most `maxConcurrent` in flight. Rate 0 starts nothing.
 */
export function startLoop(opts: LoopOptions): Loop {
  const inflight = new Set<Promise<void>>();
  let halted = opts.ratePerSecond <= 0;
  let timer: NodeJS.Timeout | undefined;
  const interval = 1000 / opts.ratePerSecond;
  let origin = Date.now();
  let n = 0;

  const fire = () => {
    const run = n;
    n += 1;
    if (inflight.size >= opts.maxConcurrent) {
      opts.skipped();
      return;
    }
    const p: Promise<void> = opts.run(run)
      .catch((err: unknown) => opts.log.error({ err, loop: opts.name, run }, 'traffic run failed'))
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };
  const schedule = () => {
    if (halted) return;
    const now = Date.now();
    if (now - (origin + n * interval) > MAX_LAG_MS) {
      origin = now - n * interval;
    }
    timer = setTimeout(() => {
      if (halted) return;
      fire();
      schedule();
    }, Math.max(0, origin + n * interval - now));
    timer.unref();
  };
  schedule();

  return {
    inFlight: () => inflight.size,
    halt: () => {
      halted = true;
      clearTimeout(timer);
    },
    settled: async () => {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}
