import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../lab/paths.js';
import { controlRuntime } from '../../../lab/runtime/local/control.js';
import { createFulfillmentMetrics, type FulfillmentMetrics } from '../../../services/fulfillment/metrics.js';
import { serveForTest, startOrders, startStorefront, testBase, type Started } from '../../../test/support/apps.js';
import { until } from '../../../test/support/poll.js';
import { freePort } from '../../../test/support/ports.js';
import { sampleValue, samplesOf, scrape } from '../../../test/support/prom.js';
import { startPrometheus, type TestPrometheus } from '../../../test/support/prometheus.js';
import { freshRedisUrl } from '../../../test/support/redis.js';
import { createDeskApp, type DeskApp } from '../app.js';
import { createErrorStore } from '../errors/error-store.js';
import { createJournal } from '../journal/journal.js';
import { createTraceStore } from '../traces/trace-store.js';
import { alarmState, type PromRule } from './cloudwatch-alarms.js';
import { createCloudwatchTools } from './cloudwatch.js';
import { createDatadogTools } from './datadog-metrics.js';

// The Datadog and CloudWatch tools against a real Prometheus scraping the real orders and
// storefront apps, fulfillment's own metric definitions driven by the test, and a target
// that is down (so TargetDown fires); every answer is checked against Prometheus itself.

const POOL_SIZE = 7;
let prom: TestPrometheus;
let desk: Started<DeskApp>;
let orders: Awaited<ReturnType<typeof startOrders>>;
let storefront: Awaited<ReturnType<typeof startStorefront>>;
let exporter: Server;
let fulfillment: FulfillmentMetrics;
let ticker: NodeJS.Timeout;

beforeAll(async () => {
  orders = await startOrders(await freshRedisUrl(), { poolSize: POOL_SIZE });
  storefront = await startStorefront(orders.url);
  const registry = new Registry();
  fulfillment = createFulfillmentMetrics(registry);
  exporter = createServer((_req, res) => {
    void registry.metrics().then((text) => res.end(text));
  });
  await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
  const exporterPort = (exporter.address() as { port: number }).port;
  // Timeouts to acme only: 3 a second, a rate a live test can tell from zero.
  ticker = setInterval(() => fulfillment.attempts.inc({ partner: 'acme', outcome: 'timeout' }), 333);
  const host = (url: string) => new URL(url).host;
  prom = await startPrometheus({
    orders: host(orders.url), storefront: host(storefront.url), fulfillment: `127.0.0.1:${exporterPort}`, partners: `127.0.0.1:${await freePort()}`,
  });
  const stateDir = mkdtempSync(join(tmpdir(), 'fd-desk-vendor-'));
  const sources = { root: repoRoot(), stateDir, prometheusUrl: prom.url, pagerUrl: 'http://127.0.0.1:9', workspaceCredentialsFile: join(stateDir, 'none.json'), runtime: controlRuntime(join(stateDir, 'no.sock')) };
  const { base, logs } = testBase('desk');
  const signals = { errors: createErrorStore(), traces: createTraceStore() };
  const app = createDeskApp({ base, sources, signals, tools: [...createDatadogTools(sources), ...createCloudwatchTools(sources)], journal: createJournal(join(stateDir, 'desk', 'journal.jsonl')), version: '0.0.0-test' });
  desk = await serveForTest(app, base, logs);
  // Enough history for several 5 s periods of every job.
  await until('18 s of scrapes of every job', async () => {
    const r = await prom.api<{ result: unknown[] }>('/api/v1/query', { query: 'count_over_time(up[1m]) >= 18' });
    return r.result.length === 4;
  }, { timeoutMs: 45_000, everyMs: 500 });
}, 90_000);

afterAll(async () => {
  clearInterval(ticker);
  // Every stop runs even when one fails, so no Prometheus outlives the file.
  const stopped = await Promise.allSettled([desk?.stop(), prom?.stop(), new Promise((resolve) => exporter?.close(resolve)), storefront?.stop()]);
  stopped.push(...(await Promise.allSettled([orders?.stop()])));
  const failed = stopped.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
});

