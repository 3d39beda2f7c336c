import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestJson } from '../../test/support/http.js';
import { errorSchema } from '../../test/support/orders-api.js';
import { readGroundTruth, startPartners, webhookBody } from '../../test/support/partners.js';
import { sampleValue, scrape } from '../../test/support/prom.js';
import { freshRedisUrl } from '../../test/support/redis.js';

type Partners = Awaited<ReturnType<typeof startPartners>>;
let partners: Partners;

beforeAll(async () => {
  const fixed = { minDelayMs: 10, maxDelayMs: 10, workers: 2 };
  partners = await startPartners(await freshRedisUrl(), { partners: { acme: fixed, bolt: fixed, cargo: fixed } });
});

afterAll(async () => {
  await partners.stop();
});

async function partnerKeys(redis: Redis): Promise<string[]> {
  return (await redis.keys('partners:*')).sort();
}

const good = webhookBody('acme', 'acme-000001');
const { batchId: _omitted, ...withoutBatchId } = good;

const cases: Array<{ name: string; path: string; status: number; code: string; raw?: string; json?: unknown; headers?: Record<string, string> }> = [
  { name: 'malformed JSON', path: '/webhooks/acme', status: 400, code: 'invalid_json', raw: '{"batchId": "acme-1",' },
  { name: 'a missing batchId', path: '/webhooks/acme', status: 400, code: 'invalid_request', json: withoutBatchId },
  { name: 'attempt 0', path: '/webhooks/acme', status: 400, code: 'invalid_request', json: { ...good, attempt: 0 } },
  { name: 'a fractional qty', path: '/webhooks/acme', status: 400, code: 'invalid_request', json: { ...good, items: [{ sku: 'MUG-01', name: 'Mug', qty: 1.5 }] } },
  { name: 'an array body', path: '/webhooks/acme', status: 400, code: 'invalid_request', json: [good] },
  { name: 'a bad Idempotency-Key', path: '/webhooks/acme', status: 400, code: 'invalid_idempotency_key', json: good, headers: { 'idempotency-key': 'has space' } },
  { name: 'body.partner naming another partner', path: '/webhooks/acme', status: 400, code: 'partner_mismatch', json: { ...good, partner: 'bolt' } },
  { name: 'an unknown partner', path: '/webhooks/dhl', status: 404, code: 'unknown_partner', json: { ...good, partner: 'dhl' } },
];

describe('a rejected webhook ships nothing', () => {
  it.each(cases)('$name → $status $code', async ({ path, status, code, raw, json, headers }) => {
    const res = await requestJson(`${partners.url}${path}`, { method: 'POST', ...(raw !== undefined ? { raw } : { json }), ...(headers ? { headers } : {}) });
    expect(res.status).toBe(status);
    expect(errorSchema.parse(res.body).error.code).toBe(code);
  });

  it('left Redis and the ground truth untouched, and counted each rejection for its partner', async () => {
    expect(await partnerKeys(partners.redis)).toEqual([]);
    const truth = await readGroundTruth(partners.url);
    expect(truth.totals).toEqual({ shipments: 0, distinctBatches: 0, duplicateShipments: 0, duplicateItems: 0 });
    const metrics = await scrape(partners.url);
    expect(sampleValue(metrics, 'partners_webhooks_total', { partner: 'acme', result: 'rejected' })).toBe(cases.filter((c) => c.path === '/webhooks/acme').length);
    expect(sampleValue(metrics, 'partners_webhooks_total', { partner: 'acme', result: 'shipped' })).toBe(0);
    // An unknown partner name never becomes a label value.
    expect(metrics).not.toContain('partner="dhl"');
  });

  it('names the bad fields in the message', async () => {
    const res = await requestJson(`${partners.url}/webhooks/acme`, { json: { ...good, attempt: 0, orderIds: [] } });
    const { message } = errorSchema.parse(res.body).error;
    expect(message).toContain('attempt');
    expect(message).toContain('orderIds');
  });

  it('accepts a valid webhook with extra fields the sender added', async () => {
    const res = await requestJson(`${partners.url}/webhooks/acme`, { json: { ...good, sentAt: '2026-01-01T00:00:00Z' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'shipped', partner: 'acme', batchId: 'acme-000001' });
  });
});
