import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../support/poll.js';
import { freePort } from '../support/ports.js';
import { isAlive, killAll, root, spawnLogged, type ServiceProcess } from '../support/processes.js';
import { sampleValue, scrape } from '../support/prom.js';
import { promtoolProblems } from '../support/promtool.js';
import { startTrafficProcess } from '../support/traffic-driver.js';

const started: ServiceProcess[] = [];

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  const pids = started.map((s) => s.pid);
  expect(killAll(), 'processes still running at teardown').toEqual([]);
  expect(pids.filter(isAlive)).toEqual([]);
});

describe('traffic as a process', () => {
  it('starts alone with its documented command and keeps running, counting abandoned sessions, while its targets are down', async () => {
    // Ports nothing listens on: every request is refused at once.
    const [storefront, orders, seating] = [await freePort(), await freePort(), await freePort()];
    const traffic = await startTrafficProcess({
      TRAFFIC_PORT: '0',
      TRAFFIC_CONFIG_FILE: join(root, 'lab', 'traffic', 'traffic.yaml'),
      TRAFFIC_STOREFRONT_URL: `http://127.0.0.1:${storefront}`,
      TRAFFIC_ORDERS_URL: `http://localhost:${orders}`,
      TRAFFIC_SEATING_URL: `http://127.0.0.1:${seating}`,
    });
    started.push(traffic);
    expect(await (await fetch(`${traffic.url}/healthz`)).json()).toEqual({ status: 'ok', service: 'traffic' });
    expect((await fetch(`${traffic.url}/readyz`)).status).toBe(200);

    const metrics = await until('abandoned sessions and ticket errors', async () => {
      const text = await scrape(traffic.url);
      return (sampleValue(text, 'traffic_sessions_total', { outcome: 'abandoned' }) ?? 0) >= 2
        && (sampleValue(text, 'traffic_tickets_total', { outcome: 'error' }) ?? 0) >= 1 ? text : undefined;
    }, { timeoutMs: 20_000 });
    expect(sampleValue(metrics, 'traffic_sessions_total', { outcome: 'completed' })).toBe(0);
    expect(sampleValue(metrics, 'traffic_sessions_total', { outcome: 'blocked' })).toBe(0);
    expect(sampleValue(metrics, 'traffic_requests_total', { target: 'storefront', status: 'error' })).toBeGreaterThanOrEqual(2);
    expect(promtoolProblems(metrics)).toEqual([]);
    expect(traffic.child.exitCode).toBeNull();

    const status = (await (await fetch(`${traffic.url}/status`)).json()) as { rates: unknown; counts: { sessions: { abandoned: number } } };
    expect(status.rates).toEqual({ sessionsPerSecond: 1, ticketBuyersPerSecond: 0.5, apiCallsPerSecond: 2 });
    expect(status.counts.sessions.abandoned).toBeGreaterThanOrEqual(2);
    expect(traffic.logs.find((l) => l.msg === 'listening')).toMatchObject({ service: 'traffic', targets: { storefrontUrl: `http://127.0.0.1:${storefront}` } });

    expect(await traffic.stop('SIGTERM')).toBe(0);
    expect(traffic.logs.some((l) => l.msg === 'traffic stopped')).toBe(true);
  });

  it('exits 2 when a target is not on this machine, naming the key and the rule', async () => {
    const p = spawnLogged('traffic-badenv', process.execPath, [join(root, 'dist', 'lab', 'traffic', 'main.js')], {
      PATH: process.env.PATH ?? '', TRAFFIC_PORT: '0', TRAFFIC_STOREFRONT_URL: 'http://10.0.0.5:8080',
    });
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toMatch(/TRAFFIC_STOREFRONT_URL: traffic is only generated against loopback hosts: 127\.0\.0\.0\/8, localhost or ::1/);
    expect(p.stderr()).toContain('"http://10.0.0.5:8080"');
  });
});
