import { flushDueBatches } from './batches.js';
import type { OrdersDomain } from './domain.js';
import type { Pool } from './pool.js';

/**
 * Closes batches that reached their window without filling up. It takes a pool slot
 * like any request, so under pool pressure it waits its turn (and may be refused).
 */
export function startBatchFlusher(opts: { domain: OrdersDomain; pool: Pool; intervalMs: number }): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = opts.pool
      .run(() => flushDueBatches(opts.domain))
      .catch((err: unknown) => opts.domain.log.warn({ err }, 'batch flush failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, opts.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