async function call<T>(tool: string, args: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${desk.url}/tools/${tool}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
  const body = (await res.json()) as { ok: boolean; result: T; error?: unknown };
  if (!body.ok) throw new Error(`${tool} failed: ${JSON.stringify(body.error)}`);
  return body.result;
}

/** A few seconds back: every scrape up to then is in, so two queries ending there see the same samples. */
const settled = () => String(Math.floor(Date.now() / 1000) - 3);

type Matrix = Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
const range = (query: string, start: number, end: number, step: number) =>
  prom.api<{ result: Matrix }>('/api/v1/query_range', { query, start: String(start), end: String(end), step: `${step}s` }).then((d) => d.result);

describe('cloudwatch_get_metrics against Prometheus', () => {
  it('gives each period the value of the range query it maps to, stamped with the period start', async () => {
    const r = await call<{ promql: string; Datapoints: Array<{ Timestamp: string; Sum: number; Unit: string }> }>('cloudwatch_get_metrics', {
      namespace: 'Firedrill/Fulfillment', metricName: 'WebhookTimeouts', dimensions: [{ Name: 'Partner', Value: 'acme' }], statistic: 'Sum', period: 5, startTime: '1m', endTime: settled(),
    });
    const expected = 'sum(increase(fulfillment_webhook_attempts_total{outcome="timeout", partner="acme"}[5s]))';
    expect(r.promql).toBe(expected);
    expect(r.Datapoints.length).toBeGreaterThanOrEqual(2);
    const ends = r.Datapoints.map((d) => Date.parse(d.Timestamp) / 1000 + 5);
    const direct = (await range(expected, ends[0] ?? 0, ends.at(-1) ?? 0, 5))[0]?.values ?? [];
    expect(r.Datapoints.map((d) => [Date.parse(d.Timestamp) / 1000 + 5, d.Sum])).toEqual(direct.map(([t, v]) => [t, Number(v)]));
    expect(r.Datapoints.every((d) => d.Unit === 'Count' && Date.parse(d.Timestamp) % 5000 === 0)).toBe(true);
    expect(r.Datapoints.some((d) => d.Sum > 0)).toBe(true);
  });

  it('reads raw metrics in the Prometheus namespace: the pool size is the orders config\'s', async () => {
    const r = await call<{ Datapoints: Array<{ Maximum: number; Minimum?: number }> }>('cloudwatch_get_metrics', {
      namespace: 'Prometheus', metricName: 'orders_pool_size', dimensions: [{ Name: 'service', Value: 'orders' }], statistic: 'Maximum', period: 5, startTime: '1m',
    });
    expect(r.Datapoints.length).toBeGreaterThanOrEqual(2);
    expect(sampleValue(await scrape(orders.url), 'orders_pool_size')).toBe(POOL_SIZE);
    expect(new Set(r.Datapoints.map((d) => d.Maximum))).toEqual(new Set([POOL_SIZE]));
  });

  it('maps BreakerOpen to the breaker gauge the storefront exports', async () => {
    const exported = samplesOf(await scrape(storefront.url), 'storefront_breaker_state', { state: 'open' });
    const breaker = exported[0]?.labels.breaker ?? '';
    const r = await call<{ promql: string; Datapoints: Array<{ Timestamp: string; Maximum: number }> }>('cloudwatch_get_metrics', {
      namespace: 'Firedrill/Storefront', metricName: 'BreakerOpen', dimensions: [{ Name: 'Breaker', Value: breaker }], statistic: 'Maximum', period: 5, startTime: '30s', endTime: settled(),
    });
    const direct = await range(`max(max_over_time(storefront_breaker_state{state="open", breaker="${breaker}"}[5s]))`, Date.parse(r.Datapoints[0]?.Timestamp ?? '') / 1000 + 5, Date.parse(r.Datapoints.at(-1)?.Timestamp ?? '') / 1000 + 5, 5);
    expect(r.Datapoints.map((d) => d.Maximum)).toEqual(direct[0]?.values.map(([, v]) => Number(v)));
    expect(r.Datapoints.at(-1)?.Maximum).toBe(exported[0]?.value);
  });

  it('names the valid namespaces, metrics and dimensions when one is unknown', async () => {
    const post = (args: Record<string, unknown>) => fetch(`${desk.url}/tools/cloudwatch_get_metrics`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ statistic: 'Sum', ...args }) })
      .then(async (res) => ({ status: res.status, error: ((await res.json()) as { error: { code: string; field: string; valid: string[] } }).error }));
    expect(await post({ namespace: 'AWS/EC2', metricName: 'CPUUtilization' })).toMatchObject({ status: 404, error: { code: 'unknown_namespace', field: 'namespace', valid: expect.arrayContaining(['Firedrill/Orders', 'Prometheus']) } });
    expect(await post({ namespace: 'Firedrill/Orders', metricName: 'PoolUtilisation' })).toMatchObject({ status: 404, error: { code: 'unknown_metric', field: 'metricName', valid: expect.arrayContaining(['PoolUtilization', 'PoolWaiting']) } });
    const names = await prom.api<string[]>('/api/v1/label/__name__/values');
    expect(await post({ namespace: 'Prometheus', metricName: 'orders_pool_sizes' })).toMatchObject({ status: 404, error: { field: 'metricName', valid: expect.arrayContaining(names) } });
    expect(await post({ namespace: 'Firedrill/Fulfillment', metricName: 'WebhookRetries', dimensions: [{ Name: 'Outcome', Value: 'x' }] })).toMatchObject({ status: 404, error: { field: 'dimensions[0].Name', valid: ['Partner', 'Instance'] } });
    expect(await post({ namespace: 'Firedrill/Orders', metricName: 'PoolWaiting', period: 45 })).toMatchObject({ status: 400, error: { field: 'period' } });
  });
});

