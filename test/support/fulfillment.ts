import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createFlags } from '../../services/kit/flags.js';
import { createRedis } from '../../services/kit/redis.js';
import { createFulfillmentApp, type FulfillmentApp } from '../../services/fulfillment/app.js';
import { fulfillmentDeploySchema, type FulfillmentDeployConfig } from '../../services/fulfillment/config.js';
import { serveForTest, testBase, type Started, type TestSignals } from './apps.js';
import { root } from './processes.js';

/** A private copy of the seed flags file, with a setter that rewrites it as a person would. */
export function flagsFile(): { path: string; set(flag: string, on: boolean): void } {
  const path = join(mkdtempSync(join(tmpdir(), 'firedrill-flags-')), 'flags.json');
  copyFileSync(join(root, 'lab', 'shop-seed', 'flags.json'), path);
  return {
    path,
    set(flag, on) {
      const doc = JSON.parse(readFileSync(path, 'utf8')) as { flags: Record<string, { defaultVariant: string }> };
      const entry = doc.flags[flag];
      if (!entry) throw new Error(`no flag ${flag}`);
      entry.defaultVariant = on ? 'on' : 'off';
      writeFileSync(path, JSON.stringify(doc, null, 2));
    },
  };
}

/** fulfillment through createFulfillmentApp with a real Redis, real orders and partners URLs, on port 0. */
export async function startFulfillment(opts: {
  redisUrl: string;
  ordersUrl: string;
  partnersUrl: string;
  deploy?: Partial<FulfillmentDeployConfig>;
  flagsPath?: string;
  consumer?: string;
  signals?: TestSignals;
}): Promise<Started<FulfillmentApp> & { redis: Redis }> {
  const { base, logs } = testBase('fulfillment', opts.signals);
  const redis = createRedis({ url: opts.redisUrl, log: base.log, connectionName: 'fulfillment-test' });
  const reader = createRedis({ url: opts.redisUrl, log: base.log, connectionName: 'fulfillment-test-reader' });
  const flags = await createFlags({ file: opts.flagsPath, domain: `fulfillment-test-${Math.random()}`, log: base.log });
  const app = await createFulfillmentApp({
    base, redis, reader, flags,
    consumer: opts.consumer ?? 'test-consumer',
    blockMs: 200,
    config: { deploy: fulfillmentDeploySchema.parse(opts.deploy ?? {}), ordersUrl: opts.ordersUrl, partnersUrl: opts.partnersUrl, ordersTimeoutMs: 5000 },
  });
  const release = async () => {
    await flags.close();
    reader.disconnect();
    await redis.quit();
  };
  return { ...(await serveForTest(app, base, logs, release)), redis };
}
