import { setTimeout as delay } from 'node:timers/promises';
import { SpanStatusCode, context, trace, type Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { ErrorReporter } from '../kit/error-report.js';
import { isAppError } from '../kit/errors.js';
import type { Batch, OrdersApi, PartnersApi } from './clients.js';
import type { FulfillmentDeployConfig } from './config.js';
import type { AttemptOutcome, DeliveryOutcome, FulfillmentMetrics } from './metrics.js';
import type { BatchEntry, BatchStream } from './stream.js';

export interface DeliveryDeps {
  orders: OrdersApi;
  partners: PartnersApi;
  stream: Pick<BatchStream, 'ack' | 'deadLetter'>;
  deploy: FulfillmentDeployConfig;
  metrics: FulfillmentMetrics;
  log: Logger;
  /** Failed webhook attempts go to the error tracker, as a request's 5xx does. */
  errors: ErrorReporter;
  tracer: Tracer;
  isPaused(): Promise<boolean>;
}

export function idempotencyKeyFor(batchId: string): string {
  return `batch-${batchId}`;
}

function outcomeOf(err: unknown): AttemptOutcome {
  return isAppError(err) && err.code === 'upstream_timeout' ? 'timeout' : 'error';
}

async function attemptOnce(d: DeliveryDeps, entry: BatchEntry, n: number): Promise<AttemptOutcome> {
  let batch: Batch;
  try {
    batch = await d.orders.reload(entry.batchId);
  } catch (err) {
    d.metrics.ordersErrors.inc({ call: 'reload' });
    d.metrics.attempts.inc({ partner: entry.partner, outcome: 'error' });
    d.log.warn({ batchId: entry.batchId, partner: entry.partner, attempt: n, err: (err as Error).message }, 'batch reload failed');
    return 'error';
  }
  const attempt = batch.attempts + 1;
  const started = performance.now();
  let outcome: AttemptOutcome = 'ok';
  let failure: unknown;
  try {
    await d.partners.post({
      batch,
      attempt,
      idempotencyKey: d.deploy.sendIdempotencyKey ? idempotencyKeyFor(batch.id) : undefined,
      timeoutMs: d.deploy.partnerTimeoutMs,
    });
  } catch (err) {
    outcome = outcomeOf(err);
    failure = err;
  }
  const ms = performance.now() - started;
  d.metrics.attempts.inc({ partner: batch.partner, outcome });
  d.metrics.attemptSeconds.observe({ partner: batch.partner, outcome }, ms / 1000);
  if (outcome === 'ok') {
    d.log.info({ batchId: batch.id, partner: batch.partner, attempt, ms: Math.round(ms) }, 'batch delivered');
  } else {
    const fields = { batchId: batch.id, partner: batch.partner, attempt, timeoutMs: d.deploy.partnerTimeoutMs };
    if (outcome === 'timeout') d.log.warn(fields, 'webhook timed out');
    else d.log.warn({ batchId: batch.id, partner: batch.partner, attempt, err: (failure as Error).message }, 'webhook failed');
    // Not awaited: the tracker must never slow a delivery. The active span makes it carry the trace id.
    void d.errors.report(failure, fields);
  }
  try {
    await d.orders.recordAttempt(batch.id, { attempt, outcome, latencyMs: Math.round(ms) });
  } catch (err) {
    d.metrics.ordersErrors.inc({ call: 'record' });
    d.log.warn({ batchId: batch.id, attempt, err: (err as Error).message }, 'recording the attempt failed');
  }
  return outcome;
}

/**
 * One delivery of one batch: up to maxAttempts, each reloading the batch from orders,
 * POSTing it to the partner, and recording the attempt in orders. Delivered batches are
 * acknowledged; exhausted ones stay pending for the re-drive (at-least-once).
 */
export async function deliver(d: DeliveryDeps, entry: BatchEntry): Promise<DeliveryOutcome> {
  if (!d.deploy.partners.includes(entry.partner)) {
    d.log.error({ batchId: entry.batchId, partner: entry.partner, known: d.deploy.partners }, 'unknown partner: batch moved to the dead-letter stream');
    await d.stream.deadLetter(entry, `unknown partner "${entry.partner}"`);
    d.metrics.deliveries.inc({ partner: 'unknown', outcome: 'dead_letter' });
    return 'dead_letter';
  }
  const span = d.tracer.startSpan(`deliver ${entry.partner}`, { attributes: { 'batch.id': entry.batchId, 'partner': entry.partner } });
  return context.with(trace.setSpan(context.active(), span), async () => {
    try {
      for (let n = 1; n <= d.deploy.maxAttempts; n += 1) {
        if (await d.isPaused()) {
          d.metrics.deliveries.inc({ partner: entry.partner, outcome: 'paused' });
          return 'paused';
        }
        if (n > 1) d.metrics.retries.inc({ partner: entry.partner });
        if ((await attemptOnce(d, entry, n)) === 'ok') {
          await d.stream.ack(entry.entryId);
          d.metrics.deliveries.inc({ partner: entry.partner, outcome: 'delivered' });
          return 'delivered';
        }
        if (n < d.deploy.maxAttempts) await delay(d.deploy.backoffMs * n);
      }
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'attempts exhausted' });
      d.metrics.deliveries.inc({ partner: entry.partner, outcome: 'exhausted' });
      d.log.warn({ batchId: entry.batchId, partner: entry.partner, attempts: d.deploy.maxAttempts, redriveAfterMs: d.deploy.redriveAfterMs }, 'delivery exhausted; left pending for re-drive');
      return 'exhausted';
    } finally {
      span.end();
    }
  });
}
