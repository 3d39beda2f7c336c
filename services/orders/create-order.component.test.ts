import { afterEach, describe, expect, it } from 'vitest';
import { createRedis } from '../kit/redis.js';
import { ordersDeploySchema, type OrdersDeployConfig } from './config.js';
import { createOrder } from './create-order.js';
import type { OrdersDomain } from './domain.js';
import { keys } from './keys.js';
import { createOrdersMetrics } from './metrics.js';
import { createOrdersStore, type OrdersStore } from './store.js';
import { startOrders, testBase } from '../../test/support/apps.js';
import { requestJson } from '../../test/support/http.js';
import { sampleValue, scrape } from '../../test/support/prom.js';
import { cartSchema, createdOrderSchema, errorSchema, orderSchema, productsSchema } from '../../test/support/orders-api.js';
import { freshRedisUrl } from '../../test/support/redis.js';

type Orders = Awaited<ReturnType<typeof startOrders>>;

const customer = { name: 'Ann Example', email: 'ann@example.com' };
const running: Orders[] = [];

async function start(deploy: Partial<OrdersDeployConfig> = {}, storeLatencyMs = 0): Promise<Orders> {
  const orders = await startOrders(await freshRedisUrl(), deploy, storeLatencyMs);
  running.push(orders);
  return orders;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((o) => o.stop()));
});

async function prices(url: string): Promise<Map<string, number>> {
  const { body } = await requestJson(`${url}/products`);
  return new Map(productsSchema.parse(body).products.map((p) => [p.sku, p.priceCents]));
}

function priceOf(table: Map<string, number>, sku: string): number {
  const price = table.get(sku);
  if (price === undefined) throw new Error(`no price for ${sku}`);
  return price;
}

async function orderKeys(orders: Orders): Promise<string[]> {
  return orders.redis.keys(keys.order('*'));
}

function postOrder(url: string, body: unknown, idempotencyKey?: string) {
  return requestJson(`${url}/orders`, { json: body, headers: idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey } });
}

async function addToCart(url: string, cartId: string, sku: string, qty: number): Promise<void> {
  const res = await requestJson(`${url}/carts/${cartId}/items`, { json: { sku, qty } });
  expect(res.status).toBe(200);
}

