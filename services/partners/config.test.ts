import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadPartnersConfig, partnersDeploySchema } from './config.js';
import { problemsOf } from '../../test/support/config.js';

const dir = mkdtempSync(join(tmpdir(), 'partners-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function deployFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const steady = { minDelayMs: 1000, maxDelayMs: 4000, workers: 2 };

describe('partners config', () => {
  it('defaults to the steady values on port 8083 and the lab Redis', () => {
    const cfg = loadPartnersConfig({});
    expect(cfg.settings.port).toBe(8083);
    expect(cfg.redisUrl).toBe('redis://127.0.0.1:6390/0');
    expect(cfg.deploy).toEqual({ seed: 42, partners: { acme: steady, bolt: steady, cargo: steady } });
    expect(Object.isFrozen(cfg.deploy.partners.acme)).toBe(true);
  });

  it('reads its own prefix only', () => {
    const cfg = loadPartnersConfig({ PARTNERS_PORT: '0', PARTNERS_REDIS_URL: 'redis://10.0.0.5:6379/3', ORDERS_PORT: 'not-mine' });
    expect(cfg.settings.port).toBe(0);
    expect(cfg.redisUrl).toBe('redis://10.0.0.5:6379/3');
  });

  it('keeps defaults for the partners a file leaves out', () => {
    const path = deployFile('some.yaml', 'seed: 7\npartners:\n  bolt:\n    minDelayMs: 200\n    maxDelayMs: 200\n');
    expect(loadPartnersConfig({ PARTNERS_CONFIG_FILE: path }).deploy).toEqual({
      seed: 7,
      partners: { acme: steady, bolt: { minDelayMs: 200, maxDelayMs: 200, workers: 2 }, cargo: steady },
    });
  });

  it('reports every bad key together, naming the known ones', () => {
    const path = deployFile('bad.yaml', 'seed: -1\npartners:\n  acme:\n    minDelayMs: 5000\n    maxDelayMs: 100\n  bolt:\n    worker: 2\n  dhl: {}\n');
    const problems = problemsOf(() => loadPartnersConfig({ PARTNERS_CONFIG_FILE: path, PARTNERS_PORT: 'abc' }));
    expect(problems).toHaveLength(5);
    expect(problems).toContainEqual(expect.stringMatching(/^PARTNERS_PORT: expected a TCP port/));
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${path}: seed: .*\\(got -1\\)$`)));
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${path}: partners\\.acme\\.maxDelayMs: minDelayMs must not exceed maxDelayMs`)));
    expect(problems).toContain(`${path}: partners.bolt.worker: unknown setting; known settings are minDelayMs, maxDelayMs, workers`);
    expect(problems).toContain(`${path}: partners.dhl: unknown setting; known settings are acme, bolt, cargo`);
  });

  it('the partners seed file spells out exactly the schema defaults', () => {
    const path = fileURLToPath(new URL('../../lab/shop-seed/config/partners.yaml', import.meta.url));
    const defaults = partnersDeploySchema.parse({});
    expect(parseYaml(readFileSync(path, 'utf8'))).toEqual(defaults);
    expect(loadPartnersConfig({ PARTNERS_CONFIG_FILE: path }).deploy).toEqual(defaults);
  });
});
