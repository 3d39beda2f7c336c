import type { Redis } from 'ioredis';
import { z } from 'zod';
import { createRedis } from '../../services/kit/redis.js';
import { createPartnersApp, type PartnersApp } from '../../services/partners/app.js';
import { partnersDeploySchema, type PartnerSettings } from '../../services/partners/config.js';
import { serveForTest, testBase, type Started } from './apps.js';

export interface PartnersOverrides {
  seed?: number;
  partners?: Partial<Record<'acme' | 'bolt' | 'cargo', Partial<PartnerSettings>>>;
}

/**
 * partners through createPartnersApp with a real Redis, on port 0. Pass fixed delays
 * (minDelayMs = maxDelayMs) so tests never depend on a draw.
 */
export async function startPartners(redisUrl: string, deploy: PartnersOverrides = {}): Promise<Started<PartnersApp> & { redis: Redis }> {
  const { base, logs } = testBase('partners');
  const redis = createRedis({ url: redisUrl, log: base.log, connectionName: 'partners-test' });
  const app = createPartnersApp({ base, redis, config: { deploy: partnersDeploySchema.parse(deploy) } });
  // A test may have cut the connection on purpose to play a Redis outage.
  return { ...(await serveForTest(app, base, logs, async () => redis.status !== 'end' && redis.quit())), redis };
}

export const partnerTotalsSchema = z.object({
  shipments: z.number(),
  distinctBatches: z.number(),
  duplicateShipments: z.number(),
  duplicateItems: z.number(),
}).strict();

/** GET /ground-truth, parsed so a changed contract fails loudly. */
export const groundTruthSchema = z.object({
  partners: z.object({
    acme: partnerTotalsSchema.extend({ batches: z.record(z.string(), z.number()) }).strict(),
    bolt: partnerTotalsSchema.extend({ batches: z.record(z.string(), z.number()) }).strict(),
    cargo: partnerTotalsSchema.extend({ batches: z.record(z.string(), z.number()) }).strict(),
  }).strict(),
  totals: partnerTotalsSchema,
}).strict();

export type GroundTruthBody = z.infer<typeof groundTruthSchema>;

export const webhookAckSchema = z.object({
  status: z.enum(['shipped', 'duplicate_key']),
  partner: z.string(),
  batchId: z.string(),
  shipmentId: z.string(),
}).strict();

export async function readGroundTruth(url: string): Promise<GroundTruthBody> {
  const res = await fetch(`${url}/ground-truth`);
  if (res.status !== 200) throw new Error(`GET ${url}/ground-truth answered ${res.status}`);
  return groundTruthSchema.parse(await res.json());
}

/** A webhook body as the fulfillment dispatcher sends it: `itemCount` items over two lines. */
export function webhookBody(partner: string, batchId: string, opts: { attempt?: number; itemCount?: number } = {}) {
  const itemCount = opts.itemCount ?? 5;
  const first = Math.ceil(itemCount / 2);
  return {
    batchId,
    partner,
    attempt: opts.attempt ?? 1,
    orderIds: [`${batchId}-o1`, `${batchId}-o2`],
    items: [
      { sku: 'MUG-01', name: 'Pager Duty Mug', qty: first },
      ...(itemCount - first > 0 ? [{ sku: 'TEE-02', name: 'Blameless Postmortem Tee', qty: itemCount - first }] : []),
    ],
    itemCount,
  };
}
