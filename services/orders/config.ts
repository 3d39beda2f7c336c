import { z } from 'zod';
import { commonEnv, envVar, type Env } from '../kit/config.js';
import type { CommonSettings } from '../kit/service-base.js';
import { loadServiceConfig } from '../kit/service-config.js';

/** `config/orders.yaml` in the shop repository. Defaults are the steady-state values. */
export const ordersDeploySchema = z.object({
  poolSize: z.number().int().min(1).max(1024).default(4)
    .describe('Concurrent store sessions: the "connection pool" every Redis-touching request must take a slot from.'),
  poolQueueTimeoutMs: z.number().int().min(1).max(60_000).default(2000)
    .describe('How long a request waits for a pool slot before it is refused with 503 pool_exhausted.'),
  batch: z.object({
    maxOrders: z.number().int().min(1).max(1000).default(4).describe('A partner batch closes when it holds this many orders...'),
    windowMs: z.number().int().min(50).max(600_000).default(3000).describe('...or when its first order is this old.'),
  }).strict().prefault({}),
  partners: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lowercase partner name')).min(1)
    .default(['acme', 'bolt', 'cargo']).describe('Fulfillment partners orders are spread across.'),
}).strict();

export const ordersEnvSchema = z.object({
  ...commonEnv(8081),
  REDIS_URL: envVar.redisUrl('redis://127.0.0.1:6390/0'),
  STORE_LATENCY_MS: envVar.int(2),
}).strict();

export type OrdersDeployConfig = z.output<typeof ordersDeploySchema>;

export interface OrdersConfig {
  settings: CommonSettings;
  redisUrl: string;
  /**
   * Round trip added to every store query. Redis answers in microseconds; the pool models
   * the connection pool of the SQL database a real orders service has, whose queries take
   * milliseconds. This is a property of the environment, not a failure knob.
   */
  storeLatencyMs: number;
  deploy: OrdersDeployConfig;
}

export function loadOrdersConfig(env: Env): OrdersConfig {
  const loaded = loadServiceConfig('orders', ordersEnvSchema, ordersDeploySchema, env);
  return Object.freeze({
    settings: loaded.settings,
    redisUrl: loaded.env.REDIS_URL,
    storeLatencyMs: loaded.env.STORE_LATENCY_MS,
    deploy: loaded.deploy,
  });
}
