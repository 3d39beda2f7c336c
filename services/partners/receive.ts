import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Ledger } from './ledger.js';
import type { PartnersMetrics } from './metrics.js';
import type { Partner } from './partner.js';

export interface Delivery {
  batchId: string;
  attempt: number;
  orderIds: string[];
  itemCount: number;
  idempotencyKey: string | undefined;
}

export type ReceiveOutcome =
  | { status: 'shipped' | 'duplicate_key'; shipmentId: string }
  | { status: 'caller_gone' };

export interface ReceiveDeps {
  ledger: Ledger;
  metrics: PartnersMetrics;
  log: Logger;
}

/**
 * What a partner does with a webhook: wait for a worker; drop it if the caller left
 * meanwhile; otherwise accept it (dedupe by Idempotency-Key only, else ship), and only
 * then hold the worker for the ack delay. The batch has shipped before the caller hears
 * anything, so a caller that times out and retries without a key ships it again.
 */
export async function receiveWebhook(deps: ReceiveDeps, partner: Partner, delivery: Delivery, callerGone: () => boolean): Promise<ReceiveOutcome> {
  const { log } = deps;
  const outcome = await partner.queue.run({
    isGone: callerGone,
    work: async () => {
      const accepted = await deps.ledger.accept(partner.name, {
        batchId: delivery.batchId,
        attempt: delivery.attempt,
        orderCount: delivery.orderIds.length,
        itemCount: delivery.itemCount,
        idempotencyKey: delivery.idempotencyKey,
      });
      const fields = { partner: partner.name, batchId: delivery.batchId, attempt: delivery.attempt, shipmentId: accepted.shipmentId, keyed: delivery.idempotencyKey !== undefined };
      if (accepted.status === 'duplicate_key') log.info(fields, 'duplicate key: not shipped');
      else if (accepted.timesShipped > 1) log.warn({ ...fields, timesShipped: accepted.timesShipped, itemCount: delivery.itemCount }, 'batch shipped again');
      else log.info({ ...fields, itemCount: delivery.itemCount }, 'batch shipped');
      deps.metrics.webhook(partner.name, accepted.status);

      const ackMs = partner.drawDelayMs();
      deps.metrics.ackDelay(partner.name, ackMs);
      await delay(ackMs);
      if (callerGone()) log.info({ ...fields, ackMs }, 'caller gone before ack');
      return accepted;
    },
  });
  if (!outcome.ran) {
    deps.metrics.webhook(partner.name, 'caller_gone');
    log.info({ partner: partner.name, batchId: delivery.batchId, attempt: delivery.attempt }, 'caller gone: webhook dropped');
    return { status: 'caller_gone' };
  }
  return { status: outcome.value.status, shipmentId: outcome.value.shipmentId };
}
