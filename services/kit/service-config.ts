import type { z } from 'zod';
import { loadConfig, type Env } from './config.js';
import { commonSettings, type CommonSettings } from './service-base.js';

/**
 * What every deployable's `loadXConfig` starts from: its env schema (which includes
 * commonEnv) and deploy schema parsed together, the deploy file read from
 * `<SERVICE>_CONFIG_FILE`, and the shared settings picked out.
 */
export function loadServiceConfig<E extends z.ZodType<Parameters<typeof commonSettings>[0]>, D extends z.ZodType>(
  service: string,
  envSchema: E,
  deploySchema: D,
  env: Env,
): { settings: CommonSettings; env: z.output<E>; deploy: z.output<D> } {
  const loaded = loadConfig({ service, envSchema, deploySchema, env, deployFileKey: 'CONFIG_FILE' });
  return { settings: Object.freeze(commonSettings(loaded.env)), env: loaded.env, deploy: loaded.deploy };
}
