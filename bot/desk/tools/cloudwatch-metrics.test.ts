import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../../../lab/paths.js';
import { createFulfillmentMetrics, registerDispatcherGauges } from '../../../services/fulfillment/metrics.js';
import { createServiceMetrics } from '../../../services/kit/metrics.js';
import { createOrdersMetrics, registerPoolGauges } from '../../../services/orders/metrics.js';
import { createPool } from '../../../services/orders/pool.js';
import { createPartnersMetrics, registerGroundTruthMetrics } from '../../../services/partners/metrics.js';
import { createSeatingMetrics } from '../../../services/seating/metrics.js';
import { createStorefrontMetrics, registerBreakerGauge } from '../../../services/storefront/metrics.js';
import { metricsOf, thresholdOf, toAlarm, type PromRule } from './cloudwatch-alarms.js';
import { DIMENSION_COMMON, NAMESPACES, rawMetric, statisticPromQL, STATISTICS, validPeriod } from './cloudwatch-metrics.js';

/** Every metric the shop's services define, with its labels, from their own metrics.ts (and the scrape's job labels). */
function shopMetrics(): Map<string, string[]> {
  const registries = ['storefront', 'orders', 'fulfillment', 'partners', 'seating'].map((s) => createServiceMetrics(s).registry);
  const [storefront, orders, fulfillment, partners, seating] = registries as [Registry, Registry, Registry, Registry, Registry];
  createStorefrontMetrics(storefront);
  registerBreakerGauge(storefront, {});
  createOrdersMetrics(orders);
  registerPoolGauges(orders, createPool({ size: 1, queueTimeoutMs: 1 }));
  createFulfillmentMetrics(fulfillment);
  registerDispatcherGauges(fulfillment, { inFlight: () => 0, paused: () => false, backlog: async () => ({ pending: 0, lag: 0 }) });
  createPartnersMetrics(partners, []);
  registerGroundTruthMetrics(partners, { read: async () => ({}), log: pino({ enabled: false }) });
  createSeatingMetrics(seating);
  const scrapeLabels = ['job', 'instance', 'service'];
  return new Map(registries.flatMap((r) => r.getMetricsAsArray()).map((m) => [m.name, [...((m as unknown as { labelNames?: string[] }).labelNames ?? []), ...scrapeLabels]]));
}

