import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { readGroundTruth } from '../support/partners.js';
import { samplesOf, scrape } from '../support/prom.js';
import { recordFigures } from '../support/processes.js';
import { until } from '../support/poll.js';
import { cascadeProfile, perf812, perf812Reverted, startShop, type Shop } from '../support/shop.js';
import { apiClients, browse, checkoutOnce, placeApiOrders, type Loop } from '../support/traffic.js';

// The storefront-offline mechanism end to end, on real processes, real Redis and the
// partners' ground truth: no chaos runner yet, only deploys and flags as a person makes them.

const running: Array<{ shop: Shop; loops: Loop[] }> = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await Promise.all(r.loops.map((l) => l.stop()));
    await r.shop.stop();
  }
});

async function shopWithTraffic() {
  const shop = await startShop(cascadeProfile);
  const orderIds: string[] = [];
  const batchIds: string[] = [];
  const pages = browse(shop.url('storefront'), 5);
  const clients = apiClients(shop.url('orders'), { orderIds: () => orderIds, batchIds: () => batchIds }, 4);
  running.push({ shop, loops: [pages, clients] });
  return { shop, orderIds, batchIds, pages };
}

const breakerState = async (shop: Shop) =>
  samplesOf(await scrape(shop.url('storefront')), 'storefront_breaker_state', { breaker: 'orders' }).find((s) => s.value === 1)?.labels.state ?? 'unknown';
const duplicates = async (shop: Shop) => (await readGroundTruth(shop.url('partners'))).totals.duplicateShipments;
const pending = async (shop: Shop) => (await shop.metric('fulfillment', 'fulfillment_pending_deliveries')) + (await shop.metric('fulfillment', 'fulfillment_stream_lag'));
const poolBusy = async (shop: Shop) => shop.metric('orders', 'orders_pool_busy_seconds_total');

/** Ships PERF-812, then the mobile app's orders pile up as batches: the storm's fuel. */
async function startStorm(shop: Shop, orderIds: string[]) {
  await shop.deploy('fulfillment', perf812);
  orderIds.push(...(await placeApiOrders(shop.url('orders'), 120)));
  await until('the storefront breaker to open', async () => (await breakerState(shop)) === 'open', { timeoutMs: 90_000, everyMs: 250 });
}

async function expectRecovered(shop: Shop) {
  await until('orders to stop queueing', async () => (await shop.metric('orders', 'orders_pool_waiting')) === 0, { timeoutMs: 60_000, everyMs: 250 });
  await until('the breaker to close', async () => (await breakerState(shop)) === 'closed', { timeoutMs: 60_000, everyMs: 250 });
  await until('pages to answer 200', async () => (await fetch(`${shop.url('storefront')}/`)).status === 200, { timeoutMs: 30_000 });
  const settled = await duplicates(shop);
  await delay(6000);
  expect(await duplicates(shop), 'duplicate shipments kept growing after the fix').toBe(settled);
}

describe('steady config: 10 s timeout, idempotency keys on', () => {
  it('ships every batch exactly once while the pool stays at or under half its size', async () => {
    const { shop, orderIds } = await shopWithTraffic();
    const busy0 = await poolBusy(shop);
    const t0 = performance.now();
    for (let i = 0; i < 15; i += 1) {
      orderIds.push(await checkoutOnce(shop.url('storefront')));
      await delay(1000);
    }
    await until('every batch delivered', async () => (await pending(shop)) === 0 && (await shop.metricSum('orders', 'orders_batches_published_total')) >= 15, { timeoutMs: 60_000 });
    const utilisation = (await poolBusy(shop) - busy0) / ((performance.now() - t0) / 1000) / 2;
    recordFigures({ test: 'steady', utilisation });
    expect(utilisation).toBeLessThanOrEqual(0.5);

    const published = await shop.metricSum('orders', 'orders_batches_published_total');
    const truth = await readGroundTruth(shop.url('partners'));
    expect(published).toBe(15);
    expect(truth.totals).toMatchObject({ shipments: published, distinctBatches: published, duplicateShipments: 0, duplicateItems: 0 });
    expect(await shop.metricSum('fulfillment', 'fulfillment_webhook_attempts_total', { outcome: 'timeout' })).toBe(0);
  });
});

describe('PERF-812 (1.5 s timeout, keys off) and its revert', () => {
  it('storms: duplicates, climbing attempts, a saturated pool, a breaker open ≥ 90 % of 3 minutes without checkouts; the revert drains it', async () => {
    const { shop, orderIds, batchIds } = await shopWithTraffic();
    await startStorm(shop, orderIds);
    // Three minutes with no checkout at all: only page views, API clients and the re-drive.
    const dup0 = await duplicates(shop);
    const exhausted0 = await shop.metric('orders', 'orders_pool_exhausted_total');
    const attempts0 = await shop.metricSum('fulfillment', 'fulfillment_webhook_attempts_total');
    let samples = 0;
    let open = 0;
    const end = Date.now() + 180_000;
    while (Date.now() < end) {
      samples += 1;
      if ((await breakerState(shop)) === 'open') open += 1;
      await delay(500);
    }
    recordFigures({ test: 'storm', openFraction: open / samples, samples, duplicates: (await duplicates(shop)) - dup0 });
    expect(open / samples).toBeGreaterThanOrEqual(0.9);
    expect(await duplicates(shop)).toBeGreaterThan(dup0 + 100);
    expect(await shop.metricSum('fulfillment', 'fulfillment_webhook_attempts_total')).toBeGreaterThan(attempts0 + 100);
    expect(await shop.metric('orders', 'orders_pool_exhausted_total')).toBeGreaterThan(exhausted0);
    expect(shop.svc.orders.logs.some((l) => l.msg === 'pool exhausted' && l.level === 'warn')).toBe(true);
    const truth = await readGroundTruth(shop.url('partners'));
    expect(truth.totals.duplicateItems).toBeGreaterThanOrEqual(truth.totals.duplicateShipments);
    batchIds.push(...Object.keys(truth.partners.acme?.batches ?? {}));

    await shop.deploy('fulfillment', perf812Reverted);
    await until('the backlog to drain', async () => (await pending(shop)) === 0, { timeoutMs: 120_000, everyMs: 500 });
    await expectRecovered(shop);
  }, 480_000);
});

describe('the other ways out, and a trap', () => {
  it('pausing dispatch by flag stops the storm', async () => {
    const { shop, orderIds } = await shopWithTraffic();
    await startStorm(shop, orderIds);
    shop.setFlag('fulfillmentDispatchPaused', true);
    await until('fulfillment to pause', async () => (await shop.metric('fulfillment', 'fulfillment_dispatch_paused')) === 1, { timeoutMs: 20_000 });
    await expectRecovered(shop);
    expect(await pending(shop)).toBeGreaterThan(0);
  });

  it('raising the orders pool alone does not stop duplicates from growing', async () => {
    const { shop, orderIds } = await shopWithTraffic();
    await startStorm(shop, orderIds);
    await shop.deploy('orders', { poolSize: 64 });
    const before = await duplicates(shop);
    await until('duplicates to keep growing on the bigger pool', async () => (await duplicates(shop)) > before + 50, { timeoutMs: 60_000, everyMs: 1000 });
    expect(await pending(shop)).toBeGreaterThan(0);
  });
});
