import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { loadOrdersConfig, ordersDeploySchema } from '../orders/config.js';
import { loadStorefrontConfig, storefrontDeploySchema } from '../storefront/config.js';
import { ConfigError, commonEnv, envPrefix, envVar, loadConfig, type Env } from './config.js';
import { problemsOf } from '../../test/support/config.js';

const dir = mkdtempSync(join(tmpdir(), 'kit-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function deployFile(text: string): string {
  const path = join(dir, `deploy-${fileCount++}.yaml`);
  writeFileSync(path, text);
  return path;
}

const envSchema = z.object({ ...commonEnv(8081), UPSTREAM_URL: envVar.url().default('http://127.0.0.1:9000') }).strict();
const deploySchema = z.object({
  poolSize: z.number().int().min(1).default(16),
  batch: z.object({ maxOrders: z.number().int().min(1).default(4), windowMs: z.number().int().default(3000) }).strict().prefault({}),
}).strict();

function load(env: Env) {
  return loadConfig({ service: 'orders', envSchema, deploySchema, env, deployFileKey: 'CONFIG_FILE' });
}

const seed = (name: string): string => fileURLToPath(new URL(`../../lab/shop-seed/config/${name}`, import.meta.url));

describe('envPrefix', () => {
  it('upper-cases the service name and turns separators into underscores', () => {
    expect(envPrefix('orders')).toBe('ORDERS');
    expect(envPrefix('shop-desk.v2')).toBe('SHOP_DESK_V2');
  });
});

describe('loadConfig: environment', () => {
  it('reads keys under the service prefix and ignores everything else', () => {
    const cfg = load({ ORDERS_PORT: '9191', ORDERS_LOG_LEVEL: 'debug', ORDERS_UPSTREAM_URL: 'https://example.test/x', PORT: '1', STOREFRONT_PORT: '2', PATH: '/bin' });
    expect(cfg.env.PORT).toBe(9191);
    expect(cfg.env.LOG_LEVEL).toBe('debug');
    expect(cfg.env.UPSTREAM_URL).toBe('https://example.test/x');
  });

  it('fills defaults for every unset key', () => {
    const cfg = load({});
    expect(cfg.env).toEqual({
      PORT: 8081,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      RELEASE: 'dev',
      SHUTDOWN_TIMEOUT_MS: 10_000,
      UPSTREAM_URL: 'http://127.0.0.1:9000',
    });
    expect(cfg.deploy).toEqual({ poolSize: 16, batch: { maxOrders: 4, windowMs: 3000 } });
    expect(cfg.deployFile).toBeUndefined();
  });

  it('treats an empty value as unset', () => {
    const cfg = load({ ORDERS_PORT: '', ORDERS_HOST: '', ORDERS_LOG_LEVEL: '', ORDERS_CONFIG_FILE: '', ORDERS_OTLP_ENDPOINT: '' });
    expect(cfg.env.PORT).toBe(8081);
    expect(cfg.env.HOST).toBe('127.0.0.1');
    expect(cfg.env.LOG_LEVEL).toBe('info');
    expect(cfg.env.OTLP_ENDPOINT).toBeUndefined();
    expect(cfg.deployFile).toBeUndefined();
  });

  it('accepts port 0 and rejects ports out of range', () => {
    expect(load({ ORDERS_PORT: '0' }).env.PORT).toBe(0);
    expect(problemsOf(() => load({ ORDERS_PORT: '65536' }))).toEqual([expect.stringMatching(/^ORDERS_PORT: expected a TCP port.*\(got 65536\)$/)]);
  });

  it('reports every bad key together, each by its full env name', () => {
    const problems = problemsOf(() =>
      load({ ORDERS_PORT: 'eighty', ORDERS_OTLP_ENDPOINT: 'ftp://collector', ORDERS_LOG_LEVEL: 'loud', ORDERS_XYZ: '1', ORDERS_SHUTDOWN_TIMEOUT_MS: '-5' }),
    );
    expect(problems).toHaveLength(5);
    expect(problems).toContainEqual(expect.stringMatching(/^ORDERS_PORT: expected a TCP port, 0-65535 .*\(got "eighty"\)$/));
    expect(problems).toContainEqual(expect.stringMatching(/^ORDERS_OTLP_ENDPOINT: expected an http\(s\) URL.*\(got "ftp:\/\/collector"\)$/));
    expect(problems).toContainEqual(expect.stringMatching(/^ORDERS_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)$/));
    expect(problems).toContainEqual(expect.stringMatching(/^ORDERS_SHUTDOWN_TIMEOUT_MS: expected a whole number >= 0/));
    const unknown = problems.find((p) => p.startsWith('ORDERS_XYZ:'));
    expect(unknown).toMatch(/unknown setting; known settings are /);
    for (const key of ['ORDERS_PORT', 'ORDERS_HOST', 'ORDERS_LOG_LEVEL', 'ORDERS_CONFIG_FILE', 'ORDERS_UPSTREAM_URL']) expect(unknown).toContain(key);
  });

  it('puts every problem in the error message, one per line, under the service name', () => {
    let caught: unknown;
    try {
      load({ ORDERS_PORT: 'x', ORDERS_LOG_LEVEL: 'loud' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const err = caught as ConfigError;
    expect(err.code).toBe('invalid_config');
    expect(err.message.split('\n')).toEqual(['orders: invalid configuration', ...err.problems.map((p) => `  - ${p}`)]);
  });

  it('reports env and deploy file problems together', () => {
    const path = deployFile('poolSize: 0\n');
    const problems = problemsOf(() => load({ ORDERS_PORT: 'x', ORDERS_CONFIG_FILE: path }));
    expect(problems).toEqual([expect.stringMatching(/^ORDERS_PORT: /), expect.stringMatching(new RegExp(`^${path}: poolSize: `))]);
  });
});

describe('loadConfig: deploy file', () => {
  it('reads the file named by <PREFIX>_CONFIG_FILE and keeps defaults for what it omits', () => {
    const path = deployFile('# comment\nbatch:\n  maxOrders: 9\n');
    const cfg = load({ ORDERS_CONFIG_FILE: path });
    expect(cfg.deployFile).toBe(path);
    expect(cfg.deploy).toEqual({ poolSize: 16, batch: { maxOrders: 9, windowMs: 3000 } });
  });

  it('treats an empty file as all defaults', () => {
    expect(load({ ORDERS_CONFIG_FILE: deployFile('') }).deploy).toEqual({ poolSize: 16, batch: { maxOrders: 4, windowMs: 3000 } });
  });

  it('reports a misspelt key naming the keys known at that level', () => {
    const path = deployFile('poolSise: 8\nbatch:\n  maxOrder: 2\n');
    const problems = problemsOf(() => load({ ORDERS_CONFIG_FILE: path }));
    expect(problems).toHaveLength(2);
    expect(problems).toContain(`${path}: poolSise: unknown setting; known settings are poolSize, batch`);
    expect(problems).toContain(`${path}: batch.maxOrder: unknown setting; known settings are maxOrders, windowMs`);
  });

  it('reports a wrong type with the path of the value and what it got', () => {
    const path = deployFile('poolSize: big\nbatch:\n  windowMs: 1.5\n');
    const problems = problemsOf(() => load({ ORDERS_CONFIG_FILE: path }));
    expect(problems).toHaveLength(2);
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${path}: poolSize: .*expected number.*\\(got "big"\\)$`)));
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${path}: batch\\.windowMs: .*\\(got 1\\.5\\)$`)));
  });

  it('reports a document that is not a mapping', () => {
    const path = deployFile('just a sentence\n');
    const problems = problemsOf(() => load({ ORDERS_CONFIG_FILE: path }));
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${path}: [^:]*: expected object.*\\(got "just a sentence"\\)$`))]);
  });

  it('reports a file that cannot be read', () => {
    const missing = join(dir, 'missing.yaml');
    expect(problemsOf(() => load({ ORDERS_CONFIG_FILE: missing }))).toEqual([
      `${missing}: cannot read deploy config (ENOENT); fix the path or unset it to use the defaults`,
    ]);
  });

  it('reports a path that is a directory, not a file', () => {
    expect(problemsOf(() => load({ ORDERS_CONFIG_FILE: dir }))).toEqual([expect.stringContaining(`${dir}: cannot read deploy config (EISDIR)`)]);
  });

  it('reports invalid YAML', () => {
    const path = deployFile('poolSize: [1, 2\nbatch: {\n');
    const problems = problemsOf(() => load({ ORDERS_CONFIG_FILE: path }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${path}: not valid YAML: `));
  });

  it('deep-freezes the result', () => {
    const cfg = load({ ORDERS_CONFIG_FILE: deployFile('batch:\n  maxOrders: 2\n') });
    expect(Object.isFrozen(cfg)).toBe(true);
    expect(Object.isFrozen(cfg.env)).toBe(true);
    expect(Object.isFrozen(cfg.deploy)).toBe(true);
    expect(Object.isFrozen(cfg.deploy.batch)).toBe(true);
    expect(() => {
      cfg.deploy.batch.maxOrders = 100;
    }).toThrow(TypeError);
    expect(cfg.deploy.batch.maxOrders).toBe(2);
  });
});

