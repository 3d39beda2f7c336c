import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DATASOURCE, allPanels, dashboardFiles, dashboardQueries, readDashboard, substituteVariables, type DashboardQuery } from './index.js';
import { PROMETHEUS_SERIES, metricNamesIn, registeredMetrics } from './metric-names.js';
import { checkWithPromtool, rulesFor } from './promtool-check.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const EXPECTED_UIDS = ['firedrill-fulfillment', 'firedrill-lab-truth', 'firedrill-orders', 'firedrill-seating', 'firedrill-storefront'];
const PANEL_TYPES = ['timeseries', 'stat', 'state-timeline'];
// The series each board is for (README.md); a board that loses one no longer does its job.
const PROMISED: Record<string, readonly string[]> = {
  'firedrill-storefront': ['storefront_breaker_state', 'storefront_http_requests_total', 'storefront_checkouts_total'],
  'firedrill-fulfillment': ['fulfillment_webhook_attempts_total', 'fulfillment_webhook_retries_total', 'fulfillment_webhook_duration_seconds_bucket', 'fulfillment_pending_deliveries', 'fulfillment_stream_lag'],
  'firedrill-orders': ['orders_pool_busy_seconds_total', 'orders_pool_size', 'orders_pool_wait_seconds_bucket', 'orders_pool_waiting', 'orders_pool_exhausted_total'],
  'firedrill-seating': ['seating_assignments_total', 'seating_duplicate_seat_assignments', 'seating_audit_runs_total'],
  'firedrill-lab-truth': ['partners_duplicate_shipments_total', 'partners_duplicate_items_total', 'traffic_sessions_total', 'traffic_checkout_value_cents_total', 'traffic_checkouts_total'],
};

describe('the Grafana dashboards (dashboards/grafana/*.json)', () => {
  const files = dashboardFiles();

  it('are exactly the five boards, each under its fixed uid, once', () => {
    const uids = files.map((f) => readDashboard(f).uid);
    expect([...uids].sort()).toEqual(EXPECTED_UIDS);
  });

  it.each(files.map((f) => [basename(f), f]))('%s parses and names only the provisioned Prometheus datasource', (_name, file) => {
    const d = readDashboard(file);
    expect(d.title).toMatch(/^firedrill · /);
    expect(d.schemaVersion).toBeGreaterThanOrEqual(36);
    // Variables of our own would need Grafana to resolve them; the built-ins are substituted for Prometheus.
    expect(d.templating?.list ?? []).toEqual([]);
    const panels = allPanels(d);
    expect(panels.length).toBeGreaterThan(0);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const p of panels) {
      const where = `${d.uid} / ${p.title}`;
      expect(PANEL_TYPES, where).toContain(p.type);
      expect(p.datasource, where).toEqual(DATASOURCE);
      expect(p.targets?.length, where).toBeGreaterThan(0);
      for (const t of p.targets ?? []) {
        expect(t.datasource, where).toEqual(DATASOURCE);
        expect(t.expr?.trim(), where).toBeTruthy();
      }
    }
    for (const a of d.annotations?.list ?? []) {
      if (a.expr !== undefined) expect(a.datasource, `${d.uid} / annotation ${a.name}`).toEqual(DATASOURCE);
    }
  });

  it('give every expression with Grafana’s variables substituted, and refuse variables Prometheus cannot resolve', () => {
    const queries = dashboardQueries();
    expect(new Set(queries.map((q) => q.uid))).toEqual(new Set(EXPECTED_UIDS));
    for (const q of queries) expect(q.expr, `${q.uid} / ${q.panel}`).not.toContain('$');
    expect(substituteVariables('rate(x[$__rate_interval]) + increase(x[${__range}])')).toBe('rate(x[1m]) + increase(x[1h])');
    expect(() => substituteVariables('x{partner="$partner"}')).toThrow(/unknown Grafana variable \$partner/);
  });

  it.each(Object.entries(PROMISED))('%s shows what its README promises', (uid, metrics) => {
    const queries = dashboardQueries().filter((q) => q.uid === uid);
    const shown = new Set(queries.flatMap((q) => metricNamesIn(q.expr)));
    expect([...metrics].filter((m) => !shown.has(m))).toEqual([]);
  });

  it('draws the breaker as a state timeline and webhook latency as a histogram quantile', () => {
    const storefront = readDashboard(files.find((f) => basename(f) === 'storefront.json') ?? '');
    const timelines = allPanels(storefront).filter((p) => p.type === 'state-timeline');
    expect(timelines.flatMap((p) => p.targets ?? []).some((t) => t.expr?.includes('storefront_breaker_state'))).toBe(true);
    const latency = dashboardQueries().filter((q) => q.uid === 'firedrill-fulfillment' && q.expr.includes('fulfillment_webhook_duration_seconds_bucket'));
    expect(latency.length).toBeGreaterThan(0);
    for (const q of latency) expect(q.expr).toMatch(/^histogram_quantile\(0\.\d+, sum by \(le, partner\)/);
  });

  it('every expression parses as PromQL (promtool check rules, one recording rule each)', () => {
    const queries = dashboardQueries();
    const run = checkWithPromtool(queries);
    expect(run.failures, run.output).toEqual([]);
    expect(run.output).toContain(`SUCCESS: ${queries.length} rules found`);
    expect(run.status).toBe(0);
  });

  it('a broken expression fails the check with its dashboard, panel and expression named', () => {
    const good: DashboardQuery = { dashboard: 'firedrill · Test', uid: 'firedrill-test', panel: 'Fine', expr: 'sum(rate(orders_pool_exhausted_total[1m]))' };
    const bad: DashboardQuery = { dashboard: 'firedrill · Test', uid: 'firedrill-test', panel: 'Broken', expr: 'sum by (le) rate(orders_pool_wait_seconds_bucket[1m])' };
    const run = checkWithPromtool([good, bad]);
    expect(run.status).not.toBe(0);
    expect(run.failures).toEqual([{ ...bad, message: expect.stringMatching(/parse error/) }]);
    expect(rulesFor([good, bad])).toContain('record: firedrill:check_1');
  });

  it('every metric an expression selects is one the code registers', () => {
    const registered = registeredMetrics(root);
    const unknown: Array<{ uid: string; panel: string; metric: string }> = [];
    for (const q of dashboardQueries()) {
      for (const metric of metricNamesIn(q.expr)) {
        if (!registered.names.has(metric) && !PROMETHEUS_SERIES.includes(metric)) unknown.push({ uid: q.uid, panel: q.panel, metric });
      }
    }
    expect(unknown).toEqual([]);
  });
});

