import { describe, expect, it } from 'vitest';
import { ABRIDGED_CHARS } from './abridge.js';
import { SEATING_CLOCK, SEATING_LINE_AT, logLine, storefrontGame } from './game-fixture.js';
import { INJECTED_AT, reportJournal } from './report-fixture.js';
import { buildAppendix, buildTimeline } from './timeline.js';

const clocks = [{ service: 'seating', ...SEATING_CLOCK }];
const opts = { injectedAt: INJECTED_AT, skewedClocks: clocks };

describe('buildTimeline', () => {
  it('holds every journaled call, message and game event on the desk\'s clock, abridged, with the complete answer in the appendix', () => {
    const { j } = storefrontGame();
    const timeline = buildTimeline(j.entries, opts);
    expect(timeline.map((t) => t.seq)).toEqual(j.entries.map((e) => e.seq));
    const calls = j.entries.filter((e) => e.type === 'call');
    const appendix = buildAppendix(j.entries);
    expect(appendix.map((a) => a.seq)).toEqual(calls.map((c) => c.seq));
    for (const c of calls) {
      const row = timeline.find((t) => t.seq === c.seq);
      expect(row).toMatchObject({ kind: 'call', ok: true });
      expect(row?.what.startsWith(c.tool)).toBe(true);
      expect(row?.text.length).toBeLessThanOrEqual(ABRIDGED_CHARS);
      expect(appendix.find((a) => a.seq === c.seq)?.response).toEqual(c.result);
    }
    expect(timeline.find((t) => t.kind === 'game' && t.what === 'page')).toMatchObject({ clock: '08:04:00 UTC', sinceInjection: '+4:00' });
    expect(timeline.find((t) => t.who === '@alicia')).toMatchObject({ kind: 'message', what: '#incidents (symptom)' });
    expect(timeline.find((t) => t.text.startsWith('@dan I think PERF-812'))).toMatchObject({ who: 'claude', what: '#incidents (theory)' });
    expect(timeline.find((t) => t.who === 'dan (coworker lookup)')).toBeDefined();
  });

  it('shows seating\'s skewed local times corrected to UTC and flagged; other services\' times as they are', () => {
    const { j } = storefrontGame();
    const timeline = buildTimeline(j.entries, opts);
    const seating = timeline.find((t) => t.what.startsWith('kubectl_logs'));
    expect(seating?.corrected).toBe(true);
    expect(seating?.text).toContain('08:05:00 UTC (seating clock +97 s, corrected) [seating] warn double-booked seat found seat=12F');
    expect(seating?.text).toContain('08:04:30 UTC (seating clock +97 s, corrected)');
    // The raw line says 09:06:37+01:00: local time, 97 s ahead.
    expect(seating?.text).not.toContain('09:06');
    const orders = timeline.find((t) => t.what.startsWith('logs_search'));
    expect(orders?.text).toContain('08:04:30 UTC [orders] warn pool exhausted waiting=14');
    expect(orders?.text).not.toContain('corrected');
    expect(orders?.corrected).toBeUndefined();
  });

  it('takes the clock from the service a call read when a line carries no service field, and from logs_search\'s match', () => {
    const j = reportJournal();
    const bare = logLine('seating', SEATING_LINE_AT, 'audit', SEATING_CLOCK).replace('"service":"seating",', '');
    j.call('logs_get_service_logs', { service: 'seating' }, { result: { service: 'seating', matched: 1, lines: [bare] } });
    j.call('logs_search', { query: 'audit' }, { result: { query: 'audit', total: 1, matches: [{ service: 'seating', line: bare }] } });
    j.call('logs_get_service_logs', { service: 'orders' }, { result: { service: 'orders', matched: 1, lines: [bare] } });
    const [byService, bySearch, other] = buildTimeline(j.entries, opts);
    expect(byService?.text).toContain('08:05:00 UTC (seating clock +97 s, corrected)');
    expect(bySearch?.text).toContain('08:05:00 UTC (seating clock +97 s, corrected)');
    expect(other?.text).not.toContain('corrected');
  });

  it('abridges a long answer to its newest lines within the budget, and shows a failed call\'s error', () => {
    const j = reportJournal();
    const lines = Array.from({ length: 200 }, (_, i) => logLine('orders', SEATING_LINE_AT + i * 1000, `pool exhausted ${'x'.repeat(40)} #${i}`));
    j.call('kubectl_logs', { pod: 'orders' }, { result: { pod: 'orders', lines } });
    j.call('jira_search', { jql: 'x' }, { result: { issues: Array.from({ length: 100 }, (_, i) => ({ key: `ORD-${i}` })) } });
    j.call('kubectl_logs', { pod: 'nope' }, { ok: false });
    const [logs, jira, failed] = buildTimeline(j.entries, opts);
    expect(logs?.text.startsWith('200 lines; newest: ')).toBe(true);
    expect(logs?.text).toContain('#199');
    expect(logs?.text.length).toBeLessThanOrEqual(ABRIDGED_CHARS);
    expect(jira?.text.length).toBe(ABRIDGED_CHARS);
    expect(jira?.text.endsWith('…')).toBe(true);
    expect(failed).toMatchObject({ ok: false, text: 'error refused: kubectl_logs failed' });
  });

  it('counts time from injection, before it too', () => {
    const j = reportJournal('2026-11-30T07:59:00.000Z', 30);
    j.game('prepared');
    j.game('hint');
    j.advance(3600);
    j.game('hint');
    expect(buildTimeline(j.entries, opts).map((t) => t.sinceInjection)).toEqual(['-0:30', '+0:00', '+60:30']);
  });
});
