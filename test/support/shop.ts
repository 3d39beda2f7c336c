import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { envPrefix } from '../../services/kit/config.js';
import { killAll, root, startService, type ServiceProcess } from './processes.js';
import { freshRedisUrl } from './redis.js';
import { scrape, sampleValue, samplesOf } from './prom.js';

export type ShopService = 'orders' | 'partners' | 'fulfillment' | 'storefront';
type Patch = Record<string, unknown>;

export interface ShopOptions {
  config?: Partial<Record<ShopService, Patch>>;
  env?: Partial<Record<ShopService, Record<string, string>>>;
}

/** The shop as real processes from dist/, configured from a temp copy of lab/shop-seed. */
export interface Shop {
  dir: string;
  redisUrl: string;
  svc: Record<ShopService, ServiceProcess>;
  url(service: ShopService): string;
  /** Writes a new deploy config for the service (merged over the current one) and restarts it: a deploy. */
  deploy(service: ShopService, patch: Patch): Promise<void>;
  setFlag(flag: string, on: boolean): void;
  metric(service: ShopService, name: string, labels?: Record<string, string>): Promise<number>;
  metricSum(service: ShopService, name: string, labels?: Record<string, string>): Promise<number>;
  stop(): Promise<void>;
}

function merge(base: Patch, patch: Patch): Patch {
  const out: Patch = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const current = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && current && typeof current === 'object' && !Array.isArray(current)
      ? merge(current as Patch, v as Patch)
      : v;
  }
  return out;
}

export async function startShop(opts: ShopOptions = {}): Promise<Shop> {
  const dir = mkdtempSync(join(tmpdir(), 'firedrill-shop-'));
  const redisUrl = await freshRedisUrl();
  const flagsFile = join(dir, 'flags.json');
  copyFileSync(join(root, 'lab', 'shop-seed', 'flags.json'), flagsFile);
  const configFile = (s: ShopService) => join(dir, `${s}.yaml`);
  const writeConfig = (s: ShopService, patch: Patch) => {
    const seed = parse(readFileSync(join(root, 'lab', 'shop-seed', 'config', `${s}.yaml`), 'utf8')) as Patch;
    writeFileSync(configFile(s), stringify(merge(seed, patch)));
  };
  const ports: Partial<Record<ShopService, number>> = {};
  const svc = {} as Record<ShopService, ServiceProcess>;

  const envFor = (s: ShopService): Record<string, string> => {
    const p = envPrefix(s);
    const env: Record<string, string> = {
      [`${p}_PORT`]: String(ports[s] ?? 0),
      [`${p}_CONFIG_FILE`]: configFile(s),
      [`${p}_FLAGS_FILE`]: flagsFile,
      [`${p}_LOG_LEVEL`]: 'info',
    };
    if (s !== 'storefront') env[`${p}_REDIS_URL`] = redisUrl;
    if (s === 'storefront') env.STOREFRONT_ORDERS_URL = svc.orders.url;
    if (s === 'fulfillment') {
      env.FULFILLMENT_ORDERS_URL = svc.orders.url;
      env.FULFILLMENT_PARTNERS_URL = svc.partners.url;
    }
    return { ...env, ...opts.env?.[s] };
  };
  const start = async (s: ShopService) => {
    svc[s] = await startService(s, envFor(s));
    ports[s] = svc[s].port;
  };

  for (const s of ['orders', 'partners', 'fulfillment', 'storefront'] as const) {
    writeConfig(s, opts.config?.[s] ?? {});
    await start(s);
  }

  const current = (s: ShopService) => parse(readFileSync(configFile(s), 'utf8')) as Patch;
  return {
    dir,
    redisUrl,
    svc,
    url: (s) => svc[s].url,
    deploy: async (s, patch) => {
      writeFileSync(configFile(s), stringify(merge(current(s), patch)));
      const code = await svc[s].stop('SIGTERM');
      if (code !== 0) throw new Error(`${s} exited ${code} on deploy`);
      await start(s);
    },
    setFlag: (flag, on) => {
      const flags = JSON.parse(readFileSync(flagsFile, 'utf8')) as { flags: Record<string, { defaultVariant: string }> };
      const entry = flags.flags[flag];
      if (!entry) throw new Error(`no flag ${flag} in ${flagsFile}`);
      entry.defaultVariant = on ? 'on' : 'off';
      writeFileSync(flagsFile, JSON.stringify(flags, null, 2));
    },
    metric: async (s, name, labels = {}) => {
      const value = sampleValue(await scrape(svc[s].url), name, labels);
      if (value === undefined) throw new Error(`no ${name}${JSON.stringify(labels)} on ${s}`);
      return value;
    },
    metricSum: async (s, name, labels = {}) => samplesOf(await scrape(svc[s].url), name, labels).reduce((n, x) => n + x.value, 0),
    stop: async () => {
      await Promise.all(Object.values(svc).map((p) => p.stop('SIGTERM')));
      killAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The test timing profile for the cascade (../shared/TESTING.md): a small pool with a
 * database-like query latency, fixed 2 s partner acks, one order per batch, a quick
 * re-drive, and a breaker whose probe gives up long before a saturated pool's queue
 * timeout. Steady fulfillment config: 10 s timeout, keys on.
 */
export const cascadeProfile: ShopOptions = {
  config: {
    orders: { poolSize: 2, poolQueueTimeoutMs: 2000, batch: { maxOrders: 1, windowMs: 500 } },
    partners: { partners: { acme: { minDelayMs: 2000, maxDelayMs: 2000, workers: 8 }, bolt: { minDelayMs: 2000, maxDelayMs: 2000, workers: 8 }, cargo: { minDelayMs: 2000, maxDelayMs: 2000, workers: 8 } } },
    fulfillment: { partnerTimeoutMs: 10_000, sendIdempotencyKey: true, maxAttempts: 3, backoffMs: 100, redriveAfterMs: 3000, maxInFlight: 128 },
    storefront: { breaker: { timeoutMs: 300, errorThresholdPercentage: 50, volumeThreshold: 5, resetTimeoutMs: 8000, rollingWindowMs: 5000 } },
  },
  env: { orders: { ORDERS_STORE_LATENCY_MS: '25' } },
};

/** PERF-812 as a deploy config patch: fail fast on slow partners, and the key dropped in the same refactor. */
export const perf812 = { partnerTimeoutMs: 1500, sendIdempotencyKey: false };
export const perf812Reverted = { partnerTimeoutMs: 10_000, sendIdempotencyKey: true };
