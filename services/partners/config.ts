import { z } from 'zod';
import { commonEnv, envVar, type Env } from '../kit/config.js';
import type { CommonSettings } from '../kit/service-base.js';
import { loadServiceConfig } from '../kit/service-config.js';

export const PARTNER_NAMES = ['acme', 'bolt', 'cargo'] as const;
export type PartnerName = (typeof PARTNER_NAMES)[number];

export function isPartnerName(name: string): name is PartnerName {
  return (PARTNER_NAMES as readonly string[]).includes(name);
}

/** One partner's warehouse: how long it takes to accept a batch, and how many it works on at once. */
export const partnerSettingsSchema = z.object({
  minDelayMs: z.number().int().min(0).max(600_000).default(1000)
    .describe('Shortest ack delay: the time from taking a webhook to answering it, after the batch shipped.'),
  maxDelayMs: z.number().int().min(0).max(600_000).default(4000)
    .describe('Longest ack delay; each webhook draws uniformly between minDelayMs and maxDelayMs.'),
  workers: z.number().int().min(1).max(1024).default(2)
    .describe('Webhooks processed at once; the rest wait in a first-in first-out queue.'),
}).strict().refine((p) => p.minDelayMs <= p.maxDelayMs, { message: 'minDelayMs must not exceed maxDelayMs', path: ['maxDelayMs'] });

export type PartnerSettings = z.output<typeof partnerSettingsSchema>;

/** `config/partners.yaml` in the shop repository. Defaults are the steady-state values. */
export const partnersDeploySchema = z.object({
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(42)
    .describe('Seeds the ack delay draws, so two runs with the same config see the same delays.'),
  partners: z.object({
    acme: partnerSettingsSchema.prefault({}),
    bolt: partnerSettingsSchema.prefault({}),
    cargo: partnerSettingsSchema.prefault({}),
  }).strict().prefault({}),
}).strict();

export const partnersEnvSchema = z.object({
  ...commonEnv(8083),
  REDIS_URL: envVar.redisUrl('redis://127.0.0.1:6390/0'),
}).strict();

export type PartnersDeployConfig = z.output<typeof partnersDeploySchema>;

export interface PartnersConfig {
  settings: CommonSettings;
  redisUrl: string;
  deploy: PartnersDeployConfig;
}

export function loadPartnersConfig(env: Env): PartnersConfig {
  const loaded = loadServiceConfig('partners', partnersEnvSchema, partnersDeploySchema, env);
  return Object.freeze({
    settings: loaded.settings,
    redisUrl: loaded.env.REDIS_URL,
    deploy: loaded.deploy,
  });
}
