import { randomBytes } from 'node:crypto';
import { AppError, badRequest } from '../kit/errors.js';
import { partnerFor } from './batching.js';
import type { OrdersDomain } from './domain.js';
import { requestFingerprint } from './idempotency.js';
import type { Customer, Order } from './model.js';
import { priceLines, type LineRequest } from './pricing.js';

export interface CreateOrderRequest {
  customer: Customer;
  /** Order the contents of this cart (and empty it)... */
  cartId?: string | undefined;
  /** ...or exactly these lines (API clients). */
  items?: LineRequest[] | undefined;
}

export interface CreateOrderResult {
  order: Order;
  /** True when an earlier request with the same Idempotency-Key created the order. */
  replayed: boolean;
  /** Set when this order closed its partner's batch. */
  batchId: string | undefined;
}

export function newOrderId(): string {
  return `ord_${randomBytes(9).toString('base64url')}`;
}

async function replay(d: OrdersDomain, key: string, fingerprint: string, orderId: string, fpStored: string): Promise<CreateOrderResult> {
  if (fpStored !== fingerprint) {
    throw new AppError('idempotency_key_reused', 422, `Idempotency-Key ${key} was already used for a different request`);
  }
  const order = await d.store.getOrder(orderId);
  if (!order) throw new AppError('idempotency_record_orphaned', 500, `Idempotency-Key ${key} points at missing order ${orderId}`);
  d.metrics.ordersCreated.inc({ outcome: 'replayed' });
  return { order, replayed: true, batchId: undefined };
}

/**
 * Creates an order once per Idempotency-Key: a retried create returns the first result;
 * the same key with a different body is a 422. An accepted order joins its partner's
 * open batch, which may close it and publish it for fulfillment.
 */
export async function createOrder(d: OrdersDomain, req: CreateOrderRequest, idempotencyKey: string | undefined): Promise<CreateOrderResult> {
  const fingerprint = idempotencyKey ? requestFingerprint(req) : undefined;
  if (idempotencyKey && fingerprint) {
    const seen = await d.store.findIdempotency(idempotencyKey);
    if (seen) return replay(d, idempotencyKey, fingerprint, seen.orderId, seen.fingerprint);
  }

  let lines: LineRequest[];
  if (req.cartId !== undefined) {
    const cart = await d.store.getCart(req.cartId);
    lines = Object.entries(cart).map(([sku, qty]) => ({ sku, qty }));
    if (lines.length === 0) {
      // A request with the same key may have ordered (and so emptied) this cart since our
      // lookup; insertOrderLua stores the key and clears the cart atomically, so look again.
      const raced = idempotencyKey && fingerprint ? await d.store.findIdempotency(idempotencyKey) : undefined;
      if (idempotencyKey && fingerprint && raced) return replay(d, idempotencyKey, fingerprint, raced.orderId, raced.fingerprint);
      throw badRequest('cart_empty', `cart ${req.cartId} is empty`);
    }
  } else {
    lines = req.items ?? [];
  }
  const { items, totalCents } = priceLines(lines);
  const id = newOrderId();
  const order: Order = {
    id,
    status: 'accepted',
    customer: req.customer,
    items,
    totalCents,
    currency: 'USD',
    partner: partnerFor(id, d.deploy.partners),
    cartId: req.cartId,
    idempotencyKey,
    createdAt: new Date().toISOString(),
  };

  const inserted = await d.store.insertOrder(order, fingerprint);
  if (!inserted.created && idempotencyKey && fingerprint) {
    // A concurrent request with the same key won the race; answer with its order.
    return replay(d, idempotencyKey, fingerprint, inserted.existing.orderId, inserted.existing.fingerprint);
  }
  d.metrics.ordersCreated.inc({ outcome: 'created' });
  const batchId = await d.store.appendToBatch(order.partner, order.id, d.deploy.batch.maxOrders);
  if (batchId) {
    d.metrics.batchesPublished.inc({ partner: order.partner });
    d.log.info({ batchId, partner: order.partner }, 'batch published');
  }
  return { order, replayed: false, batchId };
}
