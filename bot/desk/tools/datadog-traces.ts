import { z } from 'zod';
import { deployables } from '../../../lab/deployables.js';
import { unknownObject } from '../registry/errors.js';
import { defineTool, type Tool } from '../registry/tool.js';
import type { TraceStore } from '../traces/trace-store.js';
import { bounds, spanTree, summarize } from '../traces/trace-view.js';
import { resolveWhen, when } from './when.js';

const MAX_TREE_SPANS = 300;

/** The APM's trace tools, Datadog style, over the spans the services export to the desk. */
export function createDatadogTraceTools(traces: TraceStore): Tool[] {
  const services = () => {
    const seen = new Set<string>();
    for (const t of traces.traces()) for (const s of t.spans.values()) seen.add(s.service);
    return [...new Set([...deployables.map((d) => d.name).filter((n) => n !== 'desk'), ...[...seen].sort()])];
  };
  const retention = () => {
    const s = traces.stats();
    return { traces: s.traces, spans: s.spans, maxSpans: s.maxSpans, maxAgeMinutes: s.maxAgeMs / 60_000, ...(s.oldestMs ? { oldestReceived: new Date(s.oldestMs).toISOString() } : {}) };
  };
  const newestIds = () => traces.traces().reverse().slice(0, 20).map((t) => t.traceId);

  return [
    defineTool({
      name: 'datadog_list_traces',
      family: 'datadog',
      kind: 'read',
      description: 'Recent traces, newest first: trace id, root span (name, service), start, duration, span and error counts, services touched. Filter by service, operation, status or minimum duration; then datadog_get_trace.',
      args: z.object({
        service: z.string().trim().min(1).optional().describe('Only traces with a span from this service, e.g. storefront'),
        operation: z.string().trim().min(1).max(200).optional().describe('Only traces with a span whose name contains this, any case, e.g. "GET /cart" or "deliver" (with service: a span of that service)'),
        status: z.enum(['ok', 'error']).optional().describe('error: traces with at least one span in error; ok: traces with none'),
        minDurationMs: z.number().min(0).optional().describe('Only traces lasting at least this many milliseconds'),
        since: when.optional().describe('Only traces starting at or after this: ISO time or a duration ago such as 10m'),
        limit: z.number().int().min(1).max(100).default(20).describe('At most this many traces (default 20)'),
      }).strict(),
      async run(args, ctx) {
        if (args.service && !services().includes(args.service)) throw unknownObject('service', 'service', args.service, services());
        const sinceUs = args.since ? resolveWhen(args.since, ctx.now()) * 1000 : undefined;
        const operation = args.operation?.toLowerCase();
        const hits = traces.traces().filter((t) => {
          const spans = [...t.spans.values()];
          if (!spans.some((s) => (!args.service || s.service === args.service) && (!operation || s.name.toLowerCase().includes(operation)))) return false;
          const { startUs, endUs } = bounds(t);
          if (sinceUs !== undefined && startUs < sinceUs) return false;
          if (args.minDurationMs !== undefined && (endUs - startUs) / 1000 < args.minDurationMs) return false;
          const failed = spans.some((s) => s.status.code === 'error');
          return args.status === undefined || (args.status === 'error') === failed;
        });
        const summaries = hits.map(summarize).sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : 0));
        return { total: summaries.length, truncated: summaries.length > args.limit, traces: summaries.slice(0, args.limit), retention: retention() };
      },
    }),
    defineTool({
      name: 'datadog_get_trace',
      family: 'datadog',
      kind: 'read',
      description: 'One trace as a span tree: each span\'s service, name, kind, start and duration in ms from the trace\'s start, status and error message, attributes and events (exceptions).',
      args: z.object({
        traceId: z.string().trim().regex(/^[0-9a-fA-F]{32}$/, 'expected a 32-hex-digit trace id').describe('Trace id, 32 hex digits (from datadog_list_traces or an error\'s traceId in sentry_get_issue)'),
      }).strict(),
      async run(args) {
        const t = traces.get(args.traceId.toLowerCase());
        if (!t) throw unknownObject('traceId', 'trace', args.traceId, newestIds());
        const { roots, shown } = spanTree(t, MAX_TREE_SPANS);
        return {
          ...summarize(t),
          tree: roots,
          truncated: shown < t.spans.size,
          ...(shown < t.spans.size ? { shownSpans: shown } : {}),
        };
      },
    }),
  ];
}