const names = (promql: string) => [...promql.replace(/"[^"]*"/g, '').matchAll(/\b([a-z]+_[a-z0-9_]+)\s*(\{|\[|\)|$|\s)/g)].map((m) => m[1] ?? '');

describe('the CloudWatch metrics table', () => {
  const defined = shopMetrics();

  it.each(Object.entries(NAMESPACES).flatMap(([ns, metrics]) => Object.keys(metrics).map((m) => [ns, m] as const)))('%s %s reads metrics and labels the services define', (ns, name) => {
    const metric = NAMESPACES[ns]?.[name];
    if (!metric) throw new Error('table changed under the test');
    const dims = Object.values({ ...metric.dimensions, ...DIMENSION_COMMON }).map((label) => `${label}="x"`);
    for (const statistic of STATISTICS) {
      const promql = statisticPromQL(metric, statistic, dims, 60);
      const used = names(promql).filter((n) => !n.endsWith('_over_time'));
      expect(used.length).toBeGreaterThan(0);
      for (const n of used) {
        expect(defined.has(n), `${n} in ${promql}`).toBe(true);
        for (const label of Object.values({ ...metric.dimensions, ...DIMENSION_COMMON })) expect(defined.get(n), `${n} has label ${label}`).toContain(label);
      }
    }
  });

  it('takes a statistic over the samples of a gauge, then across series; a counter\'s increase per period across series', () => {
    const breaker = NAMESPACES['Firedrill/Storefront']?.BreakerOpen;
    const timeouts = NAMESPACES['Firedrill/Fulfillment']?.WebhookTimeouts;
    if (!breaker || !timeouts) throw new Error('table changed under the test');
    expect(statisticPromQL(breaker, 'Maximum', [], 60)).toBe('max(max_over_time(storefront_breaker_state{state="open"}[60s]))');
    expect(statisticPromQL(breaker, 'SampleCount', ['breaker="orders"'], 300)).toBe('sum(count_over_time(storefront_breaker_state{state="open", breaker="orders"}[300s]))');
    expect(statisticPromQL(timeouts, 'Sum', ['partner="acme"'], 60)).toBe('sum(increase(fulfillment_webhook_attempts_total{outcome="timeout", partner="acme"}[60s]))');
    expect(statisticPromQL(rawMetric('orders_pool_size'), 'Average', [], 60)).toBe('avg(avg_over_time(orders_pool_size[60s]))');
    expect(statisticPromQL(rawMetric('orders_created_total'), 'Maximum', [], 60)).toBe('max(increase(orders_created_total[60s]))');
  });

  it('accepts CloudWatch\'s periods only', () => {
    expect([1, 5, 10, 30, 60, 120, 3600].every(validPeriod)).toBe(true);
    expect([2, 15, 45, 61, 90].some(validPeriod)).toBe(false);
  });
});

describe('alert rules as alarms', () => {
  const rules = (parse(readFileSync(join(repoRoot(), 'dashboards', 'prometheus', 'alerts.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> })
    .groups.flatMap((g) => g.rules);
  const defined = shopMetrics();

  it.each(rules.map((r) => [r.alert, r.expr] as const))('%s names metrics the services define', (_name, expr) => {
    const metrics = metricsOf(expr);
    expect(metrics.length).toBeGreaterThan(0);
    for (const m of metrics) expect(m === 'up' || defined.has(m) || defined.has(m.replace(/_bucket$/, '')), m).toBe(true);
  });

  it.each(rules.filter((r) => /(==|>|<)\s*[\d.]+\s*$/.test(r.expr.trim()) && !/\b(and|or|unless)\b/.test(r.expr)).map((r) => [r.alert, r.expr.trim()] as const))(
    '%s has the threshold its expression ends with', (_name, expr) => {
      expect(thresholdOf(expr)?.threshold).toBe(Number(/([\d.]+)$/.exec(expr)?.[1]));
    });

  it('reads the first clause\'s threshold and maps the rule states', () => {
    expect(thresholdOf('max(rate(a[2m]) / b) > 0.9\n or sum(increase(c[5m])) > 0')).toEqual({ threshold: 0.9, comparison: 'GreaterThanThreshold' });
    expect(thresholdOf('up == 0')).toEqual({ threshold: 0, comparison: 'EqualToThreshold' });
    expect(thresholdOf('x{le="0.5"} >= bool 1e3')).toEqual({ threshold: 1000, comparison: 'GreaterThanOrEqualToThreshold' });
    const rule = (state: PromRule['state'], health: PromRule['health'] = 'ok'): PromRule => ({
      type: 'alerting', name: 'R', query: 'up == 0', duration: 60, state, health,
      alerts: state === 'inactive' ? [] : [{ labels: { job: 'a' }, annotations: {}, state: state ?? 'inactive', activeAt: '2026-01-01T00:00:00Z', value: '0' }],
    });
    expect(toAlarm(rule('firing'))).toMatchObject({ StateValue: 'ALARM', StateUpdatedTimestamp: '2026-01-01T00:00:00Z', MetricName: 'up', Threshold: 0 });
    expect(toAlarm(rule('pending'))).toMatchObject({ StateValue: 'OK', PrometheusState: 'pending', StateUpdatedTimestamp: '2026-01-01T00:00:00Z' });
    expect(toAlarm(rule('pending')).StateReason).toContain('pending');
    expect(toAlarm(rule('inactive'))).toMatchObject({ StateValue: 'OK', StateUpdatedTimestamp: null });
    expect(toAlarm(rule('inactive', 'err'))).toMatchObject({ StateValue: 'INSUFFICIENT_DATA', PrometheusState: 'err' });
  });
});
