import { afterEach, describe, expect, it } from 'vitest';
import { requestJson } from '../../test/support/http.js';
import { alertmanagerPayload, incidentSummarySchema, startPager, timelineSchema } from '../../test/support/pager.js';
import { until } from '../../test/support/poll.js';
import { sampleValue, scrape } from '../../test/support/prom.js';
import { promtoolProblems } from '../../test/support/promtool.js';
import { freshRedisUrl } from '../../test/support/redis.js';
import type { PagerDeployConfig } from './config.js';

type Pager = Awaited<ReturnType<typeof startPager>>;
const running: Pager[] = [];

async function start(deploy: Partial<PagerDeployConfig> = {}, redisUrl?: string): Promise<Pager> {
  const pager = await startPager(redisUrl ?? (await freshRedisUrl()), deploy);
  running.push(pager);
  return pager;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
});

const down = { alertname: 'StorefrontDown', service: 'storefront', severity: 'critical', summary: 'Storefront is offline' };
const notify = (url: string, body: unknown) => requestJson(`${url}/alertmanager`, { json: body });

async function incidents(url: string, status?: string) {
  const res = await requestJson(`${url}/incidents${status ? `?status=${status}` : ''}`);
  expect(res.status).toBe(200);
  return incidentSummarySchema.array().parse((res.body as { incidents: unknown }).incidents);
}

async function timeline(url: string, id: string) {
  const res = await requestJson(`${url}/incidents/${id}/timeline`);
  expect(res.status).toBe(200);
  return timelineSchema.parse(res.body).timeline;
}

describe('POST /alertmanager', () => {
  it('opens one incident per group, re-notifies on repeats and resolves on resolved', async () => {
    const pager = await start();
    const opened = await notify(pager.url, alertmanagerPayload('firing', [down]));
    expect(opened.status).toBe(201);
    const [incident] = await incidents(pager.url);
    expect(incident).toMatchObject({
      title: 'Storefront is offline', status: 'triggered', severity: 'critical', service: 'storefront',
      acknowledgedAt: null, resolvedAt: null, alertCount: 1, groupKey: '{}:{alertname="StorefrontDown", service="storefront"}', assignee: 'dan',
    });
    const id = incident?.id ?? '';
    expect(id).toMatch(/^P\d{6}$/);
    expect((await timeline(pager.url, id)).map((e) => [e.type, e.at.slice(0, 19)])).toEqual([
      ['triggered', '2025-01-01T10:00:00'],
      ['notified', expect.any(String)],
    ]);
    expect((await timeline(pager.url, id))[1]).toMatchObject({ by: 'dan', channel: 'alertmanager webhook' });

    const repeat = await notify(pager.url, alertmanagerPayload('firing', [down, { ...down, fingerprint: 'second' }]));
    expect(repeat.status).toBe(200);
    expect(await incidents(pager.url)).toHaveLength(1);
    expect((await timeline(pager.url, id)).map((e) => e.type)).toEqual(['triggered', 'notified', 'notified']);
    expect((await incidents(pager.url))[0]?.alertCount).toBe(2);

    expect((await notify(pager.url, alertmanagerPayload('resolved', [down]))).status).toBe(200);
    const resolved = incidentSummarySchema.parse(((await requestJson(`${pager.url}/incidents/${id}`)).body as { incident: unknown }).incident);
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolvedAt).not.toBeNull();
    expect((await timeline(pager.url, id)).map((e) => e.type)).toEqual(['triggered', 'notified', 'notified', 'resolved']);

    await notify(pager.url, alertmanagerPayload('firing', [down]));
    const all = await incidents(pager.url);
    expect(all.map((i) => i.status)).toEqual(['triggered', 'resolved']);
    expect(all[0]?.id).not.toBe(id);
    expect(await incidents(pager.url, 'triggered')).toHaveLength(1);

    const metrics = await scrape(pager.url);
    expect(sampleValue(metrics, 'pager_incidents_total', { severity: 'critical' })).toBe(2);
    expect(sampleValue(metrics, 'pager_notifications_total', { status: 'firing' })).toBe(3);
    expect(sampleValue(metrics, 'pager_notifications_total', { status: 'resolved' })).toBe(1);
    expect(sampleValue(metrics, 'pager_incidents_open', { status: 'triggered' })).toBe(1);
    expect(promtoolProblems(metrics)).toEqual([]);
  });

  it('keeps incidents in Redis across a restart', async () => {
    const redisUrl = await freshRedisUrl();
    const first = await start({}, redisUrl);
    await notify(first.url, alertmanagerPayload('firing', [down]));
    const before = await incidents(first.url);
    await running.splice(0)[0]?.stop();
    const second = await start({}, redisUrl);
    expect(await incidents(second.url)).toEqual(before);
    expect(await second.redis.keys('*')).toSatisfy((ks: string[]) => ks.every((k) => k.startsWith('pager:')));
    await notify(second.url, alertmanagerPayload('firing', [down]));
    expect(await incidents(second.url)).toHaveLength(1);
  });

  it('refuses a malformed payload with 400 naming the field, storing nothing', async () => {
    const pager = await start();
    const body = { ...(alertmanagerPayload('firing', [down]) as Record<string, unknown>), status: 'exploded' };
    const res = await notify(pager.url, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('status') } });
    const noAlerts = await notify(pager.url, { ...body, status: 'firing', alerts: [{ status: 'firing' }] });
    expect(noAlerts.status).toBe(400);
    expect((noAlerts.body as { error: { message: string } }).error.message).toContain('alerts[0].labels');
    expect(await pager.redis.keys('pager:*')).toEqual([]);
  });
});

