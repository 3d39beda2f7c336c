import { z } from 'zod';
import { commonEnv, envVar, type Env } from '../kit/config.js';
import type { CommonSettings } from '../kit/service-base.js';
import { loadServiceConfig } from '../kit/service-config.js';

/** `config/storefront.yaml` in the shop repository. Defaults are the steady-state values. */
export const storefrontDeploySchema = z.object({
  breaker: z.object({
    timeoutMs: z.number().int().min(1).max(120_000).default(500)
      .describe('A call to orders slower than this counts as a failure.'),
    errorThresholdPercentage: z.number().min(1).max(100).default(50)
      .describe('Failure percentage within the rolling window that opens the breaker.'),
    volumeThreshold: z.number().int().min(0).max(10_000).default(10)
      .describe('Calls needed in the window before the breaker may open.'),
    resetTimeoutMs: z.number().int().min(100).max(600_000).default(15_000)
      .describe('How long the breaker stays open before a half-open probe.'),
    rollingWindowMs: z.number().int().min(1000).max(600_000).default(10_000)
      .describe('The window failures are counted over.'),
  }).strict().prefault({}),
}).strict();

export const storefrontEnvSchema = z.object({
  ...commonEnv(8080),
  ORDERS_URL: envVar.url().default('http://127.0.0.1:8081'),
  /** The HTTP client's own deadline: what a call costs when the breaker is disabled. */
  ORDERS_TIMEOUT_MS: envVar.int(10_000, 1),
}).strict();

export type StorefrontDeployConfig = z.output<typeof storefrontDeploySchema>;
export type BreakerConfig = StorefrontDeployConfig['breaker'];

export interface StorefrontConfig {
  settings: CommonSettings;
  ordersUrl: string;
  ordersTimeoutMs: number;
  deploy: StorefrontDeployConfig;
}

export function loadStorefrontConfig(env: Env): StorefrontConfig {
  const loaded = loadServiceConfig('storefront', storefrontEnvSchema, storefrontDeploySchema, env);
  return Object.freeze({
    settings: loaded.settings,
    ordersUrl: loaded.env.ORDERS_URL.replace(/\/+$/, ''),
    ordersTimeoutMs: loaded.env.ORDERS_TIMEOUT_MS,
    deploy: loaded.deploy,
  });
}
