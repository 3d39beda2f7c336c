import { afterEach, describe, expect, it } from 'vitest';
import { flushDueBatches } from './batches.js';
import type { OrdersDeployConfig } from './config.js';
import { BATCH_STREAM, keys } from './keys.js';
import { startOrders } from '../../test/support/apps.js';
import { requestJson } from '../../test/support/http.js';
import { sampleValue, scrape } from '../../test/support/prom.js';
import { attemptRecordedSchema, batchSchema, createdOrderSchema, errorSchema, type OrderBody } from '../../test/support/orders-api.js';
import { until } from '../../test/support/poll.js';
import { freshRedisUrl } from '../../test/support/redis.js';

type Orders = Awaited<ReturnType<typeof startOrders>>;

interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}

const customer = { name: 'Ann Example', email: 'ann@example.com' };
/** Long enough that the background flusher never closes a batch during a test. */
const noFlush = 600_000;
const running: Orders[] = [];

async function start(deploy: Partial<OrdersDeployConfig>): Promise<Orders> {
  const orders = await startOrders(await freshRedisUrl(), deploy);
  running.push(orders);
  return orders;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((o) => o.stop()));
});

async function placeOrder(orders: Orders, items: Array<{ sku: string; qty: number }>): Promise<OrderBody> {
  const res = await requestJson(`${orders.url}/orders`, { json: { customer, items } });
  expect(res.status).toBe(201);
  return createdOrderSchema.parse(res.body).order;
}

async function streamEntries(orders: Orders): Promise<StreamEntry[]> {
  const raw = await orders.redis.xrange(BATCH_STREAM, '-', '+');
  return raw.map(([id, flat]) => {
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i] ?? ''] = flat[i + 1] ?? '';
    return { id, fields };
  });
}

async function getBatch(orders: Orders, batchId: string) {
  const res = await requestJson(`${orders.url}/batches/${batchId}`);
  expect(res.status).toBe(200);
  return batchSchema.parse(res.body).batch;
}

describe('partner batches', () => {
  it('closes a batch when it holds maxOrders orders and announces it on the stream', async () => {
    const orders = await start({ partners: ['acme'], batch: { maxOrders: 2, windowMs: noFlush } });

    const first = await placeOrder(orders, [{ sku: 'MUG-01', qty: 1 }, { sku: 'TEE-02', qty: 2 }]);
    expect(first.partner).toBe('acme');
    expect(await streamEntries(orders)).toEqual([]);
    expect(await orders.redis.lrange(keys.openBatch('acme'), 0, -1)).toEqual([first.id]);

    const second = await placeOrder(orders, [{ sku: 'MUG-01', qty: 2 }]);

    const entries = await streamEntries(orders);
    expect(entries).toHaveLength(1);
    const fields = entries[0]?.fields ?? {};
    expect(fields).toMatchObject({ partner: 'acme', orders: '2' });
    const batchId = fields.batchId ?? '';
    expect(batchId).toMatch(/^acme-\d+$/);
    expect(await orders.redis.exists(keys.openBatch('acme'), keys.openBatchSince('acme'))).toBe(0);

    const batch = await getBatch(orders, batchId);
    expect(batch).toMatchObject({ id: batchId, partner: 'acme', orderIds: [first.id, second.id], attempts: 0 });
    expect(batch.items.map((l) => [l.sku, l.qty])).toEqual([['MUG-01', 3], ['TEE-02', 2]]);
    expect(batch.itemCount).toBe(5);
    expect(batch.valueCents).toBe(first.totalCents + second.totalCents);
    expect(sampleValue(await scrape(orders.url), 'orders_batches_published_total', { partner: 'acme' })).toBe(1);

    // The next order opens a fresh batch rather than joining the closed one.
    const third = await placeOrder(orders, [{ sku: 'CAP-05', qty: 1 }]);
    expect(await streamEntries(orders)).toHaveLength(1);
    expect(await orders.redis.lrange(keys.openBatch('acme'), 0, -1)).toEqual([third.id]);
  });

  it('batches orders per partner: every batch holds only orders for its own partner', async () => {
    const orders = await start({ batch: { maxOrders: 2, windowMs: noFlush } });
    const placed: OrderBody[] = [];
    // Three partners, two orders a batch: seven orders fill at least two batches.
    for (let i = 0; i < 7; i += 1) placed.push(await placeOrder(orders, [{ sku: 'STK-04', qty: i + 1 }]));
    const byId = new Map(placed.map((o) => [o.id, o]));

    const entries = await streamEntries(orders);
    expect(entries.length).toBeGreaterThanOrEqual(2);
    const batched: string[] = [];
    for (const entry of entries) {
      const batch = await getBatch(orders, entry.fields.batchId ?? '');
      expect(batch.partner).toBe(entry.fields.partner);
      expect(batch.orderIds).toHaveLength(2);
      for (const id of batch.orderIds) expect(byId.get(id)?.partner).toBe(batch.partner);
      batched.push(...batch.orderIds);
    }
    const open: string[] = [];
    for (const partner of orders.app.domain.deploy.partners) open.push(...await orders.redis.lrange(keys.openBatch(partner), 0, -1));
    // Every order is in exactly one place: a closed batch or its partner's open one.
    expect([...batched, ...open].sort()).toEqual([...byId.keys()].sort());
  });

  it('flushes a batch that did not fill up once its window passes', async () => {
    const orders = await start({ batch: { maxOrders: 4, windowMs: 200 } });
    const order = await placeOrder(orders, [{ sku: 'BAG-06', qty: 1 }]);

    const [entry] = await until('the flusher to publish the batch', async () => {
      const entries = await streamEntries(orders);
      return entries.length > 0 ? entries : undefined;
    }, { timeoutMs: 10_000 });

    expect(entry?.fields).toMatchObject({ partner: order.partner, orders: '1' });
    const batch = await getBatch(orders, entry?.fields.batchId ?? '');
    expect(batch.orderIds).toEqual([order.id]);
    expect(batch.items.map((l) => [l.sku, l.qty])).toEqual([['BAG-06', 1]]);
    expect(await orders.redis.llen(keys.openBatch(order.partner))).toBe(0);
    expect(orders.logs.some((r) => r.msg === 'batch published' && r.batchId === batch.id)).toBe(true);
  });
});

