import { notFound } from '../kit/errors.js';
import { summarizeBatch, type BatchLine } from './batching.js';
import type { OrdersDomain } from './domain.js';
import type { DispatchAttempt } from './model.js';

export interface BatchView {
  id: string;
  partner: string;
  createdAt: string;
  orderIds: string[];
  items: BatchLine[];
  itemCount: number;
  valueCents: number;
  attempts: number;
}

/** Reloads a batch with its orders and pick list, as fulfillment does before every attempt. */
export async function getBatch(d: OrdersDomain, batchId: string): Promise<BatchView> {
  const batch = await d.store.getBatch(batchId);
  if (!batch) throw notFound('batch_not_found', `no batch ${batchId}`);
  const orders = (await d.store.getOrders(batch.orderIds)).filter((o) => o !== undefined);
  const summary = summarizeBatch(orders);
  const attempts = await d.store.countAttempts(batchId);
  return {
    id: batch.id,
    partner: batch.partner,
    createdAt: new Date(batch.createdAt).toISOString(),
    orderIds: batch.orderIds,
    ...summary,
    attempts,
  };
}

export async function recordAttempt(
  d: OrdersDomain,
  batchId: string,
  attempt: Omit<DispatchAttempt, 'partner' | 'at'>,
): Promise<{ batchId: string; attempts: number }> {
  const batch = await d.store.getBatch(batchId);
  if (!batch) throw notFound('batch_not_found', `no batch ${batchId}`);
  const attempts = await d.store.recordAttempt(batchId, { ...attempt, partner: batch.partner, at: new Date().toISOString() });
  d.metrics.dispatchAttempts.inc({ partner: batch.partner, outcome: attempt.outcome });
  return { batchId, attempts };
}

/** Closes every partner batch whose first order has waited longer than the batch window (one store round trip). */
export async function flushDueBatches(d: OrdersDomain): Promise<string[]> {
  const closed = await d.store.flushBatches(d.deploy.partners, d.deploy.batch.maxOrders, d.deploy.batch.windowMs);
  for (const { partner, batchId } of closed) {
    d.metrics.batchesPublished.inc({ partner });
    d.log.info({ batchId, partner }, 'batch published');
  }
  return closed.map((c) => c.batchId);
}
