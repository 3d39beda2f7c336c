import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAlive, killAll, root, spawnLogged, startService, type ServiceProcess } from '../support/processes.js';
import { until } from '../support/poll.js';
import { promtoolProblems } from '../support/promtool.js';
import { freshRedisUrl } from '../support/redis.js';

const seed = (file: string) => join(root, 'lab', 'shop-seed', file);
const started: ServiceProcess[] = [];

async function start(name: string, env: Record<string, string>): Promise<ServiceProcess> {
  const svc = await startService(name, env);
  started.push(svc);
  return svc;
}

async function runToExit(name: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const p = spawnLogged(`${name}-badenv`, process.execPath, [join(root, 'dist', 'services', name, 'main.js')], { PATH: process.env.PATH ?? '', ...env });
  const code = await p.exited;
  return { code, stderr: p.stderr() };
}

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  const pids = started.map((s) => s.pid);
  const survivors = killAll();
  expect(survivors, 'processes still running at teardown').toEqual([]);
  expect(pids.filter(isAlive)).toEqual([]);
});

describe('each service starts alone with its documented command', () => {
  it('orders and storefront answer /healthz, /readyz and serve the shop end to end', async () => {
    const orders = await start('orders', {
      ORDERS_PORT: '0',
      ORDERS_REDIS_URL: await freshRedisUrl(),
      ORDERS_CONFIG_FILE: seed('config/orders.yaml'),
    });
    expect((await fetch(`${orders.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${orders.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { redis: 'ok' } });

    const storefront = await start('storefront', {
      STOREFRONT_PORT: '0',
      STOREFRONT_ORDERS_URL: orders.url,
      STOREFRONT_CONFIG_FILE: seed('config/storefront.yaml'),
      STOREFRONT_FLAGS_FILE: seed('flags.json'),
    });
    expect(await (await fetch(`${storefront.url}/healthz`)).json()).toEqual({ status: 'ok', service: 'storefront' });
    const home = await fetch(`${storefront.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Pager Duty Mug');
    // Access log lines are written when the response finishes; the pipe may deliver them a moment later.
    await until('storefront access log', () => storefront.logs.some((l) => l.msg === 'request' && l.route === '/' && l.service === 'storefront'));
    await until('orders access log', () => orders.logs.some((l) => l.msg === 'request' && l.route === '/carts/:cartId' && l.service === 'orders'));

    for (const svc of [orders, storefront]) {
      const exposition = await (await fetch(`${svc.url}/metrics`)).text();
      expect(exposition).toMatch(/_http_requests_total\{/);
      expect(promtoolProblems(exposition)).toEqual([]);
    }
  });
});

describe('fulfillment starts alone with its documented command', () => {
  it('answers /healthz and /readyz, joins its consumer group, and serves lint-clean metrics', async () => {
    const fulfillment = await start('fulfillment', {
      FULFILLMENT_PORT: '0',
      FULFILLMENT_REDIS_URL: await freshRedisUrl(),
      FULFILLMENT_CONFIG_FILE: seed('config/fulfillment.yaml'),
      FULFILLMENT_FLAGS_FILE: seed('flags.json'),
      FULFILLMENT_CONSUMER: 'solo',
    });
    expect((await fetch(`${fulfillment.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${fulfillment.url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${fulfillment.url}/status`)).json()).toMatchObject({ consumer: 'solo', paused: false, inFlight: 0, backlog: { pending: 0, lag: 0 } });
    const exposition = await (await fetch(`${fulfillment.url}/metrics`)).text();
    expect(exposition).toMatch(/^fulfillment_dispatch_paused 0$/m);
    expect(promtoolProblems(exposition)).toEqual([]);
  });
});

describe('bad config makes a service exit non-zero naming every bad key', () => {
  it('fulfillment names each bad env key', async () => {
    const { code, stderr } = await runToExit('fulfillment', { FULFILLMENT_PARTNERS_URL: 'partners', FULFILLMENT_CONSUMER: 'two words' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/FULFILLMENT_PARTNERS_URL: expected an http\(s\) URL/);
    expect(stderr).toMatch(/FULFILLMENT_CONSUMER: expected 1-64 letters/);
  });

  it('orders names each bad env key and what it expects', async () => {
    const { code, stderr } = await runToExit('orders', { ORDERS_PORT: 'eighty', ORDERS_LOG_LEVEL: 'loud', ORDERS_REDIS_URL: 'localhost:6390' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/ORDERS_PORT: expected a TCP port/);
    expect(stderr).toMatch(/ORDERS_LOG_LEVEL: expected one of/);
    expect(stderr).toMatch(/ORDERS_REDIS_URL: expected a Redis URL/);
  });

  it('storefront names a bad env key and a typo in its deploy config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firedrill-badcfg-'));
    const file = join(dir, 'storefront.yaml');
    writeFileSync(file, 'breaker:\n  timeoutMs: fast\n  resetTimeotMs: 1000\n');
    const { code, stderr } = await runToExit('storefront', { STOREFRONT_ORDERS_URL: 'not a url', STOREFRONT_CONFIG_FILE: file });
    expect(code).toBe(2);
    expect(stderr).toMatch(/STOREFRONT_ORDERS_URL: expected an http\(s\) URL/);
    expect(stderr).toMatch(/breaker\.timeoutMs/);
    expect(stderr).toMatch(/breaker\.resetTimeotMs: unknown setting; known settings are .*resetTimeoutMs/);
  });
});

describe('graceful shutdown', () => {
  it('SIGTERM lets an in-flight request finish, then exits 0', async () => {
    const orders = await start('orders', { ORDERS_PORT: '0', ORDERS_REDIS_URL: await freshRedisUrl(), ORDERS_STORE_LATENCY_MS: '1500' });
    const inflight = fetch(`${orders.url}/carts/drain-test`);
    await until('the request to hold a pool slot', async () => {
      const text = await (await fetch(`${orders.url}/metrics`)).text();
      return /^orders_pool_in_use 1$/m.test(text);
    }, { timeoutMs: 10_000, everyMs: 20 });
    const exit = orders.stop('SIGTERM');
    const res = await inflight;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ cartId: 'drain-test', count: 0 });
    expect(await exit).toBe(0);
    expect(orders.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  });
});
