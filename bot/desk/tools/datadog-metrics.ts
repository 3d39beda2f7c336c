import { z } from 'zod';
import { ToolError } from '../registry/errors.js';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { DatadogSyntaxError, labelOf, parseDatadogQuery, scopeOf, toPromQL, type DatadogQuery } from './datadog-query.js';
import { promApi } from './prometheus.js';
import { resolveWhen, when } from './when.js';

/** Points per series and in one answer: enough for any graph, small enough for an agent's context. */
export const MAX_POINTS_PER_SERIES = 1500;
export const MAX_POINTS = 20_000;
const MAX_SERIES = 100;

interface RangeSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

/** Prometheus writes NaN and ±Inf as strings; Datadog has no such points, only gaps (null). */
const pointValue = (v: string): number | null => {
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

function toSeries(q: DatadogQuery, promql: string, step: number, s: RangeSeries) {
  const tagSet = q.by.map((t) => `${t}:${s.metric[labelOf(t)] ?? 'N/A'}`);
  const scope = [...(q.filters.length > 0 ? [scopeOf(q)] : []), ...tagSet].join(',') || '*';
  const pointlist = s.values.map(([t, v]) => [Math.round(t * 1000), pointValue(v)] as const);
  return {
    metric: q.metric, display_name: q.metric, expression: `${q.aggregator}:${q.metric}{${scope}}`, scope, tag_set: tagSet,
    aggr: q.aggregator, interval: step, length: pointlist.length,
    start: pointlist[0]?.[0] ?? null, end: pointlist.at(-1)?.[0] ?? null, pointlist, promql,
  };
}

export function createDatadogTools(sources: Pick<DeskSources, 'prometheusUrl'>): Tool[] {
  const base = sources.prometheusUrl;
  return [
    defineTool({
      name: 'datadog_query_metrics',
      family: 'datadog',
      kind: 'read',
      description: 'Query metrics in Datadog syntax, e.g. sum:fulfillment_webhook_attempts_total{outcome:timeout} by {partner}.as_rate() or max:storefront_breaker_state{state:open}; returns Datadog series (pointlist [[ms, value]]) and the PromQL it ran.',
      args: z.object({
        query: z.string().trim().min(1).max(2000).describe('aggregator:metric{tag:value,!tag:value,tag:val*} by {tag}.as_rate()|.as_count()|.rollup(avg, 60); aggregators avg, sum, min, max'),
        from: when.optional().describe('Start: ISO time, epoch seconds or a duration ago such as 1h (default 1h)'),
        to: when.optional().describe('End (default now)'),
        rollup: z.number().int().min(1).max(86_400).optional().describe('Seconds between points (default: about 100 points); .rollup(method, seconds) in the query sets it too'),
      }).strict(),
      async run(args, ctx) {
        let q: DatadogQuery;
        try {
          q = parseDatadogQuery(args.query);
        } catch (err) {
          if (err instanceof DatadogSyntaxError) throw new ToolError('invalid_query', 400, `query: ${err.message}`, { field: 'query', cause: err });
          throw err;
        }
        const now = ctx.now();
        const to = args.to ? resolveWhen(args.to, now) : now.getTime();
        const from = args.from ? resolveWhen(args.from, now) : to - 3_600_000;
        if (to <= from) throw new ToolError('invalid_arguments', 400, 'to: must be after from', { field: 'to' });
        const inQuery = q.rollup?.seconds;
        if (inQuery !== undefined && args.rollup !== undefined && inQuery !== args.rollup) {
          throw new ToolError('conflicting_arguments', 400, `rollup: the query's .rollup(${q.rollup?.method}, ${inQuery}) already sets ${inQuery} s`, { field: 'rollup' });
        }
        const rangeSeconds = (to - from) / 1000;
        const step = inQuery ?? args.rollup ?? Math.max(1, Math.ceil(rangeSeconds / 100));
        const points = Math.floor(rangeSeconds / step) + 1;
        if (points > MAX_POINTS_PER_SERIES) {
          const field = inQuery !== undefined ? 'query' : 'rollup';
          throw new ToolError('too_many_points', 400, `${field}: ${step} s over ${Math.round(rangeSeconds)} s is ${points} points a series; at most ${MAX_POINTS_PER_SERIES} — use a rollup of at least ${Math.ceil(rangeSeconds / (MAX_POINTS_PER_SERIES - 1))} s or a shorter range`, { field });
        }
        const promql = toPromQL(q, step);
        const params = new URLSearchParams({ query: promql, start: String(from / 1000), end: String(to / 1000), step: `${step}s` });
        const data = (await promApi(base, '/api/v1/query_range', params)) as { result: RangeSeries[] };
        const all = data.result;
        const shown = Math.min(all.length, MAX_SERIES, Math.max(1, Math.floor(MAX_POINTS / points)));
        return {
          status: 'ok', res_type: 'time_series', query: args.query, from_date: from, to_date: to, group_by: q.by, promql, step,
          series: all.slice(0, shown).map((s) => toSeries(q, promql, step, s)),
          ...(shown < all.length ? { truncated: { series: all.length, shown } } : {}),
        };
      },
    }),
  ];
}
