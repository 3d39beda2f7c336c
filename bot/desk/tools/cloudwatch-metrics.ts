/**
 * CloudWatch metrics as the shop's Prometheus metrics. Each CloudWatch metric is one of:
 *
 * - a gauge: a Prometheus selector sampled at every scrape; the statistic is taken over
 *   the samples in the period (`max_over_time` for Maximum, ...), then across the series
 *   the dimensions leave (`max` for Maximum, `sum` of counts for SampleCount);
 * - a per-period value: an expression giving each series one value per period (a counter's
 *   `increase`, the pool's utilisation); the statistic is taken across those series.
 *
 * README.md (CloudWatch mapping) lists the table; it is generated from nothing else.
 */

export const STATISTICS = ['Average', 'Sum', 'Maximum', 'Minimum', 'SampleCount'] as const;
export type Statistic = (typeof STATISTICS)[number];
export type Unit = 'Count' | 'Percent' | 'Seconds' | 'Bytes' | 'None';

/** Extra label matchers (from dimensions) in PromQL syntax, e.g. `partner="acme"`. */
type Matchers = readonly string[];

export interface MappedMetric {
  kind: 'gauge' | 'period';
  unit: Unit;
  /** CloudWatch dimension name → Prometheus label. */
  dimensions: Readonly<Record<string, string>>;
  /** gauge: the selector to sample; period: the per-series value over `window` (e.g. `60s`). */
  expr: (m: Matchers, window: string) => string;
  /** One line for the README and `valid` lists. */
  means: string;
}

/** `name{fixed, extra}`: the fixed matchers of the mapping first, then the dimensions'. */
export const sel = (name: string, fixed: readonly string[], extra: Matchers) => {
  const all = [...fixed, ...extra];
  return `${name}${all.length > 0 ? `{${all.join(', ')}}` : ''}`;
};

const gauge = (name: string, fixed: readonly string[], unit: Unit, dimensions: Record<string, string>, means: string): MappedMetric =>
  ({ kind: 'gauge', unit, dimensions, means, expr: (m) => sel(name, fixed, m) });
const increase = (name: string, fixed: readonly string[], dimensions: Record<string, string>, means: string): MappedMetric =>
  ({ kind: 'period', unit: 'Count', dimensions, means, expr: (m, w) => `increase(${sel(name, fixed, m)}[${w}])` });

const PARTNER = { Partner: 'partner' };

/** The shop's key metrics under CloudWatch names, by namespace. */
export const NAMESPACES: Readonly<Record<string, Readonly<Record<string, MappedMetric>>>> = {
  'Firedrill/Storefront': {
    BreakerOpen: gauge('storefront_breaker_state', ['state="open"'], 'None', { Breaker: 'breaker' }, '1 while the breaker is open (storefront_breaker_state{state="open"})'),
    Http5xx: increase('storefront_http_requests_total', ['status=~"5.."'], { Route: 'route' }, 'requests answered 5xx'),
    CheckoutsFailed: increase('storefront_checkouts_total', ['outcome=~"failed|blocked"'], {}, 'checkouts failed or blocked by the breaker'),
  },
  'Firedrill/Orders': {
    PoolUtilization: {
      kind: 'period', unit: 'Percent', dimensions: {}, means: 'share of pool slots held over the period (the OrdersPoolSaturated alert\'s measure)',
      expr: (m, w) => `100 * rate(${sel('orders_pool_busy_seconds_total', [], m)}[${w}]) / ${sel('orders_pool_size', [], m)}`,
    },
    PoolInUse: gauge('orders_pool_in_use', [], 'Count', {}, 'pool slots held'),
    PoolWaiting: gauge('orders_pool_waiting', [], 'Count', {}, 'requests queued for a pool slot'),
    PoolExhausted: increase('orders_pool_exhausted_total', [], {}, 'requests refused for want of a slot'),
    Requests: increase('orders_http_requests_total', [], { Route: 'route', Method: 'method', Status: 'status' }, 'HTTP requests served'),
  },
  'Firedrill/Fulfillment': {
    WebhookTimeouts: increase('fulfillment_webhook_attempts_total', ['outcome="timeout"'], PARTNER, 'webhook attempts that timed out'),
    WebhookAttempts: increase('fulfillment_webhook_attempts_total', [], { ...PARTNER, Outcome: 'outcome' }, 'webhook attempts'),
    WebhookRetries: increase('fulfillment_webhook_retries_total', [], PARTNER, 'attempts after the first within a delivery'),
    PendingDeliveries: gauge('fulfillment_pending_deliveries', [], 'Count', {}, 'batches read and not yet acknowledged'),
  },
  'Firedrill/Partners': {
    DuplicateShipments: increase('partners_duplicate_shipments_total', [], PARTNER, 'batches shipped again (ground truth)'),
    Shipments: increase('partners_shipments_total', [], PARTNER, 'batches shipped (ground truth)'),
  },
  'Firedrill/Seating': {
    DuplicateSeatAssignments: gauge('seating_duplicate_seat_assignments', [], 'Count', { Event: 'event' }, 'seats booked twice'),
  },
};

/** The namespace whose metric names are Prometheus's own and whose dimensions are its labels. */
export const RAW_NAMESPACE = 'Prometheus';
export const DIMENSION_COMMON = { Instance: 'instance' } as const;

/** A raw Prometheus metric: counters (by suffix) count per period, everything else is a gauge. */
export function rawMetric(name: string): MappedMetric {
  if (/_(total|count|sum|bucket)$/.test(name)) {
    return { kind: 'period', unit: 'Count', dimensions: {}, means: 'increase per period', expr: (m, w) => `increase(${sel(name, [], m)}[${w}])` };
  }
  const unit: Unit = /_seconds$/.test(name) ? 'Seconds' : /_bytes$/.test(name) ? 'Bytes' : 'None';
  return { kind: 'gauge', unit, dimensions: {}, means: 'sampled value', expr: (m) => sel(name, [], m) };
}

const OVER_TIME: Record<Statistic, { time: string; across: string }> = {
  Average: { time: 'avg', across: 'avg' }, Sum: { time: 'sum', across: 'sum' }, Maximum: { time: 'max', across: 'max' },
  Minimum: { time: 'min', across: 'min' }, SampleCount: { time: 'count', across: 'sum' },
};
const ACROSS: Record<Statistic, string> = { Average: 'avg', Sum: 'sum', Maximum: 'max', Minimum: 'min', SampleCount: 'count' };

/** The PromQL giving one value per period of `periodSeconds` for a statistic of a metric. */
export function statisticPromQL(metric: MappedMetric, statistic: Statistic, matchers: Matchers, periodSeconds: number): string {
  const w = `${periodSeconds}s`;
  if (metric.kind === 'period') return `${ACROSS[statistic]}(${metric.expr(matchers, w)})`;
  const { time, across } = OVER_TIME[statistic];
  return `${across}(${time}_over_time(${metric.expr(matchers, w)}[${w}]))`;
}

/** CloudWatch's periods: 1, 5, 10 or 30 s (high resolution), or any multiple of 60. */
export const validPeriod = (p: number) => [1, 5, 10, 30].includes(p) || (p >= 60 && p % 60 === 0);
