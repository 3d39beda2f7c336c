import { request } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { serveKitApp, signalBase, startSignalDesk, type SignalDesk } from '../../../test/support/desk-signals.js';
import { requestJson } from '../../../test/support/http.js';
import { until } from '../../../test/support/poll.js';
import { createHttpClient } from '../../../services/kit/http-client.js';
import { activeTraceId } from '../../../services/kit/tracing.js';
import type { SpanNode, TraceSummary } from './trace-view.js';

// Two real kit services (alpha calls beta) export their spans to the desk in-process; the
// datadog tools must show the very spans they made, ids, parents and all.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Seen {
  traceId: string | undefined;
  spanId: string | undefined;
  traceparent?: string | undefined;
}
interface Answer {
  alpha: Seen;
  beta: Seen;
}
type TraceDetail = TraceSummary & { tree: SpanNode[]; truncated: boolean };
interface TraceList {
  total: number;
  truncated: boolean;
  traces: TraceSummary[];
}

const own = (): Seen => ({ traceId: activeTraceId(), spanId: trace.getActiveSpan()?.spanContext().spanId });

async function desk(opts: Parameters<typeof startSignalDesk>[0] = {}): Promise<SignalDesk> {
  const d = await startSignalDesk(opts);
  cleanups.push(() => d.stop());
  return d;
}

/** beta answers /echo, /slow (400 ms) and /fail (500); alpha's /call/:what calls beta and says what both saw. */
async function startPair(deskUrl: string) {
  const beta = await serveKitApp(signalBase('beta', deskUrl).base, (app) => {
    app.get('/echo', (req, res) => {
      trace.getActiveSpan()?.addEvent('cache.miss', { key: 'k1' });
      res.json({ ...own(), traceparent: req.get('traceparent') });
    });
    app.get('/slow', async (req, res) => {
      await delay(400);
      res.json({ ...own(), traceparent: req.get('traceparent') });
    });
    app.get('/fail', () => {
      throw new Error('beta broke');
    });
  });
  const { base: alphaBase, logs: alphaLogs } = signalBase('alpha', deskUrl);
  const client = createHttpClient({ peer: 'beta', baseUrl: beta.url, tracing: alphaBase.tracing, timeoutMs: 5000 });
  const alpha = await serveKitApp(alphaBase, (app) => {
    app.get('/call/:what', async (req, res) => {
      const alphaSeen = own();
      const answer = await client.request<Seen>('GET', `/${String(req.params.what)}`);
      res.json({ alpha: alphaSeen, beta: answer.body });
    });
  });
  cleanups.push(() => beta.stop(), () => alpha.stop());
  return {
    call: async (what: string) => {
      const res = await fetch(`${alpha.url}/call/${what}`);
      return { status: res.status, body: (await res.json()) as Answer };
    },
    /** The trace id alpha logged for a failed request: the service's own record of it. */
    failedTraceId: (path: string) => until(`alpha's log of ${path}`, () => alphaLogs.find((l) => l.msg === 'request failed' && l.path === path)?.traceId as string | undefined),
  };
}

const getTrace = (d: SignalDesk, traceId: string) => d.call<TraceDetail>('datadog_get_trace', { traceId });
const fullTrace = (d: SignalDesk, traceId: string, spans: number) =>
  until(`trace ${traceId} with ${spans} spans`, async () => {
    const out = await getTrace(d, traceId);
    return out.ok && out.result.spans === spans ? out.result : undefined;
  });
const list = async (d: SignalDesk, args: Record<string, unknown>) => (await d.call<TraceList>('datadog_list_traces', args)).result;

