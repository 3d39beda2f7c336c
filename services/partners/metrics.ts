import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { PartnerTotals } from './ledger.js';
import type { WorkerStats } from './workers.js';

export const WEBHOOK_RESULTS = ['shipped', 'duplicate_key', 'caller_gone', 'rejected'] as const;
export type WebhookResult = (typeof WEBHOOK_RESULTS)[number];

export interface PartnersMetrics {
  webhook(partner: string, result: WebhookResult): void;
  ackDelay(partner: string, ms: number): void;
}

export function createPartnersMetrics(registry: Registry, partners: readonly string[]): PartnersMetrics {
  const webhooks = new Counter({
    name: 'partners_webhooks_total',
    help: 'Webhooks this process handled, by partner and result: shipped, duplicate_key (deduped by Idempotency-Key), caller_gone (dropped from the queue), rejected (4xx).',
    labelNames: ['partner', 'result'],
    registers: [registry],
  });
  const delay = new Histogram({
    name: 'partners_ack_delay_seconds',
    help: 'Ack delay drawn for each accepted webhook: how long the partner held a worker after taking the batch, before answering.',
    labelNames: ['partner'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 4, 5, 7.5, 10],
    registers: [registry],
  });
  // Every series exists from the first scrape, so rate() and absent() behave from the start.
  for (const partner of partners) {
    for (const result of WEBHOOK_RESULTS) webhooks.inc({ partner, result }, 0);
    delay.zero({ partner });
  }
  return {
    webhook: (partner, result) => webhooks.inc({ partner, result }),
    ackDelay: (partner, ms) => delay.observe({ partner }, ms / 1000),
  };
}

/** Queue gauges read the live worker queues at scrape time, so they are never stale. */
export function registerQueueGauges(registry: Registry, stats: () => Record<string, WorkerStats>): void {
  const gauge = (name: string, help: string, read: (s: WorkerStats) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['partner'],
      registers: [registry],
      collect() {
        for (const [partner, s] of Object.entries(stats())) this.set({ partner }, read(s));
      },
    });
  gauge('partners_queue_depth', 'Webhooks waiting for a worker right now, including ones whose caller already gave up.', (s) => s.queued);
  gauge('partners_workers_busy', 'Workers holding a webhook right now (shipping it or waiting out the ack delay).', (s) => s.busy);
}

/**
 * The ground-truth counters are read from Redis at scrape time, not counted in this
 * process, so they stay true across a restart. One Redis read serves all of them per
 * scrape; if Redis cannot answer, the last values read are kept and the failure logged.
 */
export function registerGroundTruthMetrics(registry: Registry, deps: { read: () => Promise<Record<string, PartnerTotals>>; log: Logger }): void {
  let last: Record<string, PartnerTotals> = {};
  let pending: Promise<Record<string, PartnerTotals>> | undefined;
  const current = (): Promise<Record<string, PartnerTotals>> => {
    pending ??= deps.read().then(
      (totals) => {
        last = totals;
        return totals;
      },
      (err: unknown) => {
        deps.log.warn({ err }, 'ground truth unavailable for /metrics');
        return last;
      },
    ).finally(() => {
      pending = undefined;
    });
    return pending;
  };

  const counter = (name: string, help: string, read: (t: PartnerTotals) => number) =>
    new Counter({
      name,
      help,
      labelNames: ['partner'],
      registers: [registry],
      async collect() {
        const totals = await current();
        this.reset();
        for (const [partner, t] of Object.entries(totals)) this.inc({ partner }, read(t));
      },
    });
  counter('partners_shipments_total', 'Batches shipped, by partner (ground truth, from Redis).', (t) => t.shipments);
  counter('partners_duplicate_shipments_total', 'Shipments of a batch this partner had already shipped (ground truth, from Redis).', (t) => t.duplicateShipments);
  counter('partners_duplicate_items_total', 'Items in duplicate shipments: goods sent twice (ground truth, from Redis).', (t) => t.duplicateItems);
  new Gauge({
    name: 'partners_distinct_batches',
    help: 'Distinct batches this partner has shipped at least once (ground truth, from Redis).',
    labelNames: ['partner'],
    registers: [registry],
    async collect() {
      const totals = await current();
      for (const [partner, t] of Object.entries(totals)) this.set({ partner }, t.distinctBatches);
    },
  });
}
