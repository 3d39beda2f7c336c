import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Pool, PoolEvents, PoolStats } from './pool.js';

export interface OrdersMetrics {
  poolEvents: PoolEvents;
  ordersCreated: Counter<'outcome'>;
  batchesPublished: Counter<'partner'>;
  dispatchAttempts: Counter<'partner' | 'outcome'>;
}

export function createOrdersMetrics(registry: Registry): OrdersMetrics {
  const wait = new Histogram({
    name: 'orders_pool_wait_seconds',
    help: 'Time a request waited for a pool slot (0 when one was free).',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const exhausted = new Counter({
    name: 'orders_pool_exhausted_total',
    help: 'Requests refused because no pool slot freed up within poolQueueTimeoutMs.',
    registers: [registry],
  });
  const busy = new Counter({
    name: 'orders_pool_busy_seconds_total',
    help: 'Slot-seconds the pool was held; rate() / orders_pool_size is the pool utilisation.',
    registers: [registry],
  });
  return {
    poolEvents: {
      released: (ms) => busy.inc(ms / 1000),
      acquired: (ms) => wait.observe(ms / 1000),
      exhausted: (ms) => {
        wait.observe(ms / 1000);
        exhausted.inc();
      },
    },
    ordersCreated: new Counter({
      name: 'orders_created_total',
      help: 'Order create requests by outcome: created, or replayed for a repeated Idempotency-Key.',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    batchesPublished: new Counter({
      name: 'orders_batches_published_total',
      help: 'Fulfillment batches closed and published on the batch stream.',
      labelNames: ['partner'],
      registers: [registry],
    }),
    dispatchAttempts: new Counter({
      name: 'orders_dispatch_attempts_recorded_total',
      help: 'Dispatch attempts fulfillment recorded against batches, by partner and outcome.',
      labelNames: ['partner', 'outcome'],
      registers: [registry],
    }),
  };
}

/** Pool gauges read the live pool at scrape time, so they are never stale. */
export function registerPoolGauges(registry: Registry, pool: Pool): void {
  const gauge = (name: string, help: string, read: (s: PoolStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(pool.stats()));
      },
    });
  gauge('orders_pool_size', 'Configured pool slots (poolSize).', (s) => s.size);
  gauge('orders_pool_in_use', 'Pool slots held by requests right now.', (s) => s.inUse);
  gauge('orders_pool_waiting', 'Requests queued for a pool slot right now.', (s) => s.waiting);
}
