import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { dashboardQueries } from './index.js';

/** The first expression of a panel, as Prometheus receives it (Grafana's `$__range` is 1h). */
function panelExpr(uid: string, panel: string): string {
  const q = dashboardQueries().find((x) => x.uid === uid && x.panel === panel);
  if (!q) throw new Error(`no panel "${panel}" on ${uid}`);
  return q.expr;
}

interface Case {
  name: string;
  series: Record<string, string>;
  expr: string;
  at: string;
  expect: Array<{ labels: string; value: number }>;
}

/** `promtool test rules` with synthetic series: the panels' arithmetic checked without a wall clock (../shared/TESTING.md). */
function promtoolTest(dir: string, cases: readonly Case[]) {
  const file = join(dir, 'panels.test.yml');
  writeFileSync(file, stringify({
    rule_files: [],
    evaluation_interval: '1m',
    tests: cases.map((c) => ({
      name: c.name,
      interval: '1m',
      input_series: Object.entries(c.series).map(([series, values]) => ({ series, values })),
      promql_expr_test: [{ expr: c.expr, eval_time: c.at, exp_samples: c.expect }],
    })),
  }, { lineWidth: 0 }));
  const run = spawnSync('promtool', ['test', 'rules', file], { encoding: 'utf8' });
  if (run.error) throw new Error(`promtool is not runnable (${run.error.message}); run \`make deps\``);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('what the panels compute (promtool test rules on synthetic series)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'firedrill-panels-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const check = (c: Case) => {
    const run = promtoolTest(dir, [c]);
    expect(run.output, run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  };

  it('lab truth: lost revenue is failed sessions in range × the average completed order, in dollars', () => {
    check({
      name: 'impact',
      // An hour of 1 blocked + 1 abandoned session a minute; 60 completed checkouts worth $50 each.
      series: {
        'traffic_sessions_total{outcome="blocked"}': '0+1x60',
        'traffic_sessions_total{outcome="abandoned"}': '0+1x60',
        'traffic_sessions_total{outcome="completed"}': '0+5x60',
        'traffic_checkout_value_cents_total': '0+5000x60',
        'traffic_checkouts_total{outcome="completed"}': '0+1x60',
      },
      expr: panelExpr('firedrill-lab-truth', 'Impact estimate: lost revenue in range'),
      at: '60m',
      expect: [{ labels: '{}', value: 120 * 50 }],
    });
  });

  it('lab truth: the average completed order is checkout value over completed checkouts, in dollars', () => {
    check({
      name: 'average order',
      series: { 'traffic_checkout_value_cents_total': '0+4250x10', 'traffic_checkouts_total{outcome="completed"}': '0+1x10', 'traffic_checkouts_total{outcome="blocked"}': '0+7x10' },
      expr: panelExpr('firedrill-lab-truth', 'Average completed order'),
      at: '10m',
      expect: [{ labels: '{}', value: 42.5 }],
    });
  });

  it.each([
    ['5m', 0, 'closed'],
    ['15m', 2, 'open'],
    ['25m', 1, 'half open'],
    ['35m', 3, 'disabled'],
  ])('storefront: the breaker state timeline reads %s as %d (%s)', (at, value) => {
    check({
      name: `breaker at ${at}`,
      series: {
        'storefront_breaker_state{breaker="orders",state="closed"}': '1x9 0x30',
        'storefront_breaker_state{breaker="orders",state="open"}': '0x9 1x9 0x20',
        'storefront_breaker_state{breaker="orders",state="half_open"}': '0x19 1x9 0x10',
        'storefront_breaker_state{breaker="orders",state="disabled"}': '0x29 1x10',
      },
      expr: panelExpr('firedrill-storefront', 'Breaker state'),
      at,
      expect: [{ labels: '{breaker="orders"}', value }],
    });
  });

  it('storefront: the 5xx share is 5xx answers over all answers', () => {
    check({
      name: '5xx share',
      series: {
        // Whole requests a second (180 and 60 a minute), so the share is exact in floating point.
        'storefront_http_requests_total{method="GET",route="/",status="200"}': '0+180x30',
        'storefront_http_requests_total{method="GET",route="/",status="503"}': '0+60x30',
      },
      expr: panelExpr('firedrill-storefront', '5xx share of requests'),
      at: '30m',
      expect: [{ labels: '{}', value: 0.25 }],
    });
  });

  it('orders: the busy share is slot-seconds held per second over the pool size', () => {
    check({
      name: 'pool busy',
      // 300 slot-seconds a minute is 5 slots held all the time, of 10.
      series: { 'orders_pool_busy_seconds_total{instance="orders:8080"}': '0+300x30', 'orders_pool_size{instance="orders:8080"}': '10x30' },
      expr: panelExpr('firedrill-orders', 'Pool busy share'),
      at: '30m',
      expect: [{ labels: '{}', value: 0.5 }],
    });
  });

  it('fulfillment: the timeout share is per partner', () => {
    check({
      name: 'timeout share',
      series: {
        'fulfillment_webhook_attempts_total{partner="acme",outcome="timeout"}': '0+2x30',
        'fulfillment_webhook_attempts_total{partner="acme",outcome="ok"}': '0+8x30',
        'fulfillment_webhook_attempts_total{partner="bolt",outcome="ok"}': '0+5x30',
      },
      expr: panelExpr('firedrill-fulfillment', 'Timeout share by partner'),
      at: '30m',
      expect: [{ labels: '{partner="acme"}', value: 0.2 }],
    });
  });
});
