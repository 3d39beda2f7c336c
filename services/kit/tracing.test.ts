import { afterEach, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { listen } from '../../test/support/apps.js';
import { startCaptureServer, type CaptureServer } from '../../test/support/capture-server.js';
import { memoryLog } from '../../test/support/logs.js';
import { until } from '../../test/support/poll.js';
import { createErrorReporter } from './error-report.js';
import { createServiceApp } from './http-app.js';
import { createHttpClient } from './http-client.js';
import { createLogger } from './logger.js';
import { createServiceMetrics } from './metrics.js';
import type { ServiceBase } from './service-base.js';
import { activeTraceId, createTracing, type Tracing } from './tracing.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const incomingTraceId = '0af7651916cd43dd8448eb211c80319c';
const incomingSpanId = 'b7ad6b7169203331';
const traceparent = `00-${incomingTraceId}-${incomingSpanId}-01`;

/** A service base whose tracing exports quickly (testBase keeps the 2 s default batch delay). */
function baseFor(service: string, endpoint: string | undefined): ServiceBase {
  const { stream } = memoryLog();
  const log = createLogger({ service, level: 'debug', release: 'test', destination: stream });
  const tracing = createTracing({ service, release: 'test', endpoint, exportDelayMs: 20 });
  cleanups.push(() => tracing.shutdown());
  return {
    service,
    release: 'test',
    log,
    metrics: createServiceMetrics(service),
    tracing,
    errors: createErrorReporter({ service, release: 'test', log }),
    lifecycle: { draining: false },
  };
}

async function serve(base: ServiceBase, mount: (app: Express) => void): Promise<string> {
  const app = createServiceApp(
    { base },
    mount,
  );
  const server = await listen(app, base);
  cleanups.push(() => server.close());
  return server.url;
}

interface Seen {
  traceparent: string | undefined;
  traceId: string | undefined;
}

/** App B echoes the traceparent it received; app A calls B (GET, or POST with a JSON body) and returns B's answer. */
async function startPair(endpoint: string | undefined): Promise<{ aUrl: string }> {
  const b = baseFor('beta', endpoint);
  const bUrl = await serve(b, (app) => {
    app.get('/echo', (req, res) => {
      const seen: Seen = { traceparent: req.get('traceparent'), traceId: activeTraceId() };
      res.json(seen);
    });
  });
  const a = baseFor('alpha', endpoint);
  const client = createHttpClient({ peer: 'beta', baseUrl: bUrl, tracing: a.tracing, timeoutMs: 5000 });
  const aUrl = await serve(a, (app) => {
    app.get('/call', async (_req, res) => {
      res.json((await client.request<Seen>('GET', '/echo')).body);
    });
    app.post('/call', async (req, res) => {
      const body = req.body as { n?: unknown };
      res.json({ ...(await client.request<Seen>('GET', '/echo')).body, n: body.n });
    });
  });
  return { aUrl };
}

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string };
}

interface OtlpRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{ spans?: Array<{ traceId: string; spanId: string; parentSpanId?: string; name: string }> }>;
  }>;
}

function exportedSpans(capture: CaptureServer): ExportedSpan[] {
  const spans: ExportedSpan[] = [];
  for (const req of capture.requests) {
    const payload = JSON.parse(req.body) as OtlpRequest;
    for (const rs of payload.resourceSpans ?? []) {
      const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) spans.push({ service, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId ?? '', name: s.name });
      }
    }
  }
  return spans;
}

