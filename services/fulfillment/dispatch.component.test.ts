import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startOrders } from '../../test/support/apps.js';
import { startCaptureServer } from '../../test/support/capture-server.js';
import { flagsFile, startFulfillment } from '../../test/support/fulfillment.js';
import { readGroundTruth, startPartners } from '../../test/support/partners.js';
import { until } from '../../test/support/poll.js';
import { sampleValue, samplesOf, scrape } from '../../test/support/prom.js';
import { promtoolProblems } from '../../test/support/promtool.js';
import { freshRedisUrl } from '../../test/support/redis.js';
import type { ErrorReport } from '../kit/error-report.js';
import { BATCH_STREAM } from '../orders/keys.js';
import { DEAD_LETTER_STREAM, GROUP } from './stream.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const fixed = (ms: number) => ({ minDelayMs: ms, maxDelayMs: ms, workers: 8 });

/** orders (one order per batch), partners with a fixed ack delay, and a Redis client for looking. */
async function shop(ackMs: number) {
  const redisUrl = await freshRedisUrl();
  const orders = await startOrders(redisUrl, { batch: { maxOrders: 1, windowMs: 60_000 } });
  const partners = await startPartners(redisUrl, { partners: { acme: fixed(ackMs), bolt: fixed(ackMs), cargo: fixed(ackMs) } });
  const redis = new Redis(redisUrl);
  cleanups.push(async () => {
    redis.disconnect();
    await partners.stop();
    await orders.stop();
  });
  const placeOrders = async (n: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 1) {
      const res = await fetch(`${orders.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customer: { name: 'Ada', email: 'ada@example.com' }, items: [{ sku: 'MUG-01', qty: 2 }] }),
      });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { order: { id: string } }).order.id);
    }
    return ids;
  };
  const batchIds = async () => (await redis.xrange(BATCH_STREAM, '-', '+')).map(([, f]) => f[f.indexOf('batchId') + 1] ?? '');
  const attemptsOf = async (batchId: string) =>
    ((await (await fetch(`${orders.url}/batches/${batchId}`)).json()) as { batch: { attempts: number } }).batch.attempts;
  return { redisUrl, orders, partners, redis, placeOrders, batchIds, attemptsOf };
}

async function fulfillment(s: Awaited<ReturnType<typeof shop>>, deploy: Parameters<typeof startFulfillment>[0]['deploy'], flagsPath?: string, errorReportUrl?: string) {
  const f = await startFulfillment({
    redisUrl: s.redisUrl, ordersUrl: s.orders.url, partnersUrl: s.partners.url, deploy, ...(flagsPath ? { flagsPath } : {}), ...(errorReportUrl ? { signals: { errorReportUrl } } : {}),
  });
  cleanups.unshift(() => f.stop());
  return f;
}

const pendingCount = async (redis: Redis) => Number(((await redis.xpending(BATCH_STREAM, GROUP)) as [number])[0]);

describe('the dispatcher with the steady config', () => {
  it('ships every batch exactly once, records one attempt each, and acknowledges them', async () => {
    const s = await shop(100);
    await s.placeOrders(6);
    const f = await fulfillment(s, { partnerTimeoutMs: 2000, sendIdempotencyKey: true });
    await until('all six batches shipped', async () => (await readGroundTruth(s.partners.url)).totals.shipments === 6);
    await until('nothing pending', async () => (await pendingCount(s.redis)) === 0);
    const truth = await readGroundTruth(s.partners.url);
    expect(truth.totals).toMatchObject({ shipments: 6, distinctBatches: 6, duplicateShipments: 0, duplicateItems: 0 });
    for (const id of await s.batchIds()) expect(await s.attemptsOf(id)).toBe(1);
    const metrics = await scrape(f.url);
    expect(samplesOf(metrics, 'fulfillment_webhook_attempts_total', { outcome: 'ok' }).reduce((n, x) => n + x.value, 0)).toBe(6);
    expect(sampleValue(metrics, 'fulfillment_pending_deliveries')).toBe(0);
    expect(promtoolProblems(metrics)).toEqual([]);
  });
});

describe('a timeout shorter than the partners take', () => {
  it('without keys: partners ship the same batch again, attempts climb, and the re-drive keeps trying', async () => {
    const s = await shop(400);
    await s.placeOrders(2);
    const f = await fulfillment(s, { partnerTimeoutMs: 150, sendIdempotencyKey: false, maxAttempts: 2, backoffMs: 10, redriveAfterMs: 300 });
    await until('duplicate shipments', async () => (await readGroundTruth(s.partners.url)).totals.duplicateShipments >= 6, { timeoutMs: 30_000 });
    await until('a re-drive', async () => (samplesOf(await scrape(f.url), 'fulfillment_redrives_total').reduce((n, x) => n + x.value, 0)) > 0, { timeoutMs: 30_000 });
    const [first] = await s.batchIds();
    const before = await s.attemptsOf(first ?? '');
    await until('attempts on one batch to keep climbing', async () => (await s.attemptsOf(first ?? '')) > before + 2, { timeoutMs: 30_000 });
    expect(await pendingCount(s.redis)).toBe(2);
    const truth = await readGroundTruth(s.partners.url);
    expect(truth.totals.duplicateItems).toBe(truth.totals.duplicateShipments * 2);
    expect(f.logs.some((l) => l.msg === 'webhook timed out' && l.level === 'warn' && l.timeoutMs === 150)).toBe(true);
  });

  it('reports every timed-out attempt to the error tracker, with the batch, partner and attempt', async () => {
    const tracker = await startCaptureServer();
    cleanups.push(() => tracker.close());
    const s = await shop(400);
    await s.placeOrders(2);
    // Two attempts each and the re-drive 12 s away: four timeouts, then quiet. (Not further: stop()
    // waits out the re-drive loop's sleep of redriveAfterMs / 2.)
    const f = await fulfillment(s, { partnerTimeoutMs: 150, sendIdempotencyKey: true, maxAttempts: 2, backoffMs: 10, redriveAfterMs: 12_000 }, undefined, `${tracker.url}/api/errors`);
    const timeouts = async () => samplesOf(await scrape(f.url), 'fulfillment_webhook_attempts_total', { outcome: 'timeout' }).reduce((n, x) => n + x.value, 0);
    await until('four timed-out attempts', async () => (await timeouts()) === 4, { timeoutMs: 30_000 });
    const reports = await until('four error reports', () => (tracker.requests.length >= 4 ? tracker.requests.map((r) => JSON.parse(r.body) as ErrorReport) : undefined));
    expect(tracker.requests.every((r) => r.method === 'POST' && r.path === '/api/errors')).toBe(true);
    expect(reports).toHaveLength(4);
    for (const r of reports) {
      expect(r).toMatchObject({ type: 'TimeoutError', code: 'upstream_timeout', service: 'fulfillment', level: 'error', context: { timeoutMs: 150 } });
      expect(r.message).toContain('partners did not answer within 150 ms');
    }
    const batchIds = await s.batchIds();
    const reported = reports.map((r) => `${String(r.context.batchId)}#${String(r.context.attempt)}`).sort();
    expect(reported).toEqual(batchIds.flatMap((id) => [`${id}#1`, `${id}#2`]).sort());
    const partnerOf = new Map((await s.redis.xrange(BATCH_STREAM, '-', '+')).map(([, fields]) => [fields[fields.indexOf('batchId') + 1], fields[fields.indexOf('partner') + 1]]));
    for (const r of reports) expect(r.context.partner).toBe(partnerOf.get(String(r.context.batchId)));
    expect(await timeouts()).toBe(4);
  });

  it('with keys: attempts still time out, but each partner ships each batch once', async () => {
    const s = await shop(400);
    await s.placeOrders(2);
    const f = await fulfillment(s, { partnerTimeoutMs: 150, sendIdempotencyKey: true, maxAttempts: 2, backoffMs: 10, redriveAfterMs: 300 });
    await until('several timed-out attempts', async () =>
      (samplesOf(await scrape(f.url), 'fulfillment_webhook_attempts_total', { outcome: 'timeout' }).reduce((n, x) => n + x.value, 0)) >= 6, { timeoutMs: 30_000 });
    const truth = await readGroundTruth(s.partners.url);
    expect(truth.totals).toMatchObject({ shipments: 2, distinctBatches: 2, duplicateShipments: 0 });
  });
});

