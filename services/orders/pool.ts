import { AppError } from '../kit/errors.js';

export interface PoolStats {
  size: number;
  inUse: number;
  waiting: number;
}

export interface PoolEvents {
  /** A request got a slot after `waitedMs` (0 when one was free). */
  acquired(waitedMs: number): void;
  /** A request gave up waiting after `waitedMs`. */
  exhausted(waitedMs: number, stats: PoolStats): void;
  /** A slot was given back after being held `heldMs`. */
  released(heldMs: number): void;
}

export interface Pool {
  /** Runs `fn` holding a slot; waits up to the queue timeout for one, else 503 pool_exhausted. */
  run<T>(fn: () => Promise<T>, events?: Partial<PoolEvents>): Promise<T>;
  stats(): PoolStats;
}

interface Waiter {
  grant(): void;
}

export class PoolExhaustedError extends AppError {
  constructor(waitedMs: number, stats: PoolStats) {
    super('pool_exhausted', 503, `no store connection free within ${waitedMs} ms (${stats.inUse}/${stats.size} in use, ${stats.waiting} waiting)`);
  }
}

/**
 * The bounded "connection pool": at most `size` requests touch the store at once; the
 * rest queue first-in first-out and give up after `queueTimeoutMs`.
 */
export function createPool(opts: { size: number; queueTimeoutMs: number; events?: Partial<PoolEvents> }): Pool {
  let inUse = 0;
  const queue: Waiter[] = [];
  const stats = (): PoolStats => ({ size: opts.size, inUse, waiting: queue.length });

  const release = () => {
    const next = queue.shift();
    // Hand the slot straight to the next waiter so a newcomer cannot overtake the queue.
    if (next) next.grant();
    else inUse -= 1;
  };

  const acquire = (events: Partial<PoolEvents>): Promise<void> => {
    if (inUse < opts.size && queue.length === 0) {
      inUse += 1;
      opts.events?.acquired?.(0);
      events.acquired?.(0);
      return Promise.resolve();
    }
    const started = performance.now();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          const waited = performance.now() - started;
          opts.events?.acquired?.(waited);
          events.acquired?.(waited);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
        const waited = Math.round(performance.now() - started);
        const now = stats();
        opts.events?.exhausted?.(waited, now);
        events.exhausted?.(waited, now);
        reject(new PoolExhaustedError(waited, now));
      }, opts.queueTimeoutMs);
      queue.push(waiter);
    });
  };

  return {
    async run(fn, events = {}) {
      await acquire(events);
      const held = performance.now();
      try {
        return await fn();
      } finally {
        release();
        opts.events?.released?.(performance.now() - held);
      }
    },
    stats,
  };
}
