import { describe, expect, it } from 'vitest';
import { parseDrillArgs } from './args.js';
import { deskToolDescriptors } from '../../../test/support/drill-desk.js';

const tools = new Map(deskToolDescriptors().map((t) => [t.name, t.inputSchema]));
const schema = (name: string) => {
  const s = tools.get(name);
  if (!s) throw new Error(`no desk tool ${name}`);
  return s;
};

describe('parseDrillArgs', () => {
  it('takes nothing as no arguments', () => {
    expect(parseDrillArgs('  ', schema('kubectl_get_pods'))).toEqual({ ok: true, args: {} });
  });

  it('takes one JSON object as it is', () => {
    expect(parseDrillArgs('{"query":"up","step":"15s"}', schema('prometheus_query'))).toEqual({ ok: true, args: { query: 'up', step: '15s' } });
  });

  it.each([
    ['{"query": up}', /not valid JSON/],
    ['["up"]', /must be an object/],
  ])('refuses JSON it cannot use: %s', (text, problem) => {
    const out = parseDrillArgs(text, schema('prometheus_query'));
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.problem).toMatch(problem);
  });

  it('reads key=value pairs with double and single quotes around spaces and brackets', () => {
    expect(parseDrillArgs(`query="sum(rate(orders_http_requests_total{route='/carts'}[1m])) by (route)" step='15s'`, schema('prometheus_query')))
      .toEqual({ ok: true, args: { query: "sum(rate(orders_http_requests_total{route='/carts'}[1m])) by (route)", step: '15s' } });
  });

  it('keeps escaped double quotes inside double quotes, and typographic quotes as typed ones', () => {
    expect(parseDrillArgs('query="say \\"hi\\"" limit=2', schema('slack_search'))).toEqual({ ok: true, args: { query: 'say "hi"', limit: 2 } });
    expect(parseDrillArgs('query=“pool exhausted” limit=‘3’', schema('slack_search'))).toEqual({ ok: true, args: { query: 'pool exhausted', limit: 3 } });
  });

  it('coerces integers and numbers by the schema, and leaves strings that look like numbers alone', () => {
    expect(parseDrillArgs('service=orders tail=20', schema('logs_get_service_logs'))).toEqual({ ok: true, args: { service: 'orders', tail: 20 } });
    expect(parseDrillArgs('minDurationMs=250.5', schema('datadog_list_traces'))).toEqual({ ok: true, args: { minDurationMs: 250.5 } });
    expect(parseDrillArgs('key=1234', schema('jira_get_issue'))).toEqual({ ok: true, args: { key: '1234' } });
  });

  it('leaves what does not coerce as typed, for the desk to name', () => {
    expect(parseDrillArgs('service=orders tail=lots', schema('logs_get_service_logs'))).toEqual({ ok: true, args: { service: 'orders', tail: 'lots' } });
  });

  it('splits a list of strings on commas, and adds to it when repeated', () => {
    expect(parseDrillArgs('query=timeout services=orders,fulfillment', schema('logs_search'))).toEqual({ ok: true, args: { query: 'timeout', services: ['orders', 'fulfillment'] } });
    expect(parseDrillArgs('query=timeout services=orders services="fulfillment, partners"', schema('logs_search')))
      .toEqual({ ok: true, args: { query: 'timeout', services: ['orders', 'fulfillment', 'partners'] } });
  });

  it('reads a list of objects given as JSON in a value', () => {
    const out = parseDrillArgs(`namespace=Firedrill/Fulfillment metricName=WebhookTimeouts statistic=Sum period=60 dimensions='[{"Name":"Partner","Value":"acme"}]'`, schema('cloudwatch_get_metrics'));
    expect(out).toEqual({ ok: true, args: { namespace: 'Firedrill/Fulfillment', metricName: 'WebhookTimeouts', statistic: 'Sum', period: 60, dimensions: [{ Name: 'Partner', Value: 'acme' }] } });
  });

  it('coerces booleans', () => {
    const flags = { type: 'object', properties: { dryRun: { type: 'boolean' }, force: { type: 'boolean' } } };
    expect(parseDrillArgs('dryRun=yes force=false', flags)).toEqual({ ok: true, args: { dryRun: true, force: false } });
  });

  it('says what a bare word probably meant, naming the argument', () => {
    const out = parseDrillArgs('up', schema('prometheus_query'));
    expect(out).toEqual({ ok: false, problem: '"up" is not key=value; did you mean query=up?', field: 'query' });
  });

  it.each([
    ['query="up', /quote is never closed/],
    ['=up', /no argument name/],
    ['query=up query=down', /query is given twice/],
  ])('refuses %s', (text, problem) => {
    const out = parseDrillArgs(text, schema('prometheus_query'));
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.problem).toMatch(problem);
  });
});
