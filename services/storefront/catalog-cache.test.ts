import { describe, expect, it } from 'vitest';
import { createLogger } from '../kit/logger.js';
import { memoryLog } from '../../test/support/logs.js';
import { createCatalogCache } from './catalog-cache.js';
import type { Product } from './orders-client.js';

const mug: Product = { sku: 'MUG-01', name: 'Mug', description: 'a mug', priceCents: 1800 };
const tee: Product = { sku: 'TEE-02', name: 'Tee', description: 'a tee', priceCents: 2600 };

function setup(loads: Array<() => Promise<Product[]>>) {
  let clock = 0;
  let calls = 0;
  const { stream, records } = memoryLog();
  const cache = createCatalogCache({
    load: () => {
      const next = loads[Math.min(calls, loads.length - 1)];
      calls += 1;
      if (!next) throw new Error('no load scripted');
      return next();
    },
    ttlMs: 1000,
    log: createLogger({ service: 'storefront', destination: stream }),
    now: () => clock,
  });
  return { cache, records, calls: () => calls, advance: (ms: number) => (clock += ms) };
}

describe('catalog cache', () => {
  it('loads once and serves the cached catalog within the ttl', async () => {
    const t = setup([async () => [mug]]);
    const [a, b] = await Promise.all([t.cache.get(), t.cache.get()]);
    expect(a).toEqual([mug]);
    expect(b).toEqual([mug]);
    t.advance(999);
    expect(await t.cache.get()).toEqual([mug]);
    expect(t.calls()).toBe(1);
  });

  it('refreshes after the ttl', async () => {
    const t = setup([async () => [mug], async () => [mug, tee]]);
    await t.cache.get();
    t.advance(1000);
    expect(await t.cache.get()).toEqual([mug, tee]);
    expect(t.calls()).toBe(2);
  });

  it('serves the stale catalog when a refresh fails, and says so in the log', async () => {
    const t = setup([async () => [mug], async () => Promise.reject(new Error('breaker open'))]);
    await t.cache.get();
    t.advance(5000);
    expect(await t.cache.get()).toEqual([mug]);
    expect(t.records.find((r) => r.msg === 'catalog refresh failed; serving the cached catalog')).toMatchObject({ level: 'warn', ageMs: 5000 });
  });

  it('fails when there is nothing cached to fall back on', async () => {
    const t = setup([async () => Promise.reject(new Error('orders down')), async () => [tee]]);
    await expect(t.cache.get()).rejects.toThrow('orders down');
    expect(await t.cache.get()).toEqual([tee]);
  });
});
