import type { StoredSpan } from './span.js';

export interface TraceStoreOptions {
  /** Spans held across all traces; past it the oldest traces go, whole. */
  maxSpans?: number;
  /** A trace first seen longer ago than this is dropped, whole. */
  maxAgeMs?: number;
  now?: () => number;
}

/** One trace's spans as received so far (services export in batches, so a trace fills in over seconds). */
export interface StoredTrace {
  traceId: string;
  spans: Map<string, StoredSpan>;
  firstReceivedMs: number;
  lastReceivedMs: number;
}

export interface TraceStore {
  add(spans: readonly StoredSpan[]): void;
  get(traceId: string): StoredTrace | undefined;
  /** Every trace held, oldest received first. */
  traces(): StoredTrace[];
  stats(): { traces: number; spans: number; maxSpans: number; maxAgeMs: number; oldestMs: number | undefined };
}

/**
 * The desk's APM: spans in memory, grouped by trace, bounded by count and by age. Eviction
 * takes whole traces in the order they were first seen, so a trace is never half-forgotten.
 */
export function createTraceStore(opts: TraceStoreOptions = {}): TraceStore {
  const maxSpans = opts.maxSpans ?? 50_000;
  const maxAgeMs = opts.maxAgeMs ?? 30 * 60_000;
  const now = opts.now ?? (() => Date.now());
  // A Map iterates in insertion order: the first entry is always the trace seen first.
  const traces = new Map<string, StoredTrace>();
  let spanCount = 0;

  const evict = () => {
    const cutoff = now() - maxAgeMs;
    for (const t of traces.values()) {
      if (spanCount <= maxSpans && t.firstReceivedMs >= cutoff) break;
      traces.delete(t.traceId);
      spanCount -= t.spans.size;
    }
  };

  return {
    add(spans) {
      const at = now();
      for (const s of spans) {
        let t = traces.get(s.traceId);
        if (!t) {
          t = { traceId: s.traceId, spans: new Map(), firstReceivedMs: at, lastReceivedMs: at };
          traces.set(s.traceId, t);
        }
        // An exporter retrying a batch sends the same span again: it replaces, never doubles.
        if (!t.spans.has(s.spanId)) spanCount += 1;
        t.spans.set(s.spanId, s);
        t.lastReceivedMs = at;
      }
      evict();
    },
    get(traceId) {
      evict();
      return traces.get(traceId);
    },
    traces() {
      evict();
      return [...traces.values()];
    },
    stats() {
      evict();
      return { traces: traces.size, spans: spanCount, maxSpans, maxAgeMs, oldestMs: traces.values().next().value?.firstReceivedMs };
    },
  };
}
