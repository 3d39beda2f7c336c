import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type AttemptOutcome = 'ok' | 'timeout' | 'error';
export type DeliveryOutcome = 'delivered' | 'exhausted' | 'dead_letter' | 'paused';

export interface FulfillmentMetrics {
  attempts: Counter<'partner' | 'outcome'>;
  attemptSeconds: Histogram<'partner' | 'outcome'>;
  retries: Counter<'partner'>;
  redrives: Counter<'partner'>;
  deliveries: Counter<'partner' | 'outcome'>;
  ordersErrors: Counter<'call'>;
}

export function createFulfillmentMetrics(registry: Registry): FulfillmentMetrics {
  return {
    attempts: new Counter({
      name: 'fulfillment_webhook_attempts_total',
      help: 'Webhook POSTs to partners by outcome: ok, timeout (no answer within partnerTimeoutMs), error.',
      labelNames: ['partner', 'outcome'],
      registers: [registry],
    }),
    attemptSeconds: new Histogram({
      name: 'fulfillment_webhook_duration_seconds',
      help: 'Webhook POST duration by partner and outcome.',
      labelNames: ['partner', 'outcome'],
      buckets: [0.1, 0.25, 0.5, 1, 1.5, 2, 3, 4, 5, 7.5, 10, 15],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'fulfillment_webhook_retries_total',
      help: 'Attempts after the first within one delivery.',
      labelNames: ['partner'],
      registers: [registry],
    }),
    redrives: new Counter({
      name: 'fulfillment_redrives_total',
      help: 'Pending deliveries reclaimed after redriveAfterMs and tried again.',
      labelNames: ['partner'],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'fulfillment_deliveries_total',
      help: 'Deliveries by outcome: delivered (acked), exhausted (left pending for re-drive), dead_letter, paused.',
      labelNames: ['partner', 'outcome'],
      registers: [registry],
    }),
    ordersErrors: new Counter({
      name: 'fulfillment_orders_errors_total',
      help: 'Failed calls to orders by call: reload (GET batch) or record (POST attempt).',
      labelNames: ['call'],
      registers: [registry],
    }),
  };
}

export interface DispatcherGauges {
  inFlight(): number;
  paused(): boolean;
  backlog(): Promise<{ pending: number; lag: number }>;
}

/** Gauges read at scrape time: in-flight deliveries, the pause flag, and the stream backlog from Redis. */
export function registerDispatcherGauges(registry: Registry, read: DispatcherGauges): void {
  new Gauge({
    name: 'fulfillment_deliveries_in_flight',
    help: 'Deliveries being worked on right now.',
    registers: [registry],
    collect() {
      this.set(read.inFlight());
    },
  });
  new Gauge({
    name: 'fulfillment_dispatch_paused',
    help: '1 while the fulfillmentDispatchPaused flag stops dispatch.',
    registers: [registry],
    collect() {
      this.set(read.paused() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'fulfillment_pending_deliveries',
    help: 'Batches read by the dispatcher and not yet acknowledged (in flight or waiting for re-drive).',
    registers: [registry],
    async collect() {
      const b = await read.backlog().catch(() => undefined);
      if (b) this.set(b.pending);
    },
  });
  new Gauge({
    name: 'fulfillment_stream_lag',
    help: 'Batches on the stream the dispatcher has not read yet.',
    registers: [registry],
    async collect() {
      const b = await read.backlog().catch(() => undefined);
      if (b) this.set(b.lag);
    },
  });
}
