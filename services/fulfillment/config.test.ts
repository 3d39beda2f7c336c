import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { problemsOf } from '../../test/support/config.js';
import { fulfillmentDeploySchema, loadFulfillmentConfig } from './config.js';

const seed = fileURLToPath(new URL('../../lab/shop-seed/config/fulfillment.yaml', import.meta.url));

describe('fulfillment config', () => {
  it('the seed file spells out exactly the schema defaults: the steady config', () => {
    expect(parseYaml(readFileSync(seed, 'utf8'))).toEqual(fulfillmentDeploySchema.parse({}));
    expect(loadFulfillmentConfig({ FULFILLMENT_CONFIG_FILE: seed }).deploy).toMatchObject({ partnerTimeoutMs: 10_000, sendIdempotencyKey: true });
  });

  it('reads PERF-812 from a deploy file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'fulfillment-config-')), 'fulfillment.yaml');
    writeFileSync(path, 'partnerTimeoutMs: 1500\nsendIdempotencyKey: false\n');
    const cfg = loadFulfillmentConfig({ FULFILLMENT_CONFIG_FILE: path, FULFILLMENT_PORT: '0' });
    expect(cfg.deploy).toMatchObject({ partnerTimeoutMs: 1500, sendIdempotencyKey: false, maxAttempts: 3 });
    expect(cfg.settings.port).toBe(0);
    expect(Object.isFrozen(cfg.deploy)).toBe(true);
  });

  it('names every bad key, in the environment and in the deploy file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'fulfillment-config-')), 'fulfillment.yaml');
    writeFileSync(path, 'partnerTimeoutMs: fast\nsendIdempotencyKeys: false\n');
    const problems = problemsOf(() => loadFulfillmentConfig({ FULFILLMENT_CONFIG_FILE: path, FULFILLMENT_ORDERS_URL: 'orders' }));
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^FULFILLMENT_ORDERS_URL: expected an http\(s\) URL/),
      expect.stringMatching(/partnerTimeoutMs: .*expected number/i),
      expect.stringMatching(/sendIdempotencyKeys: unknown setting; known settings are .*sendIdempotencyKey/),
    ]));
  });
});