describe('the pause flag', () => {
  it('stops dispatch while fulfillmentDispatchPaused is on and resumes when it is off', async () => {
    const s = await shop(50);
    const flags = flagsFile();
    flags.set('fulfillmentDispatchPaused', true);
    const f = await fulfillment(s, { partnerTimeoutMs: 2000 }, flags.path);
    await until('the dispatcher to report paused', async () => sampleValue(await scrape(f.url), 'fulfillment_dispatch_paused') === 1);
    await s.placeOrders(3);
    await until('the batches to wait on the stream', async () => sampleValue(await scrape(f.url), 'fulfillment_stream_lag') === 3);
    expect((await readGroundTruth(s.partners.url)).totals.shipments).toBe(0);
    flags.set('fulfillmentDispatchPaused', false);
    await until('all three shipped after the flag is off', async () => (await readGroundTruth(s.partners.url)).totals.shipments === 3, { timeoutMs: 30_000 });
  });
});

describe('a batch for a partner nobody knows', () => {
  it('is dead-lettered with a clear error, and the other batches are still delivered', async () => {
    const s = await shop(50);
    await s.redis.xadd(BATCH_STREAM, '*', 'batchId', 'zulu-000001', 'partner', 'zulu', 'orders', '1');
    await s.placeOrders(3);
    const f = await fulfillment(s, { partnerTimeoutMs: 2000 });
    await until('the known batches shipped', async () => (await readGroundTruth(s.partners.url)).totals.shipments === 3);
    await until('nothing pending', async () => (await pendingCount(s.redis)) === 0);
    const dead = await s.redis.xrange(DEAD_LETTER_STREAM, '-', '+');
    expect(dead).toHaveLength(1);
    expect(dead[0]?.[1]).toEqual(expect.arrayContaining(['batchId', 'zulu-000001', 'partner', 'zulu', 'reason', 'unknown partner "zulu"']));
    expect(f.logs.find((l) => l.level === 'error' && l.batchId === 'zulu-000001')?.msg).toMatch(/unknown partner/);
  });
});
