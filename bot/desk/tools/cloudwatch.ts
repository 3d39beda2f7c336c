import { z } from 'zod';
import { ToolError, unknownObject } from '../registry/errors.js';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { ALARM_STATES, toAlarm, type PromRule } from './cloudwatch-alarms.js';
import { DIMENSION_COMMON, NAMESPACES, RAW_NAMESPACE, rawMetric, statisticPromQL, STATISTICS, validPeriod, type MappedMetric } from './cloudwatch-metrics.js';
import { promApi } from './prometheus.js';
import { unknownName } from './shop.js';
import { resolveWhen, when } from './when.js';

/** GetMetricStatistics' own limit on datapoints per call. */
export const MAX_DATAPOINTS = 1440;
const MAX_ALARMS = 100;
const LABEL = /^[A-Za-z_][A-Za-z0-9_]*$/;
const METRIC = /^[A-Za-z_:][A-Za-z0-9_:]*$/;

const dimension = z.object({ Name: z.string().min(1).max(200), Value: z.string().max(1000) }).strict();

/** The metric a namespace and name stand for, or the error listing what is valid. */
async function resolveMetric(base: string, namespace: string, metricName: string): Promise<MappedMetric> {
  if (namespace === RAW_NAMESPACE) {
    if (!METRIC.test(metricName)) throw new ToolError('invalid_arguments', 400, `metricName: "${metricName.slice(0, 100)}" is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)`, { field: 'metricName' });
    const names = (await promApi(base, '/api/v1/label/__name__/values', new URLSearchParams(), 'metricName')) as string[];
    if (!names.includes(metricName)) throw unknownName('metricName', 'metric', metricName, names);
    return rawMetric(metricName);
  }
  const metrics = Object.hasOwn(NAMESPACES, namespace) ? NAMESPACES[namespace] : undefined;
  if (!metrics) throw unknownObject('namespace', 'namespace', namespace, [...Object.keys(NAMESPACES), RAW_NAMESPACE]);
  const metric = Object.hasOwn(metrics, metricName) ? metrics[metricName] : undefined;
  if (!metric) throw unknownName('metricName', 'metric', metricName, Object.keys(metrics));
  return metric;
}

/** Dimensions as label matchers: a mapped metric's own names, or any label in the Prometheus namespace. */
function matchersOf(namespace: string, metric: MappedMetric, dims: ReadonlyArray<{ Name: string; Value: string }>): string[] {
  const allowed: Record<string, string> = { ...metric.dimensions, ...DIMENSION_COMMON };
  const seen = new Set<string>();
  return dims.map((d, i) => {
    if (seen.has(d.Name)) throw new ToolError('invalid_arguments', 400, `dimensions[${i}].Name: "${d.Name}" is given twice`, { field: `dimensions[${i}].Name` });
    seen.add(d.Name);
    let label: string | undefined;
    if (namespace === RAW_NAMESPACE) {
      if (!LABEL.test(d.Name)) throw new ToolError('invalid_arguments', 400, `dimensions[${i}].Name: "${d.Name.slice(0, 100)}" is not a Prometheus label name`, { field: `dimensions[${i}].Name` });
      label = d.Name;
    } else {
      label = Object.hasOwn(allowed, d.Name) ? allowed[d.Name] : undefined;
      if (label === undefined) throw unknownObject(`dimensions[${i}].Name`, 'dimension', d.Name, Object.keys(allowed));
    }
    return `${label}=${JSON.stringify(d.Value)}`;
  });
}

const byTime = (a: { Timestamp: string }, b: { Timestamp: string }) => a.Timestamp.localeCompare(b.Timestamp);

