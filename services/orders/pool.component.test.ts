import { afterEach, describe, expect, it } from 'vitest';
import type { OrdersDeployConfig } from './config.js';
import type { ErrorReport } from '../kit/error-report.js';
import { startOrders, type TestSignals } from '../../test/support/apps.js';
import { startCaptureServer } from '../../test/support/capture-server.js';
import { requestJson, type JsonResponse } from '../../test/support/http.js';
import { sampleValue, scrape } from '../../test/support/prom.js';
import { cartSchema, errorSchema } from '../../test/support/orders-api.js';
import { until } from '../../test/support/poll.js';
import { freshRedisUrl } from '../../test/support/redis.js';

type Orders = Awaited<ReturnType<typeof startOrders>>;

/** A batch window this long keeps the background flusher from taking pool slots mid-test. */
const noFlush = { maxOrders: 4, windowMs: 600_000 };
const running: Array<{ stop(): Promise<void> }> = [];

async function start(deploy: Partial<OrdersDeployConfig>, storeLatencyMs: number, signals: TestSignals = {}): Promise<Orders> {
  const orders = await startOrders(await freshRedisUrl(), { batch: noFlush, ...deploy }, storeLatencyMs, signals);
  running.push(orders);
  return orders;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((o) => o.stop()));
});

/** n concurrent cart reads (one store query each), tagged with x-request-id req-<i>. */
function readCarts(orders: Orders, n: number): Promise<JsonResponse[]> {
  return Promise.all(Array.from({ length: n }, (_, i) =>
    requestJson(`${orders.url}/carts/cart-${i}`, { headers: { 'x-request-id': `req-${i}` } })));
}

describe('the store pool under load', () => {
  it('refuses requests that wait past poolQueueTimeoutMs with 503 pool_exhausted, and says so in metrics and logs', async () => {
    const orders = await start({ poolSize: 2, poolQueueTimeoutMs: 30 }, 100);

    const results = await readCarts(orders, 20);

    const refused = results.filter((r) => r.status === 503);
    const served = results.filter((r) => r.status === 200);
    expect(refused.length).toBeGreaterThan(0);
    expect(served.length).toBeGreaterThanOrEqual(2);
    expect(refused.length + served.length).toBe(20);
    for (const r of refused) expect(errorSchema.parse(r.body).error.code).toBe('pool_exhausted');
    for (const r of served) cartSchema.parse(r.body);

    const metrics = await scrape(orders.url);
    expect(sampleValue(metrics, 'orders_pool_exhausted_total')).toBe(refused.length);
    // Every request is observed once: after its wait, whether it got a slot or gave up.
    expect(sampleValue(metrics, 'orders_pool_wait_seconds_count')).toBe(20);
    expect(sampleValue(metrics, 'orders_pool_wait_seconds_sum')).toBeGreaterThan(0);
    expect(sampleValue(metrics, 'orders_http_requests_total', { method: 'GET', route: '/carts/:cartId', status: '503' })).toBe(refused.length);

    const warnings = orders.logs.filter((r) => r.level === 'warn' && r.msg === 'pool exhausted');
    expect(warnings).toHaveLength(refused.length);
    for (const w of warnings) {
      expect(w).toMatchObject({ service: 'orders', size: 2, inUse: 2, waitedMs: expect.any(Number) });
      expect(w.route).toMatch(/^\/carts\/cart-\d+$/);
    }
    // Each warning is logged by the request that was refused.
    const refusedIds = refused.map((r) => r.headers.get('x-request-id')).sort();
    expect(warnings.map((w) => w.reqId).sort()).toEqual(refusedIds);
  });

  it('reports each refused request to the error tracker through the error middleware', async () => {
    const tracker = await startCaptureServer();
    running.push({ stop: () => tracker.close() });
    const orders = await start({ poolSize: 2, poolQueueTimeoutMs: 30 }, 100, { errorReportUrl: `${tracker.url}/api/errors` });

    const results = await readCarts(orders, 12);

    const refused = results.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    const reports = await until('a report per refusal', () =>
      (tracker.requests.length >= refused.length ? tracker.requests.map((r) => JSON.parse(r.body) as ErrorReport) : undefined));
    expect(reports).toHaveLength(refused.length);
    for (const r of reports) {
      expect(r).toMatchObject({ code: 'pool_exhausted', service: 'orders', level: 'error', context: { route: '/carts/:cartId', method: 'GET', status: 503 } });
      expect(r.message).toMatch(/^no store connection free within \d+ ms \(2\/2 in use/);
    }
    // Each report names the request that was refused.
    expect(reports.map((r) => r.context.requestId).sort()).toEqual(refused.map((r) => r.headers.get('x-request-id')).sort());
  });

  it('queues without refusing when the queue timeout is long enough', async () => {
    const orders = await start({ poolSize: 2, poolQueueTimeoutMs: 30_000 }, 50);

    const results = await readCarts(orders, 20);

    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 200));
    const metrics = await scrape(orders.url);
    expect(sampleValue(metrics, 'orders_pool_exhausted_total')).toBe(0);
    expect(sampleValue(metrics, 'orders_pool_wait_seconds_count')).toBe(20);
    expect(sampleValue(metrics, 'orders_pool_wait_seconds_sum')).toBeGreaterThan(0);
    expect(orders.logs.filter((r) => r.msg === 'pool exhausted')).toEqual([]);
  });

  it('warns once that the pool is saturated when requests queue, from a request that queued', async () => {
    const orders = await start({ poolSize: 2, poolQueueTimeoutMs: 2000 }, 100);

    const results = await readCarts(orders, 16);

    expect(results.every((r) => r.status === 200)).toBe(true);
    const saturated = orders.logs.filter((r) => r.level === 'warn' && String(r.msg).startsWith('pool saturated'));
    // Sixteen reads through two slots queue fourteen times; one warning stands for all of them.
    expect(saturated).toHaveLength(1);
    expect(saturated[0]).toMatchObject({ service: 'orders', size: 2, inUse: 2, queued: 1, maxWaitMs: expect.any(Number) });
    const served = new Set(results.map((r) => r.headers.get('x-request-id')));
    expect(served.has(saturated[0]?.reqId as string)).toBe(true);
  });

  it('shows held and queued slots on /metrics while requests are in flight', async () => {
    const orders = await start({ poolSize: 2, poolQueueTimeoutMs: 30_000 }, 1500);
    const idle = await scrape(orders.url);
    expect(sampleValue(idle, 'orders_pool_size')).toBe(2);
    expect(sampleValue(idle, 'orders_pool_in_use')).toBe(0);

    const inFlight = readCarts(orders, 3);
    await until('two held slots and one queued request', async () => {
      const metrics = await scrape(orders.url);
      return sampleValue(metrics, 'orders_pool_in_use') === 2 && sampleValue(metrics, 'orders_pool_waiting') === 1;
    }, { timeoutMs: 10_000, everyMs: 20 });

    expect((await inFlight).map((r) => r.status)).toEqual([200, 200, 200]);
    const metrics = await scrape(orders.url);
    expect(sampleValue(metrics, 'orders_pool_in_use')).toBe(0);
    expect(sampleValue(metrics, 'orders_pool_waiting')).toBe(0);
  });
});