describe('registeredMetrics (grep of the metrics files)', () => {
  const registered = registeredMetrics(root);

  it('finds names given to prom-client constructors and to the local gauge()/counter() helpers', () => {
    for (const name of ['storefront_breaker_state', 'fulfillment_webhook_attempts_total', 'traffic_sessions_total', 'seating_duplicate_seat_assignments']) {
      expect(registered.names, name).toContain(name);
    }
    // Registered through `gauge('orders_pool_size', ...)` and `counter('partners_duplicate_items_total', ...)`.
    expect(registered.names).toContain('orders_pool_size');
    expect(registered.names).toContain('partners_duplicate_items_total');
  });

  it('expands the kit’s `${prefix}_http_*` names for every deployable that creates a service base', () => {
    expect(registered.services).toEqual(expect.arrayContaining(['fulfillment', 'orders', 'partners', 'seating', 'storefront', 'traffic']));
    expect(registered.names).toContain('storefront_http_requests_total');
    expect(registered.names).toContain('orders_http_request_duration_seconds_bucket');
    expect([...registered.names].some((n) => n.includes('${'))).toBe(false);
  });

  it('gives histograms only their scraped series: _bucket, _sum and _count, not the bare name', () => {
    expect(registered.histograms).toContain('fulfillment_webhook_duration_seconds');
    expect(registered.names).toContain('fulfillment_webhook_duration_seconds_bucket');
    expect(registered.names).toContain('orders_pool_wait_seconds_count');
    expect(registered.names).not.toContain('orders_pool_wait_seconds');
    expect(registered.names).not.toContain('orders_pool_size_bucket');
  });
});

describe('metricNamesIn', () => {
  it('keeps selectors and drops functions, aggregations, grouping labels, matchers, ranges and numbers', () => {
    expect(metricNamesIn('histogram_quantile(0.95, sum by (le, partner) (rate(fulfillment_webhook_duration_seconds_bucket{partner!="x y"}[1m])))'))
      .toEqual(['fulfillment_webhook_duration_seconds_bucket']);
    expect(metricNamesIn('sum(rate(a_total[5m] offset 1h)) / on (job) group_left (instance) b * 1e3 > bool 0.5 unless c'))
      .toEqual(['a_total', 'b', 'c']);
    expect(metricNamesIn('max without (state) (storefront_breaker_state{state=~"open|half_open", breaker=\'orders\'}) or vector(0)'))
      .toEqual(['storefront_breaker_state']);
    expect(metricNamesIn('ALERTS{alertstate="firing"}')).toEqual(['ALERTS']);
    expect(metricNamesIn('{__name__="x"}')).toEqual([]);
  });
});