describe('spans from real services', () => {
  it('are stored as the services made them: the trace tools show their ids, parents, timings, events and errors', async () => {
    const d = await desk();
    const pair = await startPair(d.url);
    const echo = await pair.call('echo');
    const slow = await pair.call('slow');
    const fail = await pair.call('fail');
    expect([echo.status, slow.status, fail.status]).toEqual([200, 200, 502]);
    const { alpha, beta } = echo.body;
    expect(beta.traceId).toBe(alpha.traceId);
    const clientSpanId = /^00-[0-9a-f]{32}-([0-9a-f]{16})-01$/.exec(beta.traceparent ?? '')?.[1];

    const got = await fullTrace(d, alpha.traceId ?? '', 3);
    expect(got).toMatchObject({ traceId: alpha.traceId, root: { name: 'GET /call/:what', service: 'alpha' }, spans: 3, errors: 0, services: ['alpha', 'beta'], incomplete: false, truncated: false });
    expect(got.tree).toHaveLength(1);
    const root = got.tree[0];
    const client = root?.children?.[0];
    const server = client?.children?.[0];
    expect(root).toMatchObject({ spanId: alpha.spanId, service: 'alpha', kind: 'server', startMs: 0, status: 'unset', attributes: { 'http.route': '/call/:what', 'http.response.status_code': 200 } });
    expect(root?.parentSpanId).toBeUndefined();
    expect(client).toMatchObject({ spanId: clientSpanId, parentSpanId: alpha.spanId, service: 'alpha', kind: 'client', name: 'GET beta', attributes: { 'peer.service': 'beta' } });
    expect(server).toMatchObject({ spanId: beta.spanId, parentSpanId: clientSpanId, service: 'beta', kind: 'server', name: 'GET /echo', events: [{ name: 'cache.miss', attributes: { key: 'k1' } }] });
    // Times are relative to the trace's start: the client call lies inside alpha's request, beta's inside the call.
    expect(client?.startMs).toBeGreaterThanOrEqual(0);
    expect((client?.startMs ?? 0) + (client?.durationMs ?? 0)).toBeLessThanOrEqual(root?.durationMs ?? 0);
    expect(server?.startMs).toBeGreaterThanOrEqual(client?.startMs ?? 0);

    const failTrace = await pair.failedTraceId('/call/fail');
    const failed = await fullTrace(d, failTrace, 3);
    expect(failed).toMatchObject({ errors: 3, root: { service: 'alpha' } });
    const failedClient = failed.tree[0]?.children?.[0];
    expect(failed.tree[0]).toMatchObject({ status: 'error', attributes: { 'http.response.status_code': 502 } });
    expect(failedClient).toMatchObject({ status: 'error', statusMessage: 'internal_error' });
    expect(failedClient?.children?.[0]).toMatchObject({ service: 'beta', name: 'GET /fail', status: 'error', attributes: { 'http.response.status_code': 500 } });

    const slowTrace = slow.body.alpha.traceId ?? '';
    await fullTrace(d, slowTrace, 3);
    const all = await list(d, { service: 'beta' });
    expect(all).toMatchObject({ total: 3, truncated: false });
    expect(all.traces.map((t) => t.traceId)).toEqual([failTrace, slowTrace, alpha.traceId]);
    expect((await list(d, { status: 'error' })).traces.map((t) => t.traceId)).toEqual([failTrace]);
    expect((await list(d, { status: 'ok' })).traces.map((t) => t.traceId)).toEqual([slowTrace, alpha.traceId]);
    expect((await list(d, { minDurationMs: 350 })).traces.map((t) => t.traceId)).toEqual([slowTrace]);
    expect((await list(d, { service: 'beta', operation: 'get /SLOW' })).traces.map((t) => t.traceId)).toEqual([slowTrace]);
    expect((await list(d, { service: 'alpha', operation: 'GET /slow' })).total).toBe(0);
    expect(await list(d, { limit: 1 })).toMatchObject({ total: 3, truncated: true, traces: [{ traceId: failTrace }] });
    expect((await list(d, { since: new Date(Date.now() + 60_000).toISOString() })).total).toBe(0);
  });

  it('keep at most maxSpans: the oldest traces are evicted whole', async () => {
    const d = await desk({ traces: { maxSpans: 6 } });
    const pair = await startPair(d.url);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const id = (await pair.call('echo')).body.alpha.traceId ?? '';
      ids.push(id);
      // One trace at a time, complete before the next, so the eviction order is the requests' order.
      await until(`trace ${i} stored whole`, () => d.signals.traces.get(id)?.spans.size === 3);
    }
    const listed = await list(d, {});
    expect(listed.traces.map((t) => t.traceId)).toEqual([ids[2], ids[1]]);
    const gone = await getTrace(d, ids[0] ?? '');
    expect(gone).toMatchObject({ status: 404, error: { code: 'unknown_trace', field: 'traceId', valid: [ids[2], ids[1]] } });
    expect(d.signals.traces.stats()).toMatchObject({ traces: 2, spans: 6 });
  });
});

const minimal = (span: Record<string, unknown>) => ({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'gamma' } }] }, scopeSpans: [{ spans: [span] }] }] });
const okSpan = { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'op', kind: 1, startTimeUnixNano: '1796015195762000000', endTimeUnixNano: '1796015195763000000' };