describe('datadog_query_metrics against Prometheus', () => {
  it('returns the series of the PromQL the query stands for, point for point', async () => {
    const r = await call<{ promql: string; step: number; from_date: number; to_date: number; series: Array<{ scope: string; tag_set: string[]; pointlist: Array<[number, number | null]> }> }>('datadog_query_metrics', {
      query: 'sum:fulfillment_webhook_attempts_total{outcome:timeout} by {partner}.as_rate()', from: '30s', to: settled(), rollup: 2,
    });
    const expected = 'sum by (partner) (rate(fulfillment_webhook_attempts_total{outcome="timeout"}[60s]))';
    expect(r.promql).toBe(expected);
    const direct = await range(expected, r.from_date / 1000, r.to_date / 1000, 2);
    expect(r.series.map((s) => s.tag_set)).toEqual(direct.map((s) => [`partner:${s.metric.partner}`]));
    expect(r.series[0]?.scope).toBe('outcome:timeout,partner:acme');
    expect(r.series[0]?.pointlist).toEqual(direct[0]?.values.map(([t, v]) => [t * 1000, Number(v)]));
    expect(r.series[0]?.pointlist.at(-1)?.[1]).toBeGreaterThan(0);
  });

  it('reads gauges as the apps export them: pool size from the orders config, one closed breaker per storefront breaker', async () => {
    const pool = await call<{ series: Array<{ pointlist: Array<[number, number]> }> }>('datadog_query_metrics', { query: 'max:orders_pool_size{service:orders}', from: '20s', rollup: 1 });
    expect(new Set(pool.series[0]?.pointlist.map(([, v]) => v))).toEqual(new Set([POOL_SIZE]));
    const breakers = samplesOf(await scrape(storefront.url), 'storefront_breaker_state', { state: 'closed' });
    const r = await call<{ series: Array<{ tag_set: string[]; pointlist: Array<[number, number]> }> }>('datadog_query_metrics', { query: 'max:storefront.breaker_state{state:closed} by {breaker}', from: '10s', rollup: 1 });
    expect(r.series.map((s) => [s.tag_set, s.pointlist.at(-1)?.[1]])).toEqual(breakers.map((b) => [[`breaker:${b.labels.breaker}`], b.value]));
  });

  it('answers a query Prometheus cannot run and one it cannot parse with errors naming query', async () => {
    const post = (args: Record<string, unknown>) => fetch(`${desk.url}/tools/datadog_query_metrics`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) })
      .then(async (res) => ({ status: res.status, error: ((await res.json()) as { error: { code: string; field: string; message: string } }).error }));
    expect(await post({ query: 'avg:x{a:b} by {c' })).toMatchObject({ status: 400, error: { code: 'invalid_query', field: 'query' } });
    expect(await post({ query: 'avg:up{*}', from: '1d', rollup: 1 })).toMatchObject({ status: 400, error: { code: 'too_many_points', field: 'rollup' } });
  });
});

