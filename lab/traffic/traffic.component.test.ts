import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startOrders, startStorefront } from '../../test/support/apps.js';
import { requestJson } from '../../test/support/http.js';
import { orderSchema } from '../../test/support/orders-api.js';
import { until } from '../../test/support/poll.js';
import { sampleValue, samplesOf, scrape } from '../../test/support/prom.js';
import { promtoolProblems } from '../../test/support/promtool.js';
import { freshRedisUrl } from '../../test/support/redis.js';
import { startSeating } from '../../test/support/seating.js';
import { startTraffic } from '../../test/support/traffic-driver.js';
import type { TrafficStatus } from './app.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function started<T extends { stop(): Promise<void> }>(p: Promise<T>): Promise<T> {
  const s = await p;
  cleanups.unshift(() => s.stop());
  return s;
}

const status = async (url: string) => (await requestJson(`${url}/status`)).body as TrafficStatus;
const sum = (text: string, name: string, labels: Record<string, string> = {}) => samplesOf(text, name, labels).reduce((n, s) => n + s.value, 0);

describe('the traffic driver against the real shop', () => {
  it('completes sessions and checkouts worth exactly the orders it placed, buys and refunds tickets, polls orders', async () => {
    const orders = await started(startOrders(await freshRedisUrl()));
    const storefront = await started(startStorefront(orders.url));
    const seating = await started(startSeating(await freshRedisUrl(), { deploy: { rows: 2, seatsPerRow: 5, auditIntervalMs: 3_600_000 } }));
    const traffic = await started(startTraffic(
      { storefrontUrl: storefront.url, ordersUrl: orders.url, seatingUrl: seating.url },
      {
        shoppers: { sessionsPerSecond: 5, checkoutProbability: 1, repeatBuyerFraction: 0.2 },
        tickets: { buyersPerSecond: 5, refundFraction: 0.5, maxOccupancy: 0.5 },
        apiClients: { callsPerSecond: 5, orderFraction: 0.3 },
      },
    ));

    await until('checkouts, tickets, refunds and API calls', async () => {
      const { counts } = await status(traffic.url);
      return counts.checkouts.completed >= 5 && counts.tickets.assigned >= 5 && counts.tickets.refunded >= 3 && (counts.apiCalls['mobile_app 200'] ?? 0) >= 3 && (counts.apiCalls['mobile_app 201'] ?? 0) >= 2;
    }, { timeoutMs: 30_000 });
    await traffic.app.close();
    const metrics = await scrape(traffic.url);

    const completed = sampleValue(metrics, 'traffic_sessions_total', { outcome: 'completed' }) ?? 0;
    expect(completed).toBeGreaterThanOrEqual(5);
    expect(sampleValue(metrics, 'traffic_sessions_total', { outcome: 'blocked' })).toBe(0);
    expect(sampleValue(metrics, 'traffic_sessions_total', { outcome: 'abandoned' })).toBe(0);
    expect(sampleValue(metrics, 'traffic_session_duration_seconds_count', { outcome: 'completed' })).toBe(completed);
    expect(sum(metrics, 'traffic_requests_total', { target: 'storefront' })).toBe(sum(metrics, 'traffic_requests_total', { target: 'storefront', status: '200' }) + sum(metrics, 'traffic_requests_total', { target: 'storefront', status: '303' }));

    // Every order in the store was placed by the driver, through checkout or by the app;
    // the checkouts' totals are the ground truth of shopper value.
    const ids = (await orders.redis.keys('orders:order:*')).map((k) => k.slice('orders:order:'.length));
    const stored = await Promise.all(ids.map(async (id) => z.object({ order: orderSchema }).parse((await requestJson(`${orders.url}/orders/${id}`)).body).order));
    const byApp = stored.filter((o) => o.customer.name === 'App Customer');
    const placed = stored.filter((o) => o.customer.name !== 'App Customer');
    const checkouts = sampleValue(metrics, 'traffic_checkouts_total', { outcome: 'completed' });
    expect(checkouts).toBe(placed.length);
    expect(byApp.length).toBe(sampleValue(metrics, 'traffic_api_calls_total', { client: 'mobile_app', status: '201' }));
    // The app sends an Idempotency-Key with each order, as apps do: orders keeps one per order.
    expect((await orders.redis.keys('orders:idem:app-*')).length).toBe(byApp.length);
    expect(sampleValue(await scrape(storefront.url), 'storefront_checkouts_total', { outcome: 'completed' })).toBe(checkouts);
    expect(sampleValue(metrics, 'traffic_checkout_value_cents_total')).toBe(placed.reduce((n, o) => n + o.totalCents, 0));
    expect(placed.every((o) => o.customer.email.endsWith('@example.com'))).toBe(true);

    // Seating saw the same assignments and refunds the driver counted.
    const seatingMetrics = await scrape(seating.url);
    expect(sampleValue(metrics, 'traffic_tickets_total', { outcome: 'assigned' })).toBe(sampleValue(seatingMetrics, 'seating_assignments_total', { outcome: 'assigned' }));
    expect(sampleValue(metrics, 'traffic_tickets_total', { outcome: 'refunded' })).toBe(sampleValue(seatingMetrics, 'seating_refunds_total'));
    expect(sampleValue(metrics, 'traffic_tickets_total', { outcome: 'error' })).toBe(0);
    const seats = z.object({ taken: z.number() });
    let taken = 0;
    for (const event of ['keynote-2026', 'chaos-workshop-2026', 'postmortem-party-2026']) {
      taken += seats.parse((await requestJson(`${seating.url}/events/${event}/seats`)).body).taken;
    }
    expect(taken, 'the maps never fill').toBeLessThan(30);
    expect(taken).toBeLessThanOrEqual((await status(traffic.url)).heldTickets);

    expect(sampleValue(metrics, 'traffic_api_calls_total', { client: 'mobile_app', status: '200' })).toBeGreaterThanOrEqual(3);
    expect(samplesOf(metrics, 'traffic_api_calls_total').filter((s) => s.labels.status !== '200' && s.labels.status !== '201')).toEqual([]);
    expect(promtoolProblems(metrics)).toEqual([]);

    const final = await status(traffic.url);
    expect(final).toMatchObject({ service: 'traffic', seed: 7, rates: { sessionsPerSecond: 5, ticketBuyersPerSecond: 5, apiCallsPerSecond: 5 } });
    expect(final.counts.sessions.completed).toBe(completed);
    expect(final.counts.checkoutValueCents).toBe(sampleValue(metrics, 'traffic_checkout_value_cents_total'));
    expect(final.inFlight).toEqual({ shoppers: 0, tickets: 0, api_clients: 0 });
  });

  it('counts shoppers blocked while the storefront breaker is open, one per right-back page', async () => {
    const orders = await started(startOrders(await freshRedisUrl()));
    const storefront = await started(startStorefront(orders.url, { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 60_000, timeoutMs: 500 }));
    const traffic = await started(startTraffic(
      { storefrontUrl: storefront.url, ordersUrl: orders.url, seatingUrl: 'http://127.0.0.1:9' },
      { shoppers: { sessionsPerSecond: 5, checkoutProbability: 1 }, tickets: { buyersPerSecond: 0 }, apiClients: { callsPerSecond: 0 } },
    ));
    await until('a completed session', async () => (await status(traffic.url)).counts.sessions.completed >= 1, { timeoutMs: 20_000 });

    await orders.server.close();
    await until('blocked sessions', async () => (await status(traffic.url)).counts.sessions.blocked >= 3, { timeoutMs: 30_000 });
    await traffic.app.close();

    const metrics = await scrape(traffic.url);
    const blocked = sampleValue(metrics, 'traffic_sessions_total', { outcome: 'blocked' }) ?? 0;
    expect(blocked).toBeGreaterThanOrEqual(3);
    expect(sampleValue(metrics, 'traffic_requests_total', { target: 'storefront', status: '503' }), 'each right-back page ends one session').toBe(blocked);
    expect(sampleValue(metrics, 'traffic_sessions_total', { outcome: 'abandoned' }), 'the failures that opened the breaker').toBeGreaterThanOrEqual(1);
    const front = await scrape(storefront.url);
    expect(sampleValue(front, 'storefront_breaker_events_total', { breaker: 'orders', event: 'reject' })).toBeGreaterThanOrEqual(blocked);
    expect(sampleValue(front, 'storefront_breaker_state', { breaker: 'orders', state: 'open' })).toBe(1);
    expect(sampleValue(metrics, 'traffic_tickets_total', { outcome: 'assigned' })).toBe(0);
    expect(promtoolProblems(metrics)).toEqual([]);
  });
});
