import { z } from 'zod';
import { commonEnv, envVar, type Env } from '../kit/config.js';
import type { CommonSettings } from '../kit/service-base.js';
import { loadServiceConfig } from '../kit/service-config.js';

/** `config/fulfillment.yaml` in the shop repository. Defaults are the steady-state values. */
export const fulfillmentDeploySchema = z.object({
  partnerTimeoutMs: z.number().int().min(50).max(120_000).default(10_000)
    .describe('How long one webhook POST may take before it counts as a timeout.'),
  sendIdempotencyKey: z.boolean().default(true)
    .describe('Send Idempotency-Key: batch-<id> so a partner can dedupe a retried batch.'),
  maxAttempts: z.number().int().min(1).max(50).default(3)
    .describe('Attempts per delivery before it is left pending for the re-drive.'),
  backoffMs: z.number().int().min(0).max(60_000).default(500)
    .describe('Wait before retry n is n × backoffMs.'),
  redriveAfterMs: z.number().int().min(100).max(3_600_000).default(5000)
    .describe('Pending deliveries idle longer than this are reclaimed and tried again.'),
  maxInFlight: z.number().int().min(1).max(10_000).default(64)
    .describe('Deliveries worked on at once.'),
  partners: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lowercase partner name')).min(1)
    .default(['acme', 'bolt', 'cargo']).describe('Partners with a webhook; a batch for any other is dead-lettered.'),
}).strict();

export const fulfillmentEnvSchema = z.object({
  ...commonEnv(8082),
  REDIS_URL: envVar.redisUrl('redis://127.0.0.1:6390/0'),
  ORDERS_URL: envVar.url().default('http://127.0.0.1:8081'),
  PARTNERS_URL: envVar.url().default('http://127.0.0.1:8083'),
  ORDERS_TIMEOUT_MS: envVar.int(5000, 1),
  /** The consumer name in the Redis consumer group; one per replica. */
  CONSUMER: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected 1-64 letters, digits, _ . or -').optional(),
}).strict();

export type FulfillmentDeployConfig = z.output<typeof fulfillmentDeploySchema>;

export interface FulfillmentConfig {
  settings: CommonSettings;
  redisUrl: string;
  ordersUrl: string;
  partnersUrl: string;
  ordersTimeoutMs: number;
  consumer: string | undefined;
  deploy: FulfillmentDeployConfig;
}

export function loadFulfillmentConfig(env: Env): FulfillmentConfig {
  const loaded = loadServiceConfig('fulfillment', fulfillmentEnvSchema, fulfillmentDeploySchema, env);
  return Object.freeze({
    settings: loaded.settings,
    redisUrl: loaded.env.REDIS_URL,
    ordersUrl: loaded.env.ORDERS_URL.replace(/\/+$/, ''),
    partnersUrl: loaded.env.PARTNERS_URL.replace(/\/+$/, ''),
    ordersTimeoutMs: loaded.env.ORDERS_TIMEOUT_MS,
    consumer: loaded.env.CONSUMER,
    deploy: loaded.deploy,
  });
}
