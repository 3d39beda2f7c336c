import { afterEach, describe, expect, it } from 'vitest';
import { requestJson } from '../../test/support/http.js';
import { readGroundTruth, startPartners, webhookAckSchema, webhookBody, type PartnersOverrides } from '../../test/support/partners.js';
import { sampleValue, scrape } from '../../test/support/prom.js';
import { promtoolProblems } from '../../test/support/promtool.js';
import { freshRedisUrl } from '../../test/support/redis.js';

type Partners = Awaited<ReturnType<typeof startPartners>>;
const running: Partners[] = [];
const fixed = { minDelayMs: 5, maxDelayMs: 5, workers: 4 };
const deploy: PartnersOverrides = { partners: { acme: fixed, bolt: fixed, cargo: fixed } };

async function start(redisUrl: string): Promise<Partners> {
  const partners = await startPartners(redisUrl, deploy);
  running.push(partners);
  return partners;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
});

async function send(partners: Partners, partner: string, batchId: string, itemCount: number, key?: string) {
  const res = await requestJson(`${partners.url}/webhooks/${partner}`, { json: webhookBody(partner, batchId, { itemCount }), ...(key ? { headers: { 'idempotency-key': key } } : {}) });
  expect(res.status).toBe(200);
  return webhookAckSchema.parse(res.body);
}

/** A small run: acme ships one batch three times, bolt one batch twice (one keyed repeat), cargo two batches once. */
async function ship(partners: Partners): Promise<void> {
  for (let i = 0; i < 3; i += 1) await send(partners, 'acme', 'acme-000001', 5);
  await send(partners, 'bolt', 'bolt-000001', 2, 'k1');
  await send(partners, 'bolt', 'bolt-000001', 2, 'k1');
  await send(partners, 'bolt', 'bolt-000001', 2);
  await send(partners, 'cargo', 'cargo-000001', 1);
  await send(partners, 'cargo', 'cargo-000002', 4);
}

const expected = {
  acme: { shipments: 3, distinctBatches: 1, duplicateShipments: 2, duplicateItems: 10, batches: { 'acme-000001': 3 } },
  bolt: { shipments: 2, distinctBatches: 1, duplicateShipments: 1, duplicateItems: 2, batches: { 'bolt-000001': 2 } },
  cargo: { shipments: 2, distinctBatches: 2, duplicateShipments: 0, duplicateItems: 0, batches: { 'cargo-000001': 1, 'cargo-000002': 1 } },
};

function groundTruthMetrics(exposition: string, partner: string) {
  return {
    shipments: sampleValue(exposition, 'partners_shipments_total', { partner }),
    distinctBatches: sampleValue(exposition, 'partners_distinct_batches', { partner }),
    duplicateShipments: sampleValue(exposition, 'partners_duplicate_shipments_total', { partner }),
    duplicateItems: sampleValue(exposition, 'partners_duplicate_items_total', { partner }),
  };
}

describe('the ground truth', () => {
  it('counts shipments, duplicates and duplicated items per partner and in total', async () => {
    const partners = await start(await freshRedisUrl());
    await ship(partners);
    const truth = await readGroundTruth(partners.url);
    expect(truth.partners).toEqual(expected);
    expect(truth.totals).toEqual({ shipments: 7, distinctBatches: 4, duplicateShipments: 3, duplicateItems: 12 });
  });

  it('is on /metrics as counters that pass promtool, equal to /ground-truth', async () => {
    const partners = await start(await freshRedisUrl());
    const empty = await scrape(partners.url);
    expect(promtoolProblems(empty)).toEqual([]);
    expect(groundTruthMetrics(empty, 'acme')).toEqual({ shipments: 0, distinctBatches: 0, duplicateShipments: 0, duplicateItems: 0 });
    expect(sampleValue(empty, 'partners_queue_depth', { partner: 'bolt' })).toBe(0);
    expect(sampleValue(empty, 'partners_workers_busy', { partner: 'bolt' })).toBe(0);

    await ship(partners);
    const exposition = await scrape(partners.url);
    expect(promtoolProblems(exposition)).toEqual([]);
    expect(exposition).toMatch(/^# TYPE partners_shipments_total counter$/m);
    expect(exposition).toMatch(/^# TYPE partners_duplicate_items_total counter$/m);
    const truth = await readGroundTruth(partners.url);
    for (const partner of ['acme', 'bolt', 'cargo'] as const) {
      const { batches: _batches, ...totals } = truth.partners[partner];
      expect(groundTruthMetrics(exposition, partner)).toEqual(totals);
    }
    expect(sampleValue(exposition, 'partners_webhooks_total', { partner: 'bolt', result: 'duplicate_key' })).toBe(1);
    expect(sampleValue(exposition, 'partners_http_requests_total', { method: 'POST', route: '/webhooks/:partner', status: '200' })).toBe(7 + 1);
  });

  it('survives a restart: a new app on the same Redis reports it and keeps counting duplicates', async () => {
    const redisUrl = await freshRedisUrl();
    const before = await start(redisUrl);
    await ship(before);
    const shipped = await readGroundTruth(before.url);
    await before.stop();
    running.splice(running.indexOf(before), 1);

    const after = await start(redisUrl);
    expect(await readGroundTruth(after.url)).toEqual(shipped);
    const exposition = await scrape(after.url);
    expect(groundTruthMetrics(exposition, 'acme')).toEqual({ shipments: 3, distinctBatches: 1, duplicateShipments: 2, duplicateItems: 10 });
    // Process counters start again from zero; the ground truth does not.
    expect(sampleValue(exposition, 'partners_webhooks_total', { partner: 'acme', result: 'shipped' })).toBe(0);

    const again = await send(after, 'cargo', 'cargo-000001', 1);
    expect(again.status).toBe('shipped');
    expect(await send(after, 'bolt', 'bolt-000001', 2, 'k1')).toMatchObject({ status: 'duplicate_key' });
    const truth = await readGroundTruth(after.url);
    expect(truth.partners.cargo).toMatchObject({ shipments: 3, duplicateShipments: 1, duplicateItems: 1, batches: { 'cargo-000001': 2, 'cargo-000002': 1 } });
    expect(truth.partners.bolt.shipments).toBe(2);
    // Shipment ids keep counting up, so one never names two shipments.
    expect(again.shipmentId).toBe('cargo-s0000003');
  });

  it('answers 503 ground_truth_unavailable when Redis is gone', async () => {
    const partners = await start(await freshRedisUrl());
    partners.redis.disconnect();
    const res = await requestJson(`${partners.url}/ground-truth`);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: { code: 'ground_truth_unavailable' } });
    const metrics = await fetch(`${partners.url}/metrics`);
    expect(metrics.status).toBe(200);
  });
});
