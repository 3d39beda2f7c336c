import { describe, expect, it } from 'vitest';
import type { StoredSpan } from './span.js';
import { createTraceStore } from './trace-store.js';
import { spanTree, summarize } from './trace-view.js';

const T0 = 1_796_015_195_000_000;
const tid = (n: number) => n.toString(16).padStart(32, '0');

function span(trace: number, id: string, over: Partial<StoredSpan> = {}): StoredSpan {
  return {
    traceId: tid(trace), spanId: id.padStart(16, '0'), name: `op ${id}`, kind: 'server', service: 'orders',
    startUs: T0, endUs: T0 + 1000, attributes: {}, status: { code: 'unset' }, events: [], ...over,
  };
}

describe('createTraceStore retention', () => {
  it('evicts the oldest traces whole once it holds more than maxSpans', () => {
    const store = createTraceStore({ maxSpans: 5 });
    store.add([span(1, 'a'), span(1, 'b'), span(1, 'c')]);
    store.add([span(2, 'a'), span(2, 'b')]);
    expect(store.stats()).toMatchObject({ traces: 2, spans: 5 });
    store.add([span(3, 'a')]);
    expect(store.traces().map((t) => t.traceId)).toEqual([tid(2), tid(3)]);
    expect(store.stats().spans).toBe(3);
  });

  it('drops traces first seen longer ago than maxAgeMs', () => {
    let now = 1_000_000;
    const store = createTraceStore({ maxAgeMs: 60_000, now: () => now });
    store.add([span(1, 'a')]);
    now += 30_000;
    store.add([span(2, 'a')]);
    now += 40_000;
    expect(store.get(tid(1))).toBeUndefined();
    expect(store.get(tid(2))).toBeDefined();
    expect(store.stats()).toMatchObject({ traces: 1, spans: 1, oldestMs: 1_030_000 });
  });

  it('counts a span sent twice (an exporter retry) once', () => {
    const store = createTraceStore();
    store.add([span(1, 'a'), span(1, 'a', { name: 'again' })]);
    expect(store.stats().spans).toBe(1);
    expect(store.get(tid(1))?.spans.get('a'.padStart(16, '0'))?.name).toBe('again');
  });
});

describe('summarize and spanTree', () => {
  const store = createTraceStore();
  store.add([
    span(7, 'root', { service: 'storefront', name: 'GET /cart', startUs: T0, endUs: T0 + 250_000 }),
    span(7, 'client', { parentSpanId: 'root'.padStart(16, '0'), service: 'storefront', kind: 'client', name: 'GET orders', startUs: T0 + 1_000, endUs: T0 + 240_000, status: { code: 'error', message: '503' } }),
    span(7, 'server', { parentSpanId: 'client'.padStart(16, '0'), name: 'GET /carts/:cartId', startUs: T0 + 2_000, endUs: T0 + 230_500, status: { code: 'error' }, events: [{ name: 'exception', timeUs: T0 + 3_000, attributes: {} }] }),
    span(7, 'orphan', { parentSpanId: 'gone'.padStart(16, '0'), name: 'late', startUs: T0 + 5_000, endUs: T0 + 6_000 }),
  ]);
  const trace = store.get(tid(7));
  if (!trace) throw new Error('fixture');

  it('summarizes root, duration, counts, services, and a missing parent', () => {
    expect(summarize(trace)).toEqual({
      traceId: tid(7), root: { name: 'GET /cart', service: 'storefront' }, start: new Date(T0 / 1000).toISOString(),
      durationMs: 250, spans: 4, errors: 2, services: ['orders', 'storefront'], incomplete: true,
    });
  });

  it('nests children under parents with times relative to the trace start', () => {
    const { roots, shown } = spanTree(trace, 100);
    expect(shown).toBe(4);
    expect(roots.map((r) => r.name)).toEqual(['GET /cart', 'late']);
    const server = roots[0]?.children?.[0]?.children?.[0];
    expect(server).toMatchObject({ name: 'GET /carts/:cartId', startMs: 2, durationMs: 228.5, status: 'error', events: [{ name: 'exception', atMs: 3 }] });
    expect(roots[0]?.children?.[0]).toMatchObject({ kind: 'client', statusMessage: '503' });
  });

  it('shows at most maxSpans, the earliest, so the tree stays connected', () => {
    const { roots, shown } = spanTree(trace, 2);
    expect(shown).toBe(2);
    expect(roots).toHaveLength(1);
    expect(roots[0]?.children?.[0]?.children).toBeUndefined();
  });
});
