import { z } from 'zod';
import { commonEnv, envVar, type Env } from '../../services/kit/config.js';
import type { CommonSettings } from '../../services/kit/service-base.js';
import { loadServiceConfig } from '../../services/kit/service-config.js';

/** `config/pager.yaml`: how the pager escalates. Defaults are the lab's on-call policy. */
export const pagerDeploySchema = z.object({
  escalateAfterMs: z.number().int().min(100).max(86_400_000).default(300_000)
    .describe('An incident still triggered (not acknowledged) this long after it opened, or after its last escalation, escalates to the next on-call.'),
  escalation: z.array(z.string().regex(/^[a-z][a-z0-9._-]*$/, 'expected a lowercase on-call name')).min(1)
    .default(['dan', 'kevin', 'alicia'])
    .describe('The escalation policy: the first name is paged when an incident opens, each later one on the next escalation.'),
}).strict();

export const pagerEnvSchema = z.object({
  ...commonEnv(8091),
  REDIS_URL: envVar.redisUrl('redis://127.0.0.1:6390/0'),
}).strict();

export type PagerDeployConfig = z.output<typeof pagerDeploySchema>;

export interface PagerConfig {
  settings: CommonSettings;
  redisUrl: string;
  deploy: PagerDeployConfig;
}

export function loadPagerConfig(env: Env): PagerConfig {
  const loaded = loadServiceConfig('pager', pagerEnvSchema, pagerDeploySchema, env);
  return Object.freeze({
    settings: loaded.settings,
    redisUrl: loaded.env.REDIS_URL,
    deploy: loaded.deploy,
  });
}
