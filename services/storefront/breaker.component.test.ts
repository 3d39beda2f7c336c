import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorReport } from '../kit/error-report.js';
import { startServer } from '../kit/server.js';
import { startOrders, startStorefront, type TestSignals } from '../../test/support/apps.js';
import { startCaptureServer } from '../../test/support/capture-server.js';
import { createBrowser } from '../../test/support/browser.js';
import { until } from '../../test/support/poll.js';
import { sampleValue, samplesOf, scrape } from '../../test/support/prom.js';
import { freshRedisUrl } from '../../test/support/redis.js';
import type { BreakerState } from './metrics.js';

type Orders = Awaited<ReturnType<typeof startOrders>>;

const RIGHT_BACK = 'We’ll be right back';
const seedFlags = new URL('../../lab/shop-seed/flags.json', import.meta.url);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function orders(deploy: Parameters<typeof startOrders>[1], storeLatencyMs: number): Promise<Orders> {
  const started = await startOrders(await freshRedisUrl(), deploy, storeLatencyMs);
  cleanups.push(started.stop);
  return started;
}

async function storefront(ordersUrl: string, breaker: Record<string, number>, flagsFile?: string, signals: TestSignals = {}) {
  const started = await startStorefront(ordersUrl, breaker, flagsFile, signals);
  cleanups.push(started.stop);
  return started;
}

/** Takes orders off the network (its port refuses connections) until `back()`. */
async function takeDown(o: Orders): Promise<{ back(): Promise<void> }> {
  const { port } = o.server;
  await o.server.close();
  return {
    back: async () => {
      const revived = await startServer(o.app.express, { port, host: '127.0.0.1', log: o.base.log, shutdownTimeoutMs: 5000 });
      cleanups.push(revived.close);
    },
  };
}

/** A copy of the seed flags file with storefrontBreakerEnabled set to `variant`. */
async function flagsFile(variant: 'on' | 'off'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'storefront-flags-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const flags = JSON.parse(await readFile(seedFlags, 'utf8')) as { flags: Record<string, { defaultVariant: string }> };
  const flag = flags.flags.storefrontBreakerEnabled;
  if (!flag) throw new Error('the seed flags file has no storefrontBreakerEnabled');
  flag.defaultVariant = variant;
  const file = join(dir, 'flags.json');
  await writeFile(file, JSON.stringify(flags, null, 2));
  return file;
}

/** The one state storefront_breaker_state reports at 1; fails unless there is exactly one. */
async function breakerState(url: string): Promise<BreakerState> {
  const on = samplesOf(await scrape(url), 'storefront_breaker_state', { breaker: 'orders' }).filter((s) => s.value === 1);
  if (on.length !== 1) throw new Error(`expected exactly one breaker state at 1, got ${JSON.stringify(on)}`);
  return on[0]?.labels.state as BreakerState;
}

async function breakerEvents(url: string, event: string): Promise<number> {
  return sampleValue(await scrape(url), 'storefront_breaker_events_total', { breaker: 'orders', event }) ?? 0;
}

async function load(url: string): Promise<{ status: number; text: string; retryAfter: string | null }> {
  const res = await fetch(url);
  return { status: res.status, text: await res.text(), retryAfter: res.headers.get('retry-after') };
}

/** Waves of concurrent page loads until the breaker reports open; bounded, never endless. */
async function loadUntilOpen(url: string, path: string, concurrency: number, maxWaves = 40): Promise<number[]> {
  const statuses: number[] = [];
  for (let wave = 0; wave < maxWaves; wave += 1) {
    const pages = await Promise.all(Array.from({ length: concurrency }, () => load(`${url}${path}`)));
    statuses.push(...pages.map((p) => p.status));
    if ((await breakerState(url)) === 'open') return statuses;
  }
  throw new Error(`breaker not open after ${maxWaves} waves of ${concurrency}; statuses ${statuses.join(',')}`);
}

/** What a shopper sees while the breaker is open. */
async function expectRightBack(url: string, resetTimeoutMs: number): Promise<void> {
  const rejectsBefore = await breakerEvents(url, 'reject');
  const page = await load(`${url}/`);
  expect(page.status).toBe(503);
  expect(page.text).toContain(RIGHT_BACK);
  expect(page.retryAfter).toBe(String(Math.ceil(resetTimeoutMs / 1000)));
  expect(await breakerEvents(url, 'reject'), 'short-circuited, not sent to orders').toBeGreaterThan(rejectsBefore);
}

/** With no traffic the reset timer half-opens the breaker; the next page load is the probe that closes it. */
async function expectRecovery(url: string): Promise<void> {
  await until('breaker to half-open', async () => (await breakerState(url)) === 'half_open', { timeoutMs: 15_000 });
  await until('breaker to close', async () => {
    await load(`${url}/cart`);
    return (await breakerState(url)) === 'closed';
  }, { timeoutMs: 15_000 });
  expect(await breakerEvents(url, 'half_open')).toBeGreaterThanOrEqual(1);
  expect(await breakerEvents(url, 'close')).toBeGreaterThanOrEqual(1);
  const home = await load(`${url}/`);
  expect(home.status).toBe(200);
  expect(home.text).toContain('data-testid="cart-count"');
}

