import { afterEach, describe, expect, it } from 'vitest';
import { requestJson } from '../../test/support/http.js';
import { readGroundTruth, startPartners, webhookAckSchema, webhookBody, type PartnersOverrides } from '../../test/support/partners.js';
import { until } from '../../test/support/poll.js';
import { sampleValue, scrape } from '../../test/support/prom.js';
import { freshRedisUrl } from '../../test/support/redis.js';

type Partners = Awaited<ReturnType<typeof startPartners>>;
const running: Partners[] = [];

/** Every partner acks after exactly `ackMs`, so no test depends on a draw. */
function fixed(ackMs: number, workers = 8): PartnersOverrides {
  const p = { minDelayMs: ackMs, maxDelayMs: ackMs, workers };
  return { partners: { acme: p, bolt: p, cargo: p } };
}

async function start(deploy: PartnersOverrides): Promise<Partners> {
  const partners = await startPartners(await freshRedisUrl(), deploy);
  running.push(partners);
  return partners;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
});

function post(partners: Partners, partner: string, body: unknown, init: { key?: string; signal?: AbortSignal } = {}): Promise<Response> {
  return fetch(`${partners.url}/webhooks/${partner}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(init.key ? { 'idempotency-key': init.key } : {}) },
    body: JSON.stringify(body),
    ...(init.signal ? { signal: init.signal } : {}),
  });
}

async function ack(res: Response) {
  expect(res.status).toBe(200);
  return webhookAckSchema.parse(await res.json());
}

async function webhooks(partners: Partners, partner: string, result: string): Promise<number | undefined> {
  return sampleValue(await scrape(partners.url), 'partners_webhooks_total', { partner, result });
}

describe('a partner dedupes only by Idempotency-Key', () => {
  it('ships the same batch twice when it comes twice without a key, and the ground truth counts the duplicate', async () => {
    const partners = await start(fixed(20));
    const body = webhookBody('acme', 'acme-000001', { itemCount: 7 });

    const first = await ack(await post(partners, 'acme', body));
    const second = await ack(await post(partners, 'acme', { ...body, attempt: 2 }));

    expect(first).toMatchObject({ status: 'shipped', partner: 'acme', batchId: 'acme-000001' });
    expect(second).toMatchObject({ status: 'shipped', partner: 'acme', batchId: 'acme-000001' });
    expect(second.shipmentId).not.toBe(first.shipmentId);

    const truth = await readGroundTruth(partners.url);
    expect(truth.partners.acme).toEqual({ shipments: 2, distinctBatches: 1, duplicateShipments: 1, duplicateItems: 7, batches: { 'acme-000001': 2 } });
    expect(truth.partners.bolt).toMatchObject({ shipments: 0, batches: {} });
    expect(truth.totals).toEqual({ shipments: 2, distinctBatches: 1, duplicateShipments: 1, duplicateItems: 7 });
    expect(await webhooks(partners, 'acme', 'shipped')).toBe(2);
    expect(partners.logs.filter((l) => l.msg === 'batch shipped again')).toEqual([
      expect.objectContaining({ level: 'warn', partner: 'acme', batchId: 'acme-000001', attempt: 2, timesShipped: 2, itemCount: 7 }),
    ]);
  });

  it('ships once when the same key comes twice, answering the repeat duplicate_key with the first shipment', async () => {
    const partners = await start(fixed(20));
    const body = webhookBody('bolt', 'bolt-000001', { itemCount: 3 });

    const first = await ack(await post(partners, 'bolt', body, { key: 'bolt-000001' }));
    const second = await ack(await post(partners, 'bolt', { ...body, attempt: 2 }, { key: 'bolt-000001' }));

    expect(first.status).toBe('shipped');
    expect(second).toEqual({ status: 'duplicate_key', partner: 'bolt', batchId: 'bolt-000001', shipmentId: first.shipmentId });
    const truth = await readGroundTruth(partners.url);
    expect(truth.partners.bolt).toEqual({ shipments: 1, distinctBatches: 1, duplicateShipments: 0, duplicateItems: 0, batches: { 'bolt-000001': 1 } });
    expect(await webhooks(partners, 'bolt', 'shipped')).toBe(1);
    expect(await webhooks(partners, 'bolt', 'duplicate_key')).toBe(1);
  });

  it('keeps keys per partner', async () => {
    const partners = await start(fixed(20));
    await ack(await post(partners, 'acme', webhookBody('acme', 'acme-000002'), { key: 'same-key' }));
    const other = await ack(await post(partners, 'cargo', webhookBody('cargo', 'cargo-000002'), { key: 'same-key' }));
    expect(other.status).toBe('shipped');
    expect((await readGroundTruth(partners.url)).totals.shipments).toBe(2);
  });
});

describe('a caller that gives up', () => {
  it('after the partner took the batch still caused a shipment, and a retry without a key ships it again', async () => {
    const partners = await start(fixed(1000));
    const acme = partners.app.partners.acme;
    const body = webhookBody('acme', 'acme-000009', { itemCount: 4 });

    // The caller's timeout fires while the partner holds the batch in its ack delay.
    const giveUp = async (attempt: number, shipments: number) => {
      const controller = new AbortController();
      const sent = post(partners, 'acme', { ...body, attempt }, { signal: controller.signal }).then(() => 'answered', (err: Error) => err.name);
      await until('the partner to ship the batch', async () => (await readGroundTruth(partners.url)).partners.acme.shipments === shipments, { everyMs: 10 });
      controller.abort();
      expect(await sent).toBe('AbortError');
    };

    await giveUp(1, 1);
    await giveUp(2, 2);

    await until('the workers to finish their ack delays', () => acme.queue.stats().busy === 0);
    const truth = await readGroundTruth(partners.url);
    expect(truth.partners.acme).toEqual({ shipments: 2, distinctBatches: 1, duplicateShipments: 1, duplicateItems: 4, batches: { 'acme-000009': 2 } });
    expect(await webhooks(partners, 'acme', 'shipped')).toBe(2);
    expect(await webhooks(partners, 'acme', 'caller_gone')).toBe(0);
    await until('both acks to find the caller gone', () => partners.logs.filter((l) => l.msg === 'caller gone before ack').length === 2);
  });

  it('while queued behind busy workers is dropped as caller_gone and ships nothing', async () => {
    const partners = await start(fixed(1000, 1));
    const acme = partners.app.partners.acme;

    const holding = post(partners, 'acme', webhookBody('acme', 'acme-000001'));
    await until('the only worker to be busy', () => acme.queue.stats().busy === 1);
    const controller = new AbortController();
    const abandoned = post(partners, 'acme', webhookBody('acme', 'acme-000002'), { signal: controller.signal }).then(() => 'answered', (err: Error) => err.name);
    await until('the second webhook to queue', () => acme.queue.stats().queued === 1);
    const behind = post(partners, 'acme', webhookBody('acme', 'acme-000003'));
    await until('the third webhook to queue', () => acme.queue.stats().queued === 2);
    const depth = await scrape(partners.url);
    expect(sampleValue(depth, 'partners_queue_depth', { partner: 'acme' })).toBe(2);
    expect(sampleValue(depth, 'partners_workers_busy', { partner: 'acme' })).toBe(1);
    controller.abort();
    expect(await abandoned).toBe('AbortError');

    expect((await ack(await holding)).batchId).toBe('acme-000001');
    expect((await ack(await behind)).batchId).toBe('acme-000003');
    expect(await webhooks(partners, 'acme', 'caller_gone')).toBe(1);
    expect(await webhooks(partners, 'acme', 'shipped')).toBe(2);
    const truth = await readGroundTruth(partners.url);
    expect(truth.partners.acme.batches).toEqual({ 'acme-000001': 1, 'acme-000003': 1 });
    expect(truth.partners.acme.shipments).toBe(2);
    expect(partners.logs).toContainEqual(expect.objectContaining({ msg: 'caller gone: webhook dropped', partner: 'acme', batchId: 'acme-000002' }));
  });
});

describe('ack delay', () => {
  it('holds the worker for the configured delay and records it', async () => {
    const partners = await start(fixed(300));
    const res = await requestJson(`${partners.url}/webhooks/cargo`, { json: webhookBody('cargo', 'cargo-000001') });
    expect(res.status).toBe(200);
    const metrics = await scrape(partners.url);
    expect(sampleValue(metrics, 'partners_ack_delay_seconds_count', { partner: 'cargo' })).toBe(1);
    expect(sampleValue(metrics, 'partners_ack_delay_seconds_sum', { partner: 'cargo' })).toBeCloseTo(0.3);
    expect(sampleValue(metrics, 'partners_ack_delay_seconds_bucket', { partner: 'cargo', le: '0.25' })).toBe(0);
    expect(sampleValue(metrics, 'partners_ack_delay_seconds_bucket', { partner: 'cargo', le: '0.5' })).toBe(1);
  });
});