describe('POST /v1/traces', () => {
  it('answers like a collector, refuses protobuf with 415, and a malformed span with 400 naming its field', async () => {
    const d = await desk();
    const ok = await requestJson(`${d.url}/v1/traces`, { json: minimal(okSpan) });
    expect(ok).toMatchObject({ status: 200, body: { partialSuccess: {} } });

    const proto = await fetch(`${d.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array([10, 0]) });
    expect(proto.status).toBe(415);
    const protoBody = (await proto.json()) as { error: { code: string; message: string; field: string } };
    expect(protoBody.error).toMatchObject({ code: 'unsupported_media_type', field: 'content-type' });
    expect(protoBody.error.message).toContain('http/json');

    const cases: Array<[unknown, string]> = [
      [minimal({ ...okSpan, traceId: 'W47/95gDgQPSabYzgT/GDA==' }), 'resourceSpans[0].scopeSpans[0].spans[0].traceId'],
      [minimal({ ...okSpan, spanId: 'eee19b' }), 'resourceSpans[0].scopeSpans[0].spans[0].spanId'],
      [minimal({ ...okSpan, endTimeUnixNano: 'soon' }), 'resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano'],
      [{ resourceSpans: {} }, 'resourceSpans'],
      [[], '(body)'],
    ];
    for (const [body, field] of cases) {
      const res = await requestJson(`${d.url}/v1/traces`, { json: body });
      expect(res.status, field).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_request', field, message: expect.stringContaining(field === '(body)' ? 'OTLP' : field) } });
    }
    expect((await requestJson(`${d.url}/v1/traces`, { raw: '{"resourceSpans":[' })).body).toMatchObject({ error: { code: 'invalid_json' } });
    expect(d.signals.traces.stats()).toMatchObject({ traces: 1, spans: 1 });
    expect((await getTrace(d, okSpan.traceId)).result).toMatchObject({ root: { name: 'op', service: 'gamma' }, durationMs: 1 });
  });

  it('takes an OTLP batch far larger than a tool call, and answers only loopback hosts', async () => {
    const d = await desk();
    const spans = Array.from({ length: 2000 }, (_, i) => ({ ...okSpan, spanId: (i + 1).toString(16).padStart(16, '0'), attributes: [{ key: 'pad', value: { stringValue: 'x'.repeat(200) } }] }));
    const big = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
    expect(big.length).toBeGreaterThan(256 * 1024);
    const res = await requestJson(`${d.url}/v1/traces`, { raw: big });
    expect(res.status).toBe(200);
    expect(d.signals.traces.stats().spans).toBe(2000);

    const status = (path: string) => new Promise<number>((resolve, reject) => {
      const req = request(`${d.url}${path}`, { method: 'POST', headers: { host: 'evil.example:8090', 'content-type': 'application/json' } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify(minimal(okSpan)));
    });
    expect(await status('/v1/traces')).toBe(403);
    expect(await status('/api/errors')).toBe(403);
  });
});

describe('the datadog trace tools with bad arguments', () => {
  it('answer a structured error naming the field, with recent ids when a trace is unknown', async () => {
    const d = await desk();
    await requestJson(`${d.url}/v1/traces`, { json: minimal(okSpan) });
    const cases: Array<[string, Record<string, unknown>, string, number]> = [
      ['datadog_list_traces', { status: 'failed' }, 'status', 400],
      ['datadog_list_traces', { minDurationMs: -1 }, 'minDurationMs', 400],
      ['datadog_list_traces', { limit: 1000 }, 'limit', 400],
      ['datadog_list_traces', { since: 'last tuesday' }, 'since', 400],
      ['datadog_list_traces', { service: 'payments' }, 'service', 404],
      ['datadog_list_traces', { env: 'prod' }, 'env', 400],
      ['datadog_get_trace', { traceId: 'abc' }, 'traceId', 400],
      ['datadog_get_trace', { traceId: '0'.repeat(32) }, 'traceId', 404],
    ];
    for (const [name, args, field, status] of cases) {
      const out = await d.call(name, args);
      expect(out.status, `${name} ${JSON.stringify(args)}`).toBe(status);
      expect(out.error?.field, `${name} ${JSON.stringify(args)}: ${out.error?.message ?? ''}`).toBe(field);
      expect(out.error?.message).toContain(field);
    }
    expect((await d.call('datadog_get_trace', { traceId: '0'.repeat(32) })).error?.valid).toEqual([okSpan.traceId]);
    expect((await d.call('datadog_list_traces', { service: 'payments' })).error?.valid).toEqual(expect.arrayContaining(['storefront', 'gamma']));
  });
});
