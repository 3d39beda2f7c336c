import { z } from 'zod';
import { ToolError, upstreamError } from '../registry/errors.js';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { resolveWhen, when } from './when.js';

interface PromEnvelope {
  status: 'success' | 'error';
  data?: unknown;
  errorType?: string;
  error?: string;
  warnings?: string[];
}

const MAX_SERIES = 200;
/** Points in one range answer (about 30 bytes each): 200 series of 11 000 points would be 60 MB. */
const MAX_POINTS = 20_000;

/** One call to the Prometheus HTTP API; a query Prometheus rejects is the caller's error, naming `field`. */
export async function promApi(baseUrl: string, path: string, params: URLSearchParams, field = 'query'): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${path}?${params.toString()}`, { signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    throw upstreamError(`Prometheus at ${baseUrl}`, err);
  }
  const body = (await res.json().catch(() => ({ status: 'error', error: `HTTP ${res.status}` }))) as PromEnvelope;
  if (body.status === 'success') return body.data;
  if (body.errorType === 'bad_data') throw new ToolError('invalid_promql', 400, `${field}: ${body.error ?? 'rejected by Prometheus'}`, { field });
  throw upstreamError(`Prometheus at ${baseUrl}`, new Error(`${body.errorType ?? res.status}: ${body.error ?? ''}`));
}

const seconds = (ms: number) => String(ms / 1000);

export function createPrometheusTools(sources: Pick<DeskSources, 'prometheusUrl'>): Tool[] {
  const base = sources.prometheusUrl;
  return [
    defineTool({
      name: 'prometheus_query',
      family: 'prometheus',
      kind: 'read',
      description: 'Run a PromQL query against the lab\'s Prometheus: instant by default, a range when start is given (e.g. rate(fulfillment_webhook_attempts_total[1m])).',
      args: z.object({
        query: z.string().trim().min(1).describe('PromQL expression'),
        time: when.optional().describe('Instant query evaluation time (default now)'),
        start: when.optional().describe('Range start: ISO time, epoch seconds or a duration ago such as 30m; makes this a range query'),
        end: when.optional().describe('Range end (default now)'),
        step: z.string().regex(/^\d+(ms|s|m|h)$/, 'expected a step such as 15s or 1m').optional().describe('Range resolution, e.g. 30s (default: about 100 points)'),
      }).strict(),
      async run(args, ctx) {
        const now = ctx.now();
        if (args.start === undefined) {
          const params = new URLSearchParams({ query: args.query, ...(args.time ? { time: seconds(resolveWhen(args.time, now)) } : {}) });
          return capped((await promApi(base, '/api/v1/query', params)) as PromData);
        }
        const start = resolveWhen(args.start, now);
        const end = args.end ? resolveWhen(args.end, now) : now.getTime();
        if (end <= start) throw new ToolError('invalid_arguments', 400, 'end: must be after start', { field: 'end' });
        const step = args.step ?? `${Math.max(1, Math.ceil((end - start) / 100_000))}s`;
        const params = new URLSearchParams({ query: args.query, start: seconds(start), end: seconds(end), step });
        return { ...capped((await promApi(base, '/api/v1/query_range', params)) as PromData), step };
      },
    }),
    defineTool({
      name: 'prometheus_list_metrics',
      family: 'prometheus',
      kind: 'read',
      description: 'List the metric names Prometheus has, with type and help text; filter by a substring and/or a scrape job (service).',
      args: z.object({
        match: z.string().trim().min(1).optional().describe('Substring the metric name must contain, e.g. pool or webhook'),
        service: z.string().trim().min(1).optional().describe('Only metrics scraped from this service (Prometheus job), e.g. orders'),
      }).strict(),
      async run(args) {
        const params = new URLSearchParams();
        if (args.service) params.append('match[]', `{job=${JSON.stringify(args.service)}}`);
        const names = (await promApi(base, '/api/v1/label/__name__/values', params, 'service')) as string[];
        if (args.service && names.length === 0) {
          const jobs = (await promApi(base, '/api/v1/label/job/values', new URLSearchParams(), 'service')) as string[];
          if (!jobs.includes(args.service)) throw new ToolError('unknown_service', 404, `service: no scrape job "${args.service}"; valid: ${jobs.join(', ')}`, { field: 'service', valid: jobs });
        }
        const metadata = (await promApi(base, '/api/v1/metadata', new URLSearchParams(), 'match')) as Record<string, Array<{ type: string; help: string }>>;
        const wanted = names.filter((n) => !args.match || n.toLowerCase().includes(args.match.toLowerCase()));
        return {
          count: wanted.length,
          metrics: wanted.map((name) => {
            const meta = metadata[name]?.[0] ?? metadata[name.replace(/_(bucket|sum|count)$/, '')]?.[0];
            return { name, ...(meta ? { type: meta.type, help: meta.help } : {}) };
          }),
        };
      },
    }),
  ];
}

interface PromData {
  resultType: string;
  result: unknown;
}

/**
 * Prometheus's own shapes, with at most MAX_SERIES series, and for a range as many series
 * as fit in MAX_POINTS, so one careless query cannot flood an agent's context.
 */
function capped(data: PromData): PromData & { truncated?: { series: number; shown: number } } {
  if (!Array.isArray(data.result)) return data;
  const series = data.result as Array<{ values?: unknown[] }>;
  let shown = 0;
  let points = 0;
  while (shown < Math.min(series.length, MAX_SERIES)) {
    points += series[shown]?.values?.length ?? 1;
    if (points > MAX_POINTS && shown > 0) break;
    shown += 1;
  }
  if (shown === series.length) return data;
  return { resultType: data.resultType, result: series.slice(0, shown), truncated: { series: series.length, shown } };
}