describe('flushDueBatches', () => {
  it('leaves a batch open inside its window and closes it once its first order is older', async () => {
    const orders = await start({ partners: ['cargo'], batch: { maxOrders: 4, windowMs: noFlush } });
    const order = await placeOrder(orders, [{ sku: 'TEE-02', qty: 1 }]);

    expect(await flushDueBatches(orders.app.domain)).toEqual([]);
    expect(await streamEntries(orders)).toEqual([]);
    expect(await orders.redis.lrange(keys.openBatch('cargo'), 0, -1)).toEqual([order.id]);

    // Backdate the batch instead of waiting out its window.
    const since = Number(await orders.redis.get(keys.openBatchSince('cargo')));
    await orders.redis.set(keys.openBatchSince('cargo'), since - noFlush);
    const closed = await flushDueBatches(orders.app.domain);

    expect(closed).toHaveLength(1);
    expect((await streamEntries(orders)).map((e) => e.fields.batchId)).toEqual(closed);
    expect((await getBatch(orders, closed[0] ?? '')).orderIds).toEqual([order.id]);
    expect(await flushDueBatches(orders.app.domain)).toEqual([]);
  });
});

describe('dispatch attempts', () => {
  it('records each attempt against the batch and counts them', async () => {
    const orders = await start({ partners: ['bolt'], batch: { maxOrders: 1, windowMs: noFlush } });
    await placeOrder(orders, [{ sku: 'MUG-01', qty: 1 }]);
    const batchId = (await streamEntries(orders))[0]?.fields.batchId ?? '';
    expect(batchId).not.toBe('');
    const post = (attempt: number, outcome: string, latencyMs?: number) =>
      requestJson(`${orders.url}/batches/${batchId}/attempts`, { json: { attempt, outcome, latencyMs } });

    const first = await post(1, 'timeout', 1500);
    expect(first.status).toBe(201);
    expect(attemptRecordedSchema.parse(first.body)).toEqual({ batchId, attempts: 1 });
    const second = await post(2, 'ok', 900);
    expect(attemptRecordedSchema.parse(second.body)).toEqual({ batchId, attempts: 2 });

    expect((await getBatch(orders, batchId)).attempts).toBe(2);
    const stored = (await orders.redis.lrange(keys.attempts(batchId), 0, -1)).map((raw): unknown => JSON.parse(raw));
    expect(stored).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'timeout', partner: 'bolt', latencyMs: 1500 }),
      expect.objectContaining({ attempt: 2, outcome: 'ok', partner: 'bolt', latencyMs: 900 }),
    ]);
    const metrics = await scrape(orders.url);
    expect(sampleValue(metrics, 'orders_dispatch_attempts_recorded_total', { partner: 'bolt', outcome: 'timeout' })).toBe(1);
    expect(sampleValue(metrics, 'orders_dispatch_attempts_recorded_total', { partner: 'bolt', outcome: 'ok' })).toBe(1);
  });

  it('answers 404 batch_not_found for an unknown batch and records nothing', async () => {
    const orders = await start({ batch: { maxOrders: 1, windowMs: noFlush } });
    const dbsize = await orders.redis.dbsize();

    const attempt = await requestJson(`${orders.url}/batches/acme-999999/attempts`, { json: { attempt: 1, outcome: 'error' } });
    expect(attempt.status).toBe(404);
    expect(errorSchema.parse(attempt.body).error.code).toBe('batch_not_found');
    const read = await requestJson(`${orders.url}/batches/acme-999999`);
    expect(read.status).toBe(404);
    expect(errorSchema.parse(read.body).error.code).toBe('batch_not_found');

    expect(await orders.redis.exists(keys.attempts('acme-999999'))).toBe(0);
    expect(await orders.redis.dbsize()).toBe(dbsize);
  });
});
