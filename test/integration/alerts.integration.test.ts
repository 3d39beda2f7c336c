import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '../../lab/pager/model.js';
import type { PodSummary } from '../../lab/runtime/runtime.js';
import { callControl } from '../../lab/runtime/local/control.js';
import { promLabels, promValue, useSharedLab } from '../support/lab.js';
import { until } from '../support/poll.js';

const lab = useSharedLab();

const incidents = async () => ((await (await fetch(`http://127.0.0.1:${lab.ports.pager}/incidents`)).json()) as { incidents: Incident[] }).incidents;
const timeline = async (id: string) => ((await (await fetch(`http://127.0.0.1:${lab.ports.pager}/incidents/${id}/timeline`)).json()) as { timeline: TimelineEntry[] }).timeline;
const byAlert = (list: Incident[], alertname: string) => list.find((i) => i.groupKey.includes(`alertname="${alertname}"`));
/** Every alert that has fired since the lab started. */
const firedSinceStart = async () => (await promLabels(lab, 'group by (alertname) (max_over_time(ALERTS{alertstate="firing"}[30m]))')).map((l) => l.alertname).sort();

describe('alerts in a running lab (test profile: for: thirty times shorter)', () => {
  it('steady state fires nothing but the long-standing seating alert, and that one reaches the pager', async () => {
    await until('the seating duplicate alert to fire', async () => (await firedSinceStart()).includes('SeatingDuplicateSeatAssignments'), { timeoutMs: 240_000, everyMs: 1000 });
    // Give every other rule several of its (shortened) `for:` windows on a steady shop.
    await until('30 s more of steady state', async () => ((await promValue(lab, 'time() - min(process_start_time_seconds{job="orders"})')) ?? 0) > 90, { timeoutMs: 120_000, everyMs: 1000 });
    expect(await firedSinceStart()).toEqual(['SeatingDuplicateSeatAssignments']);
    const seating = await until('the seating incident', async () => byAlert(await incidents(), 'SeatingDuplicateSeatAssignments'), { timeoutMs: 30_000, everyMs: 500 });
    expect(seating).toMatchObject({ status: 'triggered', severity: 'info', service: 'seating' });
    expect((await incidents()).map((i) => i.groupKey)).toHaveLength(1);
  }, 420_000);

  it('orders stopped opens the storefront breaker, which pages; orders back resolves the incident', async () => {
    const scaled = await callControl<PodSummary>(lab.socket, 'POST', '/scale/orders', { replicas: 0 });
    expect(scaled.body).toMatchObject({ deployable: 'orders', replicas: 0, ready: false });
    expect(scaled.body.pid).toBeUndefined();

    const page = await until('a pager incident for the open breaker', async () => byAlert(await incidents(), 'StorefrontBreakerOpen'), { timeoutMs: 120_000, everyMs: 500 });
    expect(page).toMatchObject({ severity: 'page', service: 'storefront', status: 'triggered' });
    expect(await promValue(lab, 'max(storefront_breaker_state{state="open"})')).toBe(1);
    const opened = (await timeline(page.id)).map((e) => e.type);
    expect(opened.slice(0, 2)).toEqual(['triggered', 'notified']);
    expect((await fetch(`http://127.0.0.1:${lab.ports.storefront}/`)).status).toBe(503);

    const back = await callControl<PodSummary>(lab.socket, 'POST', '/scale/orders', { replicas: 1 });
    expect(back.body).toMatchObject({ deployable: 'orders', replicas: 1, ready: true });
    const resolved = await until('the page to resolve', async () => {
      const i = byAlert(await incidents(), 'StorefrontBreakerOpen');
      return i?.status === 'resolved' ? i : undefined;
    }, { timeoutMs: 180_000, everyMs: 1000 });
    expect(resolved.resolvedAt).not.toBeNull();
    expect((await timeline(page.id)).map((e) => e.type)).toContain('resolved');
    expect(await promValue(lab, 'max(storefront_breaker_state{state="closed"})')).toBe(1);
    expect((await fetch(`http://127.0.0.1:${lab.ports.storefront}/`)).status).toBe(200);
  }, 360_000);
});
