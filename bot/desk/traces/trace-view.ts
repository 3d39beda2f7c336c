import type { AttributeValue, StoredSpan } from './span.js';
import type { StoredTrace } from './trace-store.js';

const ms = (us: number) => Math.round(us) / 1000;

/** A trace in one line of a list: its root, when, how long, how big, how broken. */
export interface TraceSummary {
  traceId: string;
  root: { name: string; service: string };
  start: string;
  durationMs: number;
  spans: number;
  errors: number;
  services: string[];
  /** Some span names a parent the desk has not received (still in flight, evicted, or never exported). */
  incomplete: boolean;
}

const byStart = (a: StoredSpan, b: StoredSpan) => a.startUs - b.startUs || a.endUs - b.endUs;

/** Spans whose parent is not in the trace, earliest first: the true root and any orphans. */
function roots(t: StoredTrace): StoredSpan[] {
  return [...t.spans.values()].filter((s) => !s.parentSpanId || !t.spans.has(s.parentSpanId)).sort(byStart);
}

export function bounds(t: StoredTrace): { startUs: number; endUs: number } {
  let startUs = Infinity;
  let endUs = -Infinity;
  for (const s of t.spans.values()) {
    startUs = Math.min(startUs, s.startUs);
    endUs = Math.max(endUs, s.endUs);
  }
  return { startUs, endUs };
}

export function summarize(t: StoredTrace): TraceSummary {
  const spans = [...t.spans.values()];
  const top = roots(t);
  const root = top.find((s) => !s.parentSpanId) ?? top[0];
  const { startUs, endUs } = bounds(t);
  return {
    traceId: t.traceId,
    root: { name: root?.name ?? '?', service: root?.service ?? '?' },
    start: new Date(startUs / 1000).toISOString(),
    durationMs: ms(endUs - startUs),
    spans: spans.length,
    errors: spans.filter((s) => s.status.code === 'error').length,
    services: [...new Set(spans.map((s) => s.service))].sort(),
    incomplete: spans.some((s) => s.parentSpanId !== undefined && !t.spans.has(s.parentSpanId)),
  };
}

/** One span in a trace's tree, its times in ms from the trace's start. */
export interface SpanNode {
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  kind: string;
  startMs: number;
  durationMs: number;
  status: 'unset' | 'ok' | 'error';
  statusMessage?: string;
  attributes: Record<string, AttributeValue>;
  events?: Array<{ name: string; atMs: number; attributes: Record<string, AttributeValue> }>;
  children?: SpanNode[];
}

/**
 * The trace as a tree of spans, children in start order. At most `maxSpans` spans are
 * shown: the earliest-starting ones, so the tree stays connected from its root down.
 */
export function spanTree(t: StoredTrace, maxSpans: number): { roots: SpanNode[]; shown: number } {
  const { startUs } = bounds(t);
  const shown = new Set([...t.spans.values()].sort(byStart).slice(0, maxSpans).map((s) => s.spanId));
  const children = new Map<string, StoredSpan[]>();
  for (const s of t.spans.values()) {
    if (!s.parentSpanId || !t.spans.has(s.parentSpanId)) continue;
    const list = children.get(s.parentSpanId) ?? [];
    list.push(s);
    children.set(s.parentSpanId, list);
  }
  let emitted = 0;
  const node = (s: StoredSpan): SpanNode => {
    emitted += 1;
    const kids = (children.get(s.spanId) ?? []).filter((c) => shown.has(c.spanId)).sort(byStart);
    return {
      spanId: s.spanId,
      ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
      name: s.name,
      service: s.service,
      kind: s.kind,
      startMs: ms(s.startUs - startUs),
      durationMs: ms(s.endUs - s.startUs),
      status: s.status.code,
      ...(s.status.message ? { statusMessage: s.status.message } : {}),
      attributes: s.attributes,
      ...(s.events.length ? { events: s.events.map((e) => ({ name: e.name, atMs: ms(e.timeUs - startUs), attributes: e.attributes })) } : {}),
      ...(kids.length ? { children: kids.map(node) } : {}),
    };
  };
  const tree = roots(t).filter((s) => shown.has(s.spanId)).map(node);
  return { roots: tree, shown: emitted };
}
