import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGroundTruth, webhookAckSchema, webhookBody } from '../support/partners.js';
import { isAlive, killAll, root, spawnLogged, startService, type ServiceProcess } from '../support/processes.js';
import { promtoolProblems } from '../support/promtool.js';
import { freshRedisUrl } from '../support/redis.js';

const started: ServiceProcess[] = [];

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  const pids = started.map((s) => s.pid);
  expect(killAll(), 'processes still running at teardown').toEqual([]);
  expect(pids.filter(isAlive)).toEqual([]);
});

describe('partners runs alone with its documented command', () => {
  it('starts with the seed config, answers /healthz and /readyz, ships a webhook and serves clean metrics', async () => {
    const partners = await startService('partners', {
      PARTNERS_PORT: '0',
      PARTNERS_REDIS_URL: await freshRedisUrl(),
      PARTNERS_CONFIG_FILE: join(root, 'lab', 'shop-seed', 'config', 'partners.yaml'),
    });
    started.push(partners);
    expect(await (await fetch(`${partners.url}/healthz`)).json()).toEqual({ status: 'ok', service: 'partners' });
    const ready = await fetch(`${partners.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { redis: 'ok' } });
    expect(partners.logs.find((l) => l.msg === 'listening')).toMatchObject({ service: 'partners', deploy: { seed: 42 } });

    const res = await fetch(`${partners.url}/webhooks/bolt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(webhookBody('bolt', 'bolt-000001', { itemCount: 3 })),
    });
    expect(res.status).toBe(200);
    expect(webhookAckSchema.parse(await res.json())).toMatchObject({ status: 'shipped', partner: 'bolt' });
    expect((await readGroundTruth(partners.url)).partners.bolt).toMatchObject({ shipments: 1, batches: { 'bolt-000001': 1 } });

    const exposition = await (await fetch(`${partners.url}/metrics`)).text();
    expect(exposition).toMatch(/^partners_shipments_total\{partner="bolt"\} 1$/m);
    expect(promtoolProblems(exposition)).toEqual([]);

    expect(await partners.stop('SIGTERM')).toBe(0);
  });

  it('exits 2 naming a bad env key', async () => {
    const p = spawnLogged('partners-badenv', process.execPath, [join(root, 'dist', 'services', 'partners', 'main.js')], {
      PATH: process.env.PATH ?? '',
      PARTNERS_PORT: 'abc',
    });
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toMatch(/^partners: invalid configuration$/m);
    expect(p.stderr()).toMatch(/PARTNERS_PORT: expected a TCP port.*\(got "abc"\)/);
  });
});