describe('createTracing', () => {
  it('exports spans from both services under the incoming trace id, and B sees it in traceparent', async () => {
    const collector = await startCaptureServer();
    cleanups.push(() => collector.close());
    const { aUrl } = await startPair(`${collector.url}/v1/traces`);

    const res = await fetch(`${aUrl}/call`, { headers: { traceparent } });
    expect(res.status).toBe(200);
    const seen = (await res.json()) as Seen;
    expect(seen.traceparent).toMatch(new RegExp(`^00-${incomingTraceId}-[0-9a-f]{16}-01$`));
    expect(seen.traceId).toBe(incomingTraceId);

    const spans = await until('server spans from alpha and beta plus alpha\'s client span', () => {
      const s = exportedSpans(collector);
      const want = [s.find((x) => x.service === 'alpha' && x.name === 'GET /call'), s.find((x) => x.service === 'alpha' && x.name === 'GET beta'), s.find((x) => x.service === 'beta' && x.name === 'GET /echo')];
      return want.every((x) => x !== undefined) ? s : undefined;
    }, { timeoutMs: 20_000 });
    expect(collector.requests.every((r) => r.method === 'POST' && r.path === '/v1/traces')).toBe(true);
    expect(collector.requests[0]?.headers['content-type']).toMatch(/^application\/json/);

    const byName = (service: string, name: string): ExportedSpan => {
      const span = spans.find((x) => x.service === service && x.name === name);
      if (!span) throw new Error(`no span ${service} ${name}`);
      return span;
    };
    const aServer = byName('alpha', 'GET /call');
    const aClient = byName('alpha', 'GET beta');
    const bServer = byName('beta', 'GET /echo');
    for (const span of [aServer, aClient, bServer]) expect(span.traceId).toBe(incomingTraceId);
    // One chain: caller → A's server span → A's client span → B's server span.
    expect(aServer.parentSpanId).toBe(incomingSpanId);
    expect(aClient.parentSpanId).toBe(aServer.spanId);
    expect(bServer.parentSpanId).toBe(aClient.spanId);
    expect(seen.traceparent).toBe(`00-${incomingTraceId}-${aClient.spanId}-01`);
  });

  it('keeps the trace through a request whose JSON body is parsed before the outgoing call', async () => {
    const collector = await startCaptureServer();
    cleanups.push(() => collector.close());
    const { aUrl } = await startPair(`${collector.url}/v1/traces`);

    const res = await fetch(`${aUrl}/call`, { method: 'POST', headers: { traceparent, 'content-type': 'application/json' }, body: JSON.stringify({ n: 7 }) });
    expect(res.status).toBe(200);
    const seen = (await res.json()) as Seen & { n: number };
    expect(seen.n).toBe(7);
    expect(seen.traceparent).toMatch(new RegExp(`^00-${incomingTraceId}-[0-9a-f]{16}-01$`));
  });

  it('without an endpoint exports nothing but still forwards the incoming traceparent', async () => {
    const { aUrl } = await startPair(undefined);
    const res = await fetch(`${aUrl}/call`, { headers: { traceparent } });
    const seen = (await res.json()) as Seen;
    expect(seen.traceparent).toMatch(new RegExp(`^00-${incomingTraceId}-[0-9a-f]{16}-01$`));
    expect(seen.traceId).toBe(incomingTraceId);

    const posted = await fetch(`${aUrl}/call`, { method: 'POST', headers: { traceparent, 'content-type': 'application/json' }, body: '{"n":1}' });
    expect(((await posted.json()) as Seen).traceparent).toMatch(new RegExp(`^00-${incomingTraceId}-`));
  });

  it('without an endpoint or an incoming trace, sends no traceparent', async () => {
    const { aUrl } = await startPair(undefined);
    const seen = (await (await fetch(`${aUrl}/call`)).json()) as Seen;
    expect(seen.traceparent).toBeUndefined();
    expect(seen.traceId).toBeUndefined();
  });

  it('extract and inject round-trip W3C trace context', () => {
    const tracing: Tracing = createTracing({ service: 'gamma', release: 'test' });
    const headers: Record<string, string> = {};
    tracing.inject(headers, tracing.extract({ traceparent, tracestate: 'vendor=1' }));
    expect(headers).toEqual({ traceparent, tracestate: 'vendor=1' });
  });
});
