import { setTimeout as delay } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { BATCH_STREAM, keys } from './keys.js';
import type { BatchRecord, DispatchAttempt, IdempotencyRecord, Order } from './model.js';
import { closeBatchLua, insertOrderLua } from './scripts.js';

const CART_TTL_SECONDS = 7 * 24 * 3600;
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
const STREAM_MAX_LEN = 100_000;

export type InsertResult = { created: true } | { created: false; existing: IdempotencyRecord };

export interface OrdersStore {
  getCart(cartId: string): Promise<Record<string, number>>;
  addToCart(cartId: string, sku: string, qty: number): Promise<Record<string, number>>;
  removeFromCart(cartId: string, sku: string): Promise<Record<string, number>>;
  findIdempotency(key: string): Promise<IdempotencyRecord | undefined>;
  insertOrder(order: Order, fingerprint: string | undefined): Promise<InsertResult>;
  getOrder(orderId: string): Promise<Order | undefined>;
  getOrders(orderIds: readonly string[]): Promise<Array<Order | undefined>>;
  /** Adds the order to its partner's open batch; returns the batch id if that closed it. */
  appendToBatch(partner: string, orderId: string, maxOrders: number): Promise<string | undefined>;
  /** Closes each partner's open batch whose first order is older than windowMs, in one round trip; returns the closed ids by partner. */
  flushBatches(partners: readonly string[], maxOrders: number, windowMs: number): Promise<Array<{ partner: string; batchId: string }>>;
  getBatch(batchId: string): Promise<BatchRecord | undefined>;
  recordAttempt(batchId: string, attempt: DispatchAttempt): Promise<number>;
  countAttempts(batchId: string): Promise<number>;
  ping(): Promise<void>;
}

function parseCart(raw: Record<string, string>): Record<string, number> {
  const cart: Record<string, number> = {};
  for (const [sku, qty] of Object.entries(raw)) {
    const n = Number(qty);
    if (n > 0) cart[sku] = n;
  }
  return cart;
}

/**
 * The orders database on Redis. Each method is one round trip ("query") and pays the
 * configured store latency once, as a query to a remote database would.
 */
export function createOrdersStore(redis: Redis, latencyMs: number): OrdersStore {
  const query = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (latencyMs > 0) await delay(latencyMs);
    return fn();
  };
  const closeBatchArgs = (mode: 'add' | 'flush', partner: string, orderId: string, maxOrders: number, windowMs: number) => [
    closeBatchLua, 4,
    keys.openBatch(partner), keys.openBatchSince(partner), keys.batchSeq, BATCH_STREAM,
    mode, orderId, Date.now(), maxOrders, windowMs, partner, keys.batchPrefix, STREAM_MAX_LEN,
  ] as const;

  return {
    getCart: (cartId) => query(async () => parseCart(await redis.hgetall(keys.cart(cartId)))),
    addToCart: (cartId, sku, qty) =>
      query(async () => {
        const result = await redis.multi()
          .hincrby(keys.cart(cartId), sku, qty)
          .expire(keys.cart(cartId), CART_TTL_SECONDS)
          .hgetall(keys.cart(cartId))
          .exec();
        return parseCart((result?.[2]?.[1] ?? {}) as Record<string, string>);
      }),
    removeFromCart: (cartId, sku) =>
      query(async () => {
        const result = await redis.multi().hdel(keys.cart(cartId), sku).hgetall(keys.cart(cartId)).exec();
        return parseCart((result?.[1]?.[1] ?? {}) as Record<string, string>);
      }),
    findIdempotency: (key) =>
      query(async () => {
        const raw = await redis.get(keys.idempotency(key));
        return raw ? (JSON.parse(raw) as IdempotencyRecord) : undefined;
      }),
    insertOrder: (order, fingerprint) =>
      query(async () => {
        const idemKey = order.idempotencyKey ? keys.idempotency(order.idempotencyKey) : '';
        const record: IdempotencyRecord = { orderId: order.id, fingerprint: fingerprint ?? '' };
        const reply = (await redis.eval(
          insertOrderLua, 3,
          idemKey, keys.order(order.id), order.cartId ? keys.cart(order.cartId) : '',
          JSON.stringify(order), JSON.stringify(record), IDEMPOTENCY_TTL_SECONDS,
        )) as [number, string?];
        if (reply[0] === 1) return { created: true };
        return { created: false, existing: JSON.parse(reply[1] ?? '{}') as IdempotencyRecord };
      }),
    getOrder: (orderId) =>
      query(async () => {
        const raw = await redis.get(keys.order(orderId));
        return raw ? (JSON.parse(raw) as Order) : undefined;
      }),
    getOrders: (orderIds) =>
      query(async () => {
        if (orderIds.length === 0) return [];
        const raws = await redis.mget(...orderIds.map(keys.order));
        return raws.map((raw) => (raw ? (JSON.parse(raw) as Order) : undefined));
      }),
    appendToBatch: (partner, orderId, maxOrders) =>
      query(async () => ((await redis.eval(...closeBatchArgs('add', partner, orderId, maxOrders, 0))) as string | null) ?? undefined),
    flushBatches: (partners, maxOrders, windowMs) =>
      query(async () => {
        const pipeline = redis.pipeline();
        for (const partner of partners) pipeline.eval(...closeBatchArgs('flush', partner, '', maxOrders, windowMs));
        const replies = (await pipeline.exec()) ?? [];
        const closed: Array<{ partner: string; batchId: string }> = [];
        replies.forEach(([err, id], i) => {
          if (err) throw err;
          const partner = partners[i];
          if (typeof id === 'string' && partner) closed.push({ partner, batchId: id });
        });
        return closed;
      }),
    getBatch: (batchId) =>
      query(async () => {
        const raw = await redis.get(keys.batch(batchId));
        return raw ? (JSON.parse(raw) as BatchRecord) : undefined;
      }),
    recordAttempt: (batchId, attempt) =>
      query(async () => redis.rpush(keys.attempts(batchId), JSON.stringify(attempt))),
    countAttempts: (batchId) => query(async () => redis.llen(keys.attempts(batchId))),
    ping: async () => {
      await redis.ping();
    },
  };
}