describe('acknowledge and resolve', () => {
  it('acknowledges, resolves with a note, and refuses to touch a resolved incident', async () => {
    const pager = await start();
    await notify(pager.url, alertmanagerPayload('firing', [down]));
    const id = (await incidents(pager.url))[0]?.id ?? '';

    const ack = await requestJson(`${pager.url}/incidents/${id}/acknowledge`, { json: { by: 'kevin' } });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ incident: { status: 'acknowledged', acknowledgedAt: expect.any(String) } });
    expect(sampleValue(await scrape(pager.url), 'pager_incidents_open', { status: 'acknowledged' })).toBe(1);

    const done = await requestJson(`${pager.url}/incidents/${id}/resolve`, { json: { by: 'kevin', note: 'rolled back PERF-812' } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ incident: { status: 'resolved' } });
    expect((await timeline(pager.url, id)).slice(2)).toEqual([
      expect.objectContaining({ type: 'acknowledged', by: 'kevin' }),
      expect.objectContaining({ type: 'resolved', by: 'kevin', message: 'resolved by kevin: rolled back PERF-812' }),
    ]);

    for (const action of ['acknowledge', 'resolve']) {
      const again = await requestJson(`${pager.url}/incidents/${id}/${action}`, { json: { by: 'dan' } });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: { code: 'incident_resolved' } });
    }
    const missing = await requestJson(`${pager.url}/incidents/P999999/acknowledge`, { json: { by: 'dan' } });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'incident_not_found' } });
    expect((await requestJson(`${pager.url}/incidents/P999999/timeline`)).status).toBe(404);
    const noBy = await requestJson(`${pager.url}/incidents/${id}/acknowledge`, { json: {} });
    expect(noBy.status).toBe(400);
    expect((await requestJson(`${pager.url}/incidents?status=open`)).status).toBe(400);
  });
});

describe('escalation', () => {
  it('escalates an unacknowledged incident once per level, and not an acknowledged one', async () => {
    const pager = await start({ escalateAfterMs: 200, escalation: ['dan', 'kevin', 'alicia'] });
    await notify(pager.url, alertmanagerPayload('firing', [down]));
    await notify(pager.url, alertmanagerPayload('firing', [{ alertname: 'CheckoutSlow', service: 'orders', severity: 'warning' }]));
    const [slow, storefront] = await incidents(pager.url);
    await requestJson(`${pager.url}/incidents/${slow?.id ?? ''}/acknowledge`, { json: { by: 'dan' } });

    const id = storefront?.id ?? '';
    const escalated = await until('two escalations', async () => {
      const entries = (await timeline(pager.url, id)).filter((e) => e.type === 'escalated');
      return entries.length >= 2 && entries;
    }, { timeoutMs: 5000 });
    expect(escalated.map((e) => e.by)).toEqual(['kevin', 'alicia']);
    await until('a few more checks', async () => (await incidents(pager.url)).length === 2 && Date.now() - Date.parse(escalated[1]?.at ?? '') > 600);
    expect((await timeline(pager.url, id)).filter((e) => e.type === 'escalated')).toHaveLength(2);
    expect((await incidents(pager.url, 'triggered'))[0]).toMatchObject({ assignee: 'alicia', escalationLevel: 2 });
    expect((await timeline(pager.url, slow?.id ?? '')).map((e) => e.type)).toEqual(['triggered', 'notified', 'acknowledged']);
  });
});