describe('cloudwatch_list_alarms against /api/v1/rules', () => {
  const expectedFrom = (rules: PromRule[]) => rules.map((r) => ({
    AlarmName: r.name, StateValue: alarmState(r), Expression: r.query,
    StateUpdatedTimestamp: (r.alerts ?? []).filter((a) => a.state === r.state && r.state !== 'inactive').map((a) => a.activeAt).sort()[0] ?? null,
  }));

  it('mirrors every alert rule and its state, and filters by state and name prefix', async () => {
    await until('TargetDown to fire for the target that is down', async () => {
      const d = await prom.api<{ groups: Array<{ rules: PromRule[] }> }>('/api/v1/rules', { type: 'alert' });
      return d.groups.flatMap((g) => g.rules).some((r) => r.name === 'TargetDown' && r.state === 'firing');
    }, { timeoutMs: 30_000, everyMs: 250 });
    // Rules move on every second; compare a snapshot taken around the call until both sides agree.
    const seen = await until('alarms to equal the rules of the same moment', async () => {
      const before = await prom.api<{ groups: Array<{ rules: PromRule[] }> }>('/api/v1/rules', { type: 'alert' });
      const r = await call<{ MetricAlarms: Array<Record<string, unknown>> }>('cloudwatch_list_alarms', {});
      const got = r.MetricAlarms.map(({ AlarmName, StateValue, Expression, StateUpdatedTimestamp }) => ({ AlarmName, StateValue, Expression, StateUpdatedTimestamp }));
      return JSON.stringify(got) === JSON.stringify(expectedFrom(before.groups.flatMap((g) => g.rules))) && r.MetricAlarms;
    }, { timeoutMs: 20_000, everyMs: 300 });
    const targetDown = seen.find((a) => a.AlarmName === 'TargetDown');
    expect(targetDown).toMatchObject({ StateValue: 'ALARM', MetricName: 'up', Threshold: 0 });
    expect(String(targetDown?.StateReason)).toContain('partners');

    const alarming = await call<{ MetricAlarms: Array<{ AlarmName: string; StateValue: string }> }>('cloudwatch_list_alarms', { stateValue: 'ALARM' });
    expect(alarming.MetricAlarms.length).toBeGreaterThan(0);
    expect(alarming.MetricAlarms.every((a) => a.StateValue === 'ALARM')).toBe(true);
    const prefixed = await call<{ MetricAlarms: Array<{ AlarmName: string }> }>('cloudwatch_list_alarms', { alarmNamePrefix: 'Orders' });
    expect(prefixed.MetricAlarms.map((a) => a.AlarmName)).toEqual(seen.map((a) => String(a.AlarmName)).filter((n) => n.startsWith('Orders')));
  });
});
