import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { problemsOf } from '../../test/support/config.js';
import { isLoopbackUrl, loadTrafficConfig, trafficDeploySchema } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'traffic-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function deployFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('traffic config', () => {
  it('defaults to the documented rates, port 8085 and the local lab ports', () => {
    const cfg = loadTrafficConfig({});
    expect(cfg.settings.port).toBe(8085);
    expect(cfg.targets).toEqual({ storefrontUrl: 'http://127.0.0.1:8080', ordersUrl: 'http://127.0.0.1:8081', seatingUrl: 'http://127.0.0.1:8084' });
    expect(cfg.deploy).toMatchObject({
      seed: 7,
      shoppers: { sessionsPerSecond: 1, checkoutProbability: 0.4, repeatBuyerFraction: 0.2, maxConcurrent: 50 },
      tickets: { buyersPerSecond: 0.5, refundFraction: 0.5 },
      apiClients: { callsPerSecond: 2 },
    });
    expect(Object.isFrozen(cfg.deploy.shoppers)).toBe(true);
  });

  it('lab/traffic/traffic.yaml spells out exactly the schema defaults', () => {
    const path = fileURLToPath(new URL('./traffic.yaml', import.meta.url));
    const defaults = trafficDeploySchema.parse({});
    expect(parseYaml(readFileSync(path, 'utf8'))).toEqual(defaults);
    expect(loadTrafficConfig({ TRAFFIC_CONFIG_FILE: path }).deploy).toEqual(defaults);
  });

  it('keeps the defaults a file leaves out, and trims trailing slashes off target URLs', () => {
    const path = deployFile('fast.yaml', 'shoppers:\n  sessionsPerSecond: 5\n  checkoutProbability: 1\n');
    const cfg = loadTrafficConfig({ TRAFFIC_CONFIG_FILE: path, TRAFFIC_STOREFRONT_URL: 'http://localhost:9000/' });
    expect(cfg.deploy.shoppers).toEqual({ sessionsPerSecond: 5, checkoutProbability: 1, repeatBuyerFraction: 0.2, maxConcurrent: 50 });
    expect(cfg.deploy.tickets).toEqual(trafficDeploySchema.parse({}).tickets);
    expect(cfg.targets.storefrontUrl).toBe('http://localhost:9000');
  });

  it('reports every bad key together, naming the known ones', () => {
    const path = deployFile('bad.yaml', 'shoppers:\n  checkoutProbability: 1.5\n  sessionsPerMinute: 3\ntickets:\n  buyersPerSecond: -1\n');
    const problems = problemsOf(() => loadTrafficConfig({ TRAFFIC_CONFIG_FILE: path, TRAFFIC_PORT: 'abc' }));
    expect(problems).toHaveLength(4);
    expect(problems).toContainEqual(expect.stringMatching(/^TRAFFIC_PORT: expected a TCP port/));
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${path}: shoppers\\.checkoutProbability: .*\\(got 1\\.5\\)$`)));
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${path}: shoppers\\.sessionsPerMinute: unknown setting; known settings are sessionsPerSecond, `)));
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${path}: tickets\\.buyersPerSecond: .*\\(got -1\\)$`)));
  });
});

describe('loopback-only targets', () => {
  it.each([
    'http://127.0.0.1:8080', 'http://127.5.6.7:1', 'http://localhost:8081/', 'http://[::1]:8084', 'https://127.0.0.1',
    // The URL parser normalises these spellings of 127.0.0.1 before the check.
    'http://127.1:8080', 'http://2130706433:8080',
  ])('accepts %s', (url) => {
    expect(isLoopbackUrl(url)).toBe(true);
  });

  it.each([
    'http://10.0.0.5:8080', 'http://192.168.1.2', 'http://example.com', 'http://localhost.example.com', 'http://128.0.0.1',
    'http://[::2]:80', 'http://0.0.0.0:8080', 'ftp://127.0.0.1', 'not a url', 'http://127.0.0.1.nip.io',
  ])('refuses %s', (url) => {
    expect(isLoopbackUrl(url)).toBe(false);
  });

  it('refuses a non-loopback target in any of the three URLs, naming the key and the rule', () => {
    const problems = problemsOf(() => loadTrafficConfig({
      TRAFFIC_STOREFRONT_URL: 'http://10.0.0.5:8080',
      TRAFFIC_ORDERS_URL: 'http://shop.example.com',
      TRAFFIC_SEATING_URL: 'http://127.0.0.1:8084',
    }));
    expect(problems).toEqual([
      'TRAFFIC_STOREFRONT_URL: traffic is only generated against loopback hosts: 127.0.0.0/8, localhost or ::1 (an http URL such as http://127.0.0.1:8080) (got "http://10.0.0.5:8080")',
      'TRAFFIC_ORDERS_URL: traffic is only generated against loopback hosts: 127.0.0.0/8, localhost or ::1 (an http URL such as http://127.0.0.1:8080) (got "http://shop.example.com")',
    ]);
  });
});