describe('the real service schemas', () => {
  it('orders: reads its prefix, defaults the rest and freezes the deploy config', () => {
    const cfg = loadOrdersConfig({ ORDERS_PORT: '0', ORDERS_REDIS_URL: 'redis://10.0.0.5:6379/3', ORDERS_STORE_LATENCY_MS: '7', STOREFRONT_PORT: 'not-mine' });
    expect(cfg.settings.port).toBe(0);
    expect(cfg.redisUrl).toBe('redis://10.0.0.5:6379/3');
    expect(cfg.storeLatencyMs).toBe(7);
    expect(cfg.deploy).toEqual(ordersDeploySchema.parse({}));
    expect(Object.isFrozen(cfg.settings)).toBe(true);
    expect(Object.isFrozen(cfg.deploy.partners)).toBe(true);
  });

  it('orders: reports every bad key together', () => {
    const problems = problemsOf(() => loadOrdersConfig({ ORDERS_PORT: '-1', ORDERS_REDIS_URL: 'http://redis', ORDERS_XYZ: 'on' }));
    expect(problems.map((p) => p.split(':')[0])).toEqual(expect.arrayContaining(['ORDERS_PORT', 'ORDERS_REDIS_URL', 'ORDERS_XYZ']));
    expect(problems).toHaveLength(3);
    expect(problems.find((p) => p.startsWith('ORDERS_XYZ'))).toContain('ORDERS_REDIS_URL');
  });

  it('orders: reports a misspelt deploy key naming the known ones', () => {
    const path = deployFile('poolsize: 8\npartners: [Acme]\n');
    const problems = problemsOf(() => loadOrdersConfig({ ORDERS_CONFIG_FILE: path }));
    expect(problems).toContain(`${path}: poolsize: unknown setting; known settings are poolSize, poolQueueTimeoutMs, batch, partners`);
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${path}: partners\\[0\\]: expected a lowercase partner name`)));
  });

  it('storefront: reads its prefix, strips trailing slashes from ORDERS_URL', () => {
    const cfg = loadStorefrontConfig({ STOREFRONT_ORDERS_URL: 'http://orders.internal:8081//', STOREFRONT_ORDERS_TIMEOUT_MS: '250', ORDERS_PORT: 'not-mine' });
    expect(cfg.ordersUrl).toBe('http://orders.internal:8081');
    expect(cfg.ordersTimeoutMs).toBe(250);
    expect(cfg.settings.port).toBe(8080);
    expect(cfg.deploy).toEqual(storefrontDeploySchema.parse({}));
  });

  it('storefront: reports a bad breaker setting with its path and a bad env key together', () => {
    const path = deployFile('breaker:\n  timeoutMs: fast\n  resetTimeout: 5\n');
    const problems = problemsOf(() => loadStorefrontConfig({ STOREFRONT_CONFIG_FILE: path, STOREFRONT_ORDERS_TIMEOUT_MS: '0' }));
    expect(problems).toHaveLength(3);
    expect(problems).toContainEqual(expect.stringMatching(/^STOREFRONT_ORDERS_TIMEOUT_MS: expected a whole number >= 1/));
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${path}: breaker\\.timeoutMs: .*\\(got "fast"\\)$`)));
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${path}: breaker\\.resetTimeout: unknown setting; known settings are timeoutMs, errorThresholdPercentage, volumeThreshold, resetTimeoutMs, rollingWindowMs$`)));
  });

  it('the orders seed file spells out exactly the schema defaults', () => {
    const path = seed('orders.yaml');
    const defaults = ordersDeploySchema.parse({});
    expect(parseYaml(readFileSync(path, 'utf8'))).toEqual(defaults);
    expect(loadOrdersConfig({ ORDERS_CONFIG_FILE: path }).deploy).toEqual(defaults);
  });

  it('the storefront seed file spells out exactly the schema defaults', () => {
    const path = seed('storefront.yaml');
    const defaults = storefrontDeploySchema.parse({});
    expect(parseYaml(readFileSync(path, 'utf8'))).toEqual(defaults);
    expect(loadStorefrontConfig({ STOREFRONT_CONFIG_FILE: path }).deploy).toEqual(defaults);
  });
});