describe('the orders breaker', () => {
  const breaker = { volumeThreshold: 4, errorThresholdPercentage: 50, resetTimeoutMs: 1500, timeoutMs: 500 };

  it('opens when concurrent shoppers saturate the orders pool, shows the right-back page, and closes once orders recovers', async () => {
    const o = await orders({ poolSize: 1, poolQueueTimeoutMs: 20 }, 150);
    const s = await storefront(o.url, breaker);
    expect((await load(`${s.url}/`)).status).toBe(200);
    expect(await breakerState(s.url)).toBe('closed');

    const statuses = await loadUntilOpen(s.url, '/cart', 8);
    expect(statuses, 'pool_exhausted from orders shows as 502 before the breaker opens').toContain(502);
    expect(sampleValue(await scrape(o.url), 'orders_pool_exhausted_total'), 'the real pool refused requests').toBeGreaterThan(0);
    expect(await breakerEvents(s.url, 'open')).toBe(1);

    await expectRightBack(s.url, breaker.resetTimeoutMs);
    const shopper = createBrowser(s.url);
    const blockedBefore = sampleValue(await scrape(s.url), 'storefront_checkouts_total', { outcome: 'blocked' }) ?? 0;
    const checkout = await shopper.postForm('/checkout', { name: 'Ada', email: 'ada@example.com', idempotencyKey: 'key-12345678' });
    expect(checkout.status).toBe(503);
    expect(checkout.text).toContain(RIGHT_BACK);
    expect(sampleValue(await scrape(s.url), 'storefront_checkouts_total', { outcome: 'blocked' })).toBe(blockedBefore + 1);

    await expectRecovery(s.url);
  });

  it('opens when orders is gone, and closes when it is back', async () => {
    const o = await orders({}, 0);
    const s = await storefront(o.url, breaker);
    expect((await load(`${s.url}/`)).status).toBe(200);

    const outage = await takeDown(o);
    const statuses = await loadUntilOpen(s.url, '/', 2);
    expect(statuses).toContain(502);
    await expectRightBack(s.url, breaker.resetTimeoutMs);

    await outage.back();
    await expectRecovery(s.url);
  });

  it('reports the failed pages and then the breaker-open 503s to the error tracker', async () => {
    const tracker = await startCaptureServer();
    cleanups.push(() => tracker.close());
    const o = await orders({}, 0);
    const s = await storefront(o.url, breaker, undefined, { errorReportUrl: `${tracker.url}/api/errors` });
    await takeDown(o);
    const statuses = await loadUntilOpen(s.url, '/cart', 2);
    await expectRightBack(s.url, breaker.resetTimeoutMs);

    const failures = statuses.filter((x) => x >= 500).length + 1;
    const reports = await until('a report per failed page', () =>
      (tracker.requests.length >= failures ? tracker.requests.map((r) => JSON.parse(r.body) as ErrorReport) : undefined));
    expect(reports).toHaveLength(failures);
    expect(reports.every((r) => r.service === 'storefront')).toBe(true);
    const unreachable = reports.filter((r) => r.code === 'upstream_unreachable');
    expect(unreachable).toHaveLength(statuses.filter((x) => x === 502).length);
    const open = reports.filter((r) => r.code === 'breaker_open');
    expect(open.length).toBe(statuses.filter((x) => x === 503).length + 1);
    for (const r of open) {
      // The report names opossum's own rejection, under the storefront's error code.
      expect(r).toMatchObject({ type: 'Error', context: { status: 503, method: 'GET' } });
      expect(r.message).toBe(`orders circuit breaker is open; retrying in up to ${Math.ceil(breaker.resetTimeoutMs / 1000)} s: Breaker is open`);
      expect(['/cart', '/']).toContain(r.context.route);
    }
  });

  it('opens when orders answers slower than timeoutMs, after 504 orders_timeout pages', async () => {
    const o = await orders({}, 300);
    const s = await storefront(o.url, { ...breaker, timeoutMs: 100 }, await flagsFile('on'));
    const first = await load(`${s.url}/cart`);
    expect(first.status).toBe(504);
    expect(first.text).toContain('orders_timeout');

    await loadUntilOpen(s.url, '/cart', 2);
    expect(await breakerEvents(s.url, 'timeout')).toBeGreaterThanOrEqual(2);
    await expectRightBack(s.url, breaker.resetTimeoutMs);
  });
});

describe('flag storefrontBreakerEnabled off', () => {
  it('reports the breaker disabled and calls orders directly: no breaker timeout, no opening', async () => {
    const o = await orders({}, 300);
    const s = await storefront(o.url, { volumeThreshold: 4, errorThresholdPercentage: 50, resetTimeoutMs: 1500, timeoutMs: 100 }, await flagsFile('off'));
    const cartsServed = async () => sampleValue(await scrape(o.url), 'orders_http_requests_total', { method: 'GET', route: '/carts/:cartId', status: '200' }) ?? 0;

    for (let i = 0; i < 6; i += 1) {
      const page = await load(`${s.url}/cart`);
      expect(page.status, 'orders is slower than the breaker timeout, and nobody times it out').toBe(200);
    }
    expect(await breakerState(s.url)).toBe('disabled');
    expect(await cartsServed()).toBe(6);
    expect(samplesOf(await scrape(s.url), 'storefront_breaker_events_total'), 'no call went through the breaker').toEqual([]);

    await takeDown(o);
    for (let i = 0; i < 8; i += 1) {
      const page = await load(`${s.url}/cart`);
      expect(page.status).toBe(502);
      expect(page.text).not.toContain(RIGHT_BACK);
      expect(page.retryAfter).toBeNull();
    }
    expect(await breakerState(s.url)).toBe('disabled');
    expect(samplesOf(await scrape(s.url), 'storefront_breaker_events_total')).toEqual([]);
  });
});