describe('POST /orders', () => {
  it('creates an order from items, priced from the catalog with repeated skus merged', async () => {
    const orders = await start();
    const table = await prices(orders.url);

    const res = await postOrder(orders.url, { customer, items: [{ sku: 'MUG-01', qty: 2 }, { sku: 'TEE-02', qty: 1 }, { sku: 'MUG-01', qty: 1 }] });

    expect(res.status).toBe(201);
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    const { order, replayed } = createdOrderSchema.parse(res.body);
    expect(replayed).toBe(false);
    expect(order.customer).toEqual(customer);
    expect(order.items.map((i) => [i.sku, i.qty, i.unitPriceCents])).toEqual([
      ['MUG-01', 3, priceOf(table, 'MUG-01')],
      ['TEE-02', 1, priceOf(table, 'TEE-02')],
    ]);
    expect(order.totalCents).toBe(3 * priceOf(table, 'MUG-01') + priceOf(table, 'TEE-02'));
    expect(orders.app.domain.deploy.partners).toContain(order.partner);

    const stored = await orders.redis.get(keys.order(order.id));
    expect(orderSchema.parse(JSON.parse(stored ?? 'null'))).toEqual(order);
    const fetched = await requestJson(`${orders.url}/orders/${order.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual({ order });
    expect(sampleValue(await scrape(orders.url), 'orders_created_total', { outcome: 'created' })).toBe(1);
  });

  it('ignores a client-sent price: the catalog sets it', async () => {
    const orders = await start();
    const res = await postOrder(orders.url, { customer, items: [{ sku: 'MUG-01', qty: 1, unitPriceCents: 1 }] });
    expect(res.status).toBe(400);
    expect(await orderKeys(orders)).toEqual([]);
  });

  it('creates an order from a cart and empties the cart', async () => {
    const orders = await start();
    const table = await prices(orders.url);
    await addToCart(orders.url, 'cart-1', 'HOOD-03', 1);
    await addToCart(orders.url, 'cart-1', 'STK-04', 2);
    await addToCart(orders.url, 'cart-1', 'STK-04', 1);

    const res = await postOrder(orders.url, { customer, cartId: 'cart-1' });

    expect(res.status).toBe(201);
    const { order } = createdOrderSchema.parse(res.body);
    expect(order.cartId).toBe('cart-1');
    expect([...order.items].sort((a, b) => a.sku.localeCompare(b.sku)).map((i) => [i.sku, i.qty])).toEqual([['HOOD-03', 1], ['STK-04', 3]]);
    expect(order.totalCents).toBe(priceOf(table, 'HOOD-03') + 3 * priceOf(table, 'STK-04'));

    const cart = cartSchema.parse((await requestJson(`${orders.url}/carts/cart-1`)).body);
    expect(cart).toEqual({ cartId: 'cart-1', items: [], count: 0, totalCents: 0 });
    expect(await orders.redis.exists(keys.cart('cart-1'))).toBe(0);

    const again = await postOrder(orders.url, { customer, cartId: 'cart-1' });
    expect(again.status).toBe(400);
    expect(errorSchema.parse(again.body).error.code).toBe('cart_empty');
    expect(await orderKeys(orders)).toEqual([keys.order(order.id)]);
  });

  it('refuses unknown skus with 422 unknown_sku and stores nothing', async () => {
    const orders = await start();
    const res = await postOrder(orders.url, { customer, items: [{ sku: 'MUG-01', qty: 1 }, { sku: 'GHOST-99', qty: 1 }] });
    expect(res.status).toBe(422);
    const { error } = errorSchema.parse(res.body);
    expect(error.code).toBe('unknown_sku');
    expect(error.message).toContain('GHOST-99');
    expect(await orders.redis.dbsize()).toBe(0);
  });
});

describe('POST /orders with an Idempotency-Key', () => {
  const body = { customer, items: [{ sku: 'CAP-05', qty: 2 }] };

  it('replays the first order for a retried request, with 200 and idempotent-replayed', async () => {
    const orders = await start();
    const first = await postOrder(orders.url, body, 'checkout-1');
    expect(first.status).toBe(201);
    const created = createdOrderSchema.parse(first.body).order;

    // The same request with its keys in another order is still the same request.
    const retry = await postOrder(orders.url, { items: [{ qty: 2, sku: 'CAP-05' }], customer: { email: customer.email, name: customer.name } }, 'checkout-1');

    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const replay = createdOrderSchema.parse(retry.body);
    expect(replay.replayed).toBe(true);
    expect(replay.order).toEqual(created);
    expect(await orderKeys(orders)).toEqual([keys.order(created.id)]);
    const metrics = await scrape(orders.url);
    expect(sampleValue(metrics, 'orders_created_total', { outcome: 'created' })).toBe(1);
    expect(sampleValue(metrics, 'orders_created_total', { outcome: 'replayed' })).toBe(1);
  });

  it('refuses the same key with a different body: 422 idempotency_key_reused', async () => {
    const orders = await start();
    const first = await postOrder(orders.url, body, 'checkout-2');
    const created = createdOrderSchema.parse(first.body).order;

    const reused = await postOrder(orders.url, { ...body, items: [{ sku: 'CAP-05', qty: 3 }] }, 'checkout-2');

    expect(reused.status).toBe(422);
    expect(errorSchema.parse(reused.body).error.code).toBe('idempotency_key_reused');
    expect(await orderKeys(orders)).toEqual([keys.order(created.id)]);
    expect(orderSchema.parse(JSON.parse((await orders.redis.get(keys.order(created.id))) ?? 'null'))).toEqual(created);
  });

  it('creates one order per distinct key', async () => {
    const orders = await start();
    const a = createdOrderSchema.parse((await postOrder(orders.url, body, 'key-a')).body).order;
    const b = createdOrderSchema.parse((await postOrder(orders.url, body, 'key-b')).body).order;
    expect(a.id).not.toBe(b.id);
    expect((await orderKeys(orders)).sort()).toEqual([keys.order(a.id), keys.order(b.id)].sort());
  });

  it('creates exactly one order when ten requests with one key race', async () => {
    // Store latency keeps every request past its idempotency lookup before any insert lands.
    const orders = await start({ batch: { maxOrders: 100, windowMs: 600_000 } }, 20);

    const results = await Promise.all(Array.from({ length: 10 }, () => postOrder(orders.url, body, 'race-1')));

    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const ids = new Set(results.map((r) => createdOrderSchema.parse(r.body).order.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(await orderKeys(orders)).toEqual([keys.order(id ?? '')]);
    const order = createdOrderSchema.parse(results[0]?.body).order;
    // Only the winner joined a batch.
    expect(await orders.redis.lrange(keys.openBatch(order.partner), 0, -1)).toEqual([order.id]);
    const metrics = await scrape(orders.url);
    expect(sampleValue(metrics, 'orders_created_total', { outcome: 'created' })).toBe(1);
    expect(sampleValue(metrics, 'orders_created_total', { outcome: 'replayed' })).toBe(9);
  });

  it('answers racing checkouts of one cart with the one order the key created', async () => {
    const orders = await start({ batch: { maxOrders: 100, windowMs: 600_000 } }, 20);
    await addToCart(orders.url, 'cart-race', 'BAG-06', 2);

    const results = await Promise.all(Array.from({ length: 10 }, () => postOrder(orders.url, { customer, cartId: 'cart-race' }, 'race-cart')));

    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const ids = new Set(results.map((r) => createdOrderSchema.parse(r.body).order.id));
    expect(ids.size).toBe(1);
    expect(await orderKeys(orders)).toHaveLength(1);
    expect(await orders.redis.exists(keys.cart('cart-race'))).toBe(0);
  });
});

interface Gate {
  promise: Promise<void>;
  open(): void;
}

function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/**
 * Forces the interleaving a double-submitted checkout can hit: both requests look the
 * key up before either inserts, and the second reads the cart only after the first
 * ordered (and emptied) it.
 */
function interleavedStore(inner: OrdersStore): OrdersStore {
  let lookups = 0;
  let cartReads = 0;
  const bothLookedUp = gate();
  const firstInserted = gate();
  return {
    ...inner,
    findIdempotency: async (key) => {
      const found = await inner.findIdempotency(key);
      lookups += 1;
      if (lookups === 2) bothLookedUp.open();
      return found;
    },
    getCart: async (cartId) => {
      cartReads += 1;
      if (cartReads === 2) await firstInserted.promise;
      return inner.getCart(cartId);
    },
    insertOrder: async (order, fingerprint) => {
      await bothLookedUp.promise;
      const result = await inner.insertOrder(order, fingerprint);
      firstInserted.open();
      return result;
    },
  };
}

describe('createOrder racing a retry of the same checkout', () => {
  it('answers the retry with the order that emptied the cart, not cart_empty', async () => {
    const { base } = testBase('orders');
    const redis = createRedis({ url: await freshRedisUrl(), log: base.log, connectionName: 'orders-race-test' });
    try {
      const real = createOrdersStore(redis, 0);
      await real.addToCart('cart-dbl', 'MUG-01', 1);
      const domain: OrdersDomain = {
        store: interleavedStore(real),
        deploy: ordersDeploySchema.parse({}),
        metrics: createOrdersMetrics(base.metrics.registry),
        log: base.log,
      };
      const request = { customer, cartId: 'cart-dbl' };

      const [a, b] = await Promise.all([createOrder(domain, request, 'dbl-1'), createOrder(domain, request, 'dbl-1')]);

      expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
      expect(b.order).toEqual(a.order);
      expect(await redis.keys(keys.order('*'))).toEqual([keys.order(a.order.id)]);
    } finally {
      await redis.quit();
    }
  });
});
