import { describe, expect, it } from 'vitest';
import { DatadogSyntaxError, parseDatadogQuery, scopeOf, toPromQL } from './datadog-query.js';

const promql = (q: string, step = 60) => toPromQL(parseDatadogQuery(q), step);

/** The error a query gets, as `column: message`. */
function syntaxError(q: string): { column: number; message: string } {
  try {
    parseDatadogQuery(q);
  } catch (err) {
    if (err instanceof DatadogSyntaxError) return { column: err.column, message: err.message };
    throw err;
  }
  throw new Error(`"${q}" parsed`);
}

describe('the Datadog query grammar', () => {
  it('reads aggregator, metric, filters, groups and functions', () => {
    expect(parseDatadogQuery('avg:orders_pool_in_use{service:orders} by {route}')).toEqual({
      aggregator: 'avg', metric: 'orders_pool_in_use', promMetric: 'orders_pool_in_use',
      filters: [{ key: 'service', value: 'orders', negated: false }], by: ['route'],
    });
    expect(parseDatadogQuery(' sum : fulfillment_webhook_attempts_total { outcome:timeout , !partner:acme } by { partner , outcome } .as_rate() ')).toMatchObject({
      aggregator: 'sum', filters: [{ key: 'outcome', value: 'timeout', negated: false }, { key: 'partner', value: 'acme', negated: true }],
      by: ['partner', 'outcome'], transform: 'as_rate',
    });
    expect(parseDatadogQuery('max:x{*}.rollup(max, 120)')).toMatchObject({ filters: [], rollup: { method: 'max', seconds: 120 } });
    expect(parseDatadogQuery('x.as_count().rollup(sum)')).toMatchObject({ aggregator: 'avg', transform: 'as_count', rollup: { method: 'sum' } });
  });

  it('takes dotted metric names as Prometheus names, and tells a function from a name segment', () => {
    expect(parseDatadogQuery('sum:orders.pool.in_use{*}')).toMatchObject({ metric: 'orders.pool.in_use', promMetric: 'orders_pool_in_use' });
    expect(parseDatadogQuery('sum:orders.created_total.as_rate()')).toMatchObject({ promMetric: 'orders_created_total', transform: 'as_rate' });
  });

  it('keeps values with slashes, colons and dots whole', () => {
    expect(parseDatadogQuery('sum:orders_http_requests_total{route:/orders/:id,host:127.0.0.1:8081}').filters)
      .toEqual([{ key: 'route', value: '/orders/:id', negated: false }, { key: 'host', value: '127.0.0.1:8081', negated: false }]);
  });

  it.each([
    ['', 1, 'expected an aggregator (avg, sum, min, max) or a metric name, found end of query'],
    ['median:x', 1, 'unknown aggregator "median"; expected one of avg, sum, min, max'],
    ['avg:', 5, 'expected a metric name'],
    ['avg:x{service}', 14, 'expected ":" and a value after tag "service"'],
    ['avg:x{service:}', 15, 'expected a value for tag "service"'],
    ['avg:x{service:orders', 21, 'expected "," or "}" after the tag filter, found end of query'],
    ['avg:x{service:orders route:/}', 22, 'expected "," or "}" after the tag filter, found "route:/}"'],
    ['avg:x{,}', 7, 'expected a tag filter'],
    ['avg:x{*} by route', 13, 'expected "{" after "by"'],
    ['avg:x{*} by {}', 14, 'expected a tag name to group by'],
    ['avg:x{*} by {a} by {b}', 17, 'expected one "by {…}" only'],
    ['avg:x{*}.top(5)', 10, 'unsupported function .top(); supported: .as_rate(), .as_count(), .rollup(method, seconds)'],
    ['avg:x{*}.as_rate', 10, 'expected a function'],
    ['avg:x{*}.as_rate(1)', 18, 'expected ")": .as_rate() takes no arguments'],
    ['avg:x{*}.as_rate().as_count()', 20, '.as_count() after .as_rate(): use one of them'],
    ['avg:x{*}.rollup(60)', 17, 'expected a rollup method (avg, sum, min, max, count)'],
    ['avg:x{*}.rollup(median, 60)', 17, 'expected a rollup method'],
    ['avg:x{*}.rollup(avg, 0)', 22, 'expected a rollup interval in whole seconds ≥ 1'],
    ['avg:x{*}.rollup(avg, 60', 24, 'expected ")" to close .rollup('],
    ['avg:x{*} / avg:y{*}', 10, 'expected end of query'],
    ['avg:x{a:b}{c:d}', 11, 'expected end of query'],
  ])('%j fails at column %i: %s', (q, column, message) => {
    const err = syntaxError(q);
    expect(err.column).toBe(column);
    expect(err.message).toContain(message);
  });
});

describe('the PromQL of a Datadog query', () => {
  it('aggregates the selected series, grouped by the by-tags', () => {
    expect(promql('avg:orders_pool_in_use{service:orders} by {route}')).toBe('avg by (route) (orders_pool_in_use{service="orders"})');
    expect(promql('max:storefront_breaker_state{state:open}')).toBe('max (storefront_breaker_state{state="open"})');
    expect(promql('sum:up{*} by {host}')).toBe('sum by (instance) (up)');
  });

  it('reads counters per second or per interval over the step, at least 60 s', () => {
    expect(promql('sum:fulfillment_webhook_attempts_total{outcome:timeout}.as_rate()', 30)).toBe('sum (rate(fulfillment_webhook_attempts_total{outcome="timeout"}[60s]))');
    expect(promql('sum:fulfillment_webhook_attempts_total{*} by {partner}.as_count()', 300)).toBe('sum by (partner) (increase(fulfillment_webhook_attempts_total[300s]))');
  });

  it('rolls up over its own interval, through a subquery after as_rate', () => {
    expect(promql('avg:orders_pool_waiting{*}.rollup(max, 120)')).toBe('avg (max_over_time(orders_pool_waiting[120s]))');
    expect(promql('sum:x_total{*}.as_rate().rollup(avg)', 60)).toBe('sum (avg_over_time((rate(x_total[60s]))[60s:]))');
  });

  it('negates, and turns * into an anchored regex with everything else literal', () => {
    expect(promql('sum:x{!outcome:ok,route:/orders/*}')).toBe('sum (x{outcome!="ok", route=~"/orders/.*"})');
    expect(promql('sum:x{!route:(a|b).c*}')).toBe('sum (x{route!~"\\\\(a\\\\|b\\\\)\\\\.c.*"})');
    expect(promql('sum:x{route:*}')).toBe('sum (x{route=~".*"})');
  });

  it('escapes quotes and backslashes in values so they cannot end the PromQL string', () => {
    const q = parseDatadogQuery('sum:x{route:a"b\\c}');
    expect(q.filters[0]?.value).toBe('a"b\\c');
    expect(toPromQL(q, 60)).toBe('sum (x{route="a\\"b\\\\c"})');
  });

  it('prints the scope as Datadog does', () => {
    expect(scopeOf(parseDatadogQuery('sum:x{*}'))).toBe('*');
    expect(scopeOf(parseDatadogQuery('sum:x{a:b, !c:d}'))).toBe('a:b,!c:d');
  });
});
