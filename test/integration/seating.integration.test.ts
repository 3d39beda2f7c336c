import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../support/poll.js';
import { isAlive, killAll, root, spawnLogged, startService, type ServiceProcess } from '../support/processes.js';
import { promtoolProblems } from '../support/promtool.js';
import { freshRedisUrl } from '../support/redis.js';

const started: ServiceProcess[] = [];

async function start(env: Record<string, string>): Promise<ServiceProcess> {
  const svc = await startService('seating', { SEATING_PORT: '0', SEATING_REDIS_URL: await freshRedisUrl(), ...env });
  started.push(svc);
  return svc;
}

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  const pids = started.map((s) => s.pid);
  expect(killAll(), 'processes still running at teardown').toEqual([]);
  expect(pids.filter(isAlive)).toEqual([]);
});

describe('seating as a process', () => {
  it('starts alone with its documented command, seeds its events and answers health, readiness and metrics', async () => {
    const seating = await start({ SEATING_CONFIG_FILE: join(root, 'lab', 'shop-seed', 'config', 'seating.yaml') });
    expect(await (await fetch(`${seating.url}/healthz`)).json()).toEqual({ status: 'ok', service: 'seating' });
    const ready = await until('seating to be ready', async () => {
      const res = await fetch(`${seating.url}/readyz`);
      return res.status === 200 ? ((await res.json()) as unknown) : undefined;
    });
    expect(ready).toMatchObject({ status: 'ready', checks: { redis: 'ok', events: 'ok' } });

    const events = (await (await fetch(`${seating.url}/events`)).json()) as { events: Array<{ id: string }> };
    expect(events.events.map((e) => e.id)).toContain('keynote-2026');
    const exposition = await (await fetch(`${seating.url}/metrics`)).text();
    expect(exposition).toMatch(/^seating_audit_runs_total \d+$/m);
    expect(promtoolProblems(exposition)).toEqual([]);
    // Without skew settings its log times are plain UTC, like every other service's.
    for (const line of seating.logs) expect(String(line.time)).toMatch(/Z$/);
    expect(await seating.stop()).toBe(0);
  });

  it('stamps its log lines with the configured clock skew and UTC offset', async () => {
    const before = Date.now();
    const seating = await start({ SEATING_LOG_CLOCK_SKEW_MS: '97000', SEATING_LOG_UTC_OFFSET_MINUTES: '60' });
    await until('a request log line', async () => {
      await fetch(`${seating.url}/events`);
      return seating.logs.some((l) => l.msg === 'request');
    });
    const after = Date.now();

    expect(seating.logs.length).toBeGreaterThan(2);
    for (const line of seating.logs) {
      expect(line.service).toBe('seating');
      const time = String(line.time);
      expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+01:00$/);
      const at = Date.parse(time);
      expect(at).toBeGreaterThanOrEqual(before + 97_000);
      expect(at).toBeLessThanOrEqual(after + 97_000);
    }
  });

  it('exits 2 on bad env, naming the key and what it expects', async () => {
    const p = spawnLogged('seating-badenv', process.execPath, [join(root, 'dist', 'services', 'seating', 'main.js')], {
      PATH: process.env.PATH ?? '', SEATING_PORT: 'abc', SEATING_LOG_UTC_OFFSET_MINUTES: 'CET',
    });
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toMatch(/SEATING_PORT: expected a TCP port/);
    expect(p.stderr()).toMatch(/SEATING_LOG_UTC_OFFSET_MINUTES: expected a whole number of minutes/);
  });
});