export function createCloudwatchTools(sources: Pick<DeskSources, 'prometheusUrl'>): Tool[] {
  const base = sources.prometheusUrl;
  return [
    defineTool({
      name: 'cloudwatch_get_metrics',
      family: 'cloudwatch',
      kind: 'read',
      description: `GetMetricStatistics for the shop's metrics under CloudWatch names (e.g. Firedrill/Orders PoolUtilization, Firedrill/Fulfillment WebhookTimeouts; namespace ${RAW_NAMESPACE} takes raw Prometheus names); returns Datapoints per period and the PromQL it ran.`,
      args: z.object({
        namespace: z.string().min(1).max(200).describe(`${Object.keys(NAMESPACES).join(', ')}, or ${RAW_NAMESPACE} for any Prometheus metric`),
        metricName: z.string().min(1).max(200).describe('e.g. BreakerOpen, PoolUtilization, PoolWaiting, WebhookTimeouts, WebhookRetries, DuplicateShipments; in Prometheus, the metric name'),
        dimensions: z.array(dimension).max(10).default([]).describe('[{Name, Value}] exact label filters, e.g. [{"Name":"Partner","Value":"acme"}]'),
        statistic: z.enum(STATISTICS).describe('Statistic over each period'),
        period: z.number().int().min(1).max(86_400).refine(validPeriod, 'expected 1, 5, 10, 30 or a multiple of 60 seconds').default(60).describe('Seconds per datapoint: 1, 5, 10, 30 or a multiple of 60 (default 60)'),
        startTime: when.optional().describe('Start: ISO time, epoch seconds or a duration ago such as 3h (default 1h)'),
        endTime: when.optional().describe('End (default now)'),
      }).strict(),
      async run(args, ctx) {
        const metric = await resolveMetric(base, args.namespace, args.metricName);
        const matchers = matchersOf(args.namespace, metric, args.dimensions);
        const now = ctx.now().getTime();
        const end = args.endTime ? resolveWhen(args.endTime, ctx.now()) : now;
        const start = args.startTime ? resolveWhen(args.startTime, ctx.now()) : end - 3_600_000;
        if (end <= start) throw new ToolError('invalid_arguments', 400, 'endTime: must be after startTime', { field: 'endTime' });
        const p = args.period * 1000;
        // Periods start at multiples of the period, as CloudWatch aligns them; only complete ones are returned.
        const firstEval = Math.floor(start / p) * p + p;
        const lastEval = Math.floor(Math.min(end, now) / p) * p;
        const count = Math.floor((lastEval - firstEval) / p) + 1;
        if (count > MAX_DATAPOINTS) {
          throw new ToolError('too_many_datapoints', 400, `period: ${args.period} s from startTime to endTime is ${count} datapoints; at most ${MAX_DATAPOINTS} — use a period of at least ${Math.ceil((lastEval - firstEval) / 1000 / (MAX_DATAPOINTS - 1) / 60) * 60} s`, { field: 'period' });
        }
        const promql = statisticPromQL(metric, args.statistic, matchers, args.period);
        const label = { Label: args.metricName, namespace: args.namespace, period: args.period, promql };
        if (count < 1) return { ...label, Datapoints: [] };
        const params = new URLSearchParams({ query: promql, start: String(firstEval / 1000), end: String(lastEval / 1000), step: `${args.period}s` });
        const data = (await promApi(base, '/api/v1/query_range', params, 'metricName')) as { result: Array<{ values: Array<[number, string]> }> };
        const points = (data.result[0]?.values ?? []).filter(([, v]) => Number.isFinite(Number(v)));
        return {
          ...label,
          // A datapoint's Timestamp is the start of its period; Prometheus evaluated it at the period's end.
          Datapoints: points.map(([t, v]) => ({ Timestamp: new Date(t * 1000 - p).toISOString(), [args.statistic]: Number(v), Unit: metric.unit })).sort(byTime),
        };
      },
    }),
    defineTool({
      name: 'cloudwatch_list_alarms',
      family: 'cloudwatch',
      kind: 'read',
      description: 'DescribeAlarms: the lab\'s alert rules as CloudWatch alarms, live from Prometheus (firing → ALARM, pending or inactive → OK, not evaluable → INSUFFICIENT_DATA), with reason, since when, metric, expression and threshold.',
      args: z.object({
        stateValue: z.enum(ALARM_STATES).optional().describe('Only alarms in this state'),
        alarmNamePrefix: z.string().min(1).max(255).optional().describe('Only alarms whose name starts with this, e.g. Fulfillment'),
      }).strict(),
      async run(args) {
        const data = (await promApi(base, '/api/v1/rules', new URLSearchParams({ type: 'alert' }), 'alarmNamePrefix')) as { groups: Array<{ name: string; rules: PromRule[] }> };
        const alarms = data.groups.flatMap((g) => g.rules.filter((r) => r.type === 'alerting').map(toAlarm))
          .filter((a) => (!args.stateValue || a.StateValue === args.stateValue) && (!args.alarmNamePrefix || a.AlarmName.startsWith(args.alarmNamePrefix)));
        return {
          MetricAlarms: alarms.slice(0, MAX_ALARMS),
          ...(alarms.length > MAX_ALARMS ? { truncated: { alarms: alarms.length, shown: MAX_ALARMS } } : {}),
        };
      },
    }),
  ];
}
