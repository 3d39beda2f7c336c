import { afterEach, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { testBase, listen } from '../../test/support/apps.js';
import { startCaptureServer, type CaptureServer } from '../../test/support/capture-server.js';
import type { LogRecord } from '../../test/support/logs.js';
import { until } from '../../test/support/poll.js';
import type { ErrorReport } from './error-report.js';
import { AppError } from './errors.js';
import { createServiceApp, type ReadinessCheck } from './http-app.js';
import type { RunningServer } from './server.js';
import type { ServiceBase } from './service-base.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Started {
  base: ServiceBase;
  logs: LogRecord[];
  server: RunningServer;
  url: string;
}

async function start(opts: { readiness?: ReadinessCheck[]; errorReportUrl?: string; quietPaths?: string[]; mount?: (app: Express) => void } = {}): Promise<Started> {
  const { base, logs } = testBase('things', opts.errorReportUrl ? { errorReportUrl: opts.errorReportUrl } : {});
  const app = createServiceApp(
    {
      base,
      ...(opts.readiness ? { readiness: opts.readiness } : {}),
      ...(opts.quietPaths ? { quietPaths: opts.quietPaths } : {}),
    },
    opts.mount ??
      ((a) => {
        a.get('/things/:id', (req, res) => {
          res.json({ id: req.params.id });
        });
        a.post('/things', (req, res) => {
          res.status(201).json({ received: req.body as unknown });
        });
        a.get('/sold-out', () => {
          throw new AppError('out_of_stock', 409, 'mug is sold out');
        });
        a.get('/crash', async () => {
          await Promise.resolve();
          throw new TypeError('cannot read properties of undefined (reading "qty")');
        });
      }),
  );
  const server = await listen(app, base);
  cleanups.push(() => server.close());
  return { base, logs, server, url: server.url };
}

async function capture(): Promise<CaptureServer> {
  const c = await startCaptureServer();
  cleanups.push(() => c.close());
  return c;
}

async function json(res: Response): Promise<unknown> {
  return (await res.json()) as unknown;
}

describe('createServiceApp', () => {
  it('answers /healthz', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: 'ok', service: 'things' });
  });

  it('answers /readyz 200 while checks pass, 503 naming the failing check, 503 draining on shutdown', async () => {
    let redisUp = true;
    const { url, base } = await start({
      readiness: [
        { name: 'redis', check: async () => { if (!redisUp) throw new Error('connect ECONNREFUSED 127.0.0.1:6390'); } },
        { name: 'disk', check: async () => undefined },
      ],
    });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await json(ready)).toEqual({ status: 'ready', service: 'things', checks: { redis: 'ok', disk: 'ok' } });

    redisUp = false;
    const notReady = await fetch(`${url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await json(notReady)).toEqual({ status: 'not_ready', service: 'things', checks: { redis: 'connect ECONNREFUSED 127.0.0.1:6390', disk: 'ok' } });

    redisUp = true;
    base.lifecycle.draining = true;
    const draining = await fetch(`${url}/readyz`);
    expect(draining.status).toBe(503);
    expect(await json(draining)).toMatchObject({ status: 'draining', service: 'things' });
  });

  it('counts requests in /metrics by route template, not raw path', async () => {
    const { url } = await start();
    for (const id of ['a1', 'b2', 'c3']) expect((await fetch(`${url}/things/${id}`)).status).toBe(200);
    await fetch(`${url}/nowhere/at/all`);
    const line = (text: string, re: RegExp): string | undefined => text.split('\n').find((l) => re.test(l));
    const text = await until('three GET /things/:id counted', async () => {
      const res = await fetch(`${url}/metrics`);
      const body = await res.text();
      return /things_http_requests_total\{[^}]*route="\/things\/:id"[^}]*\} 3$/m.test(body) ? body : undefined;
    });
    expect(line(text, /^things_http_requests_total\{.*route="\/things\/:id"/)).toBe('things_http_requests_total{method="GET",route="/things/:id",status="200"} 3');
    expect(text).not.toMatch(/route="\/things\/a1"/);
    expect(text).toMatch(/^things_http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m);
    expect(text).toMatch(/^things_http_request_duration_seconds_count\{method="GET",route="\/things\/:id",status="200"\} 3$/m);
    expect(text).toContain('# TYPE things_http_requests_total counter');
  });

  it('answers an unknown route 404 not_found as JSON', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/nowhere`, { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json(res)).toEqual({ error: { code: 'not_found', message: 'no route for DELETE /nowhere' } });
  });

  it('parses JSON bodies and answers malformed JSON 400 invalid_json', async () => {
    const { url } = await start();
    const ok = await fetch(`${url}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sku":"mug","qty":2}' });
    expect(ok.status).toBe(201);
    expect(await json(ok)).toEqual({ received: { sku: 'mug', qty: 2 } });

    const bad = await fetch(`${url}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sku": "mug",' });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ error: { code: 'invalid_json' } });
  });

  it('renders an AppError with its own status and code, without reporting it', async () => {
    const reports = await capture();
    const { url, logs } = await start({ errorReportUrl: `${reports.url}/errors` });
    const res = await fetch(`${url}/sold-out`);
    expect(res.status).toBe(409);
    expect(await json(res)).toEqual({ error: { code: 'out_of_stock', message: 'mug is sold out' } });
    await until('access log for /sold-out', () => logs.find((r) => r.msg === 'request' && r.path === '/sold-out'));
    expect(logs.filter((r) => r.level === 'error')).toEqual([]);
    expect(reports.requests).toEqual([]);
  });

  it('answers a thrown non-AppError 500 internal_error, logs it and posts an error report', async () => {
    const reports = await capture();
    const { url, logs } = await start({ errorReportUrl: `${reports.url}/errors` });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${url}/crash`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    expect(res.status).toBe(500);
    expect(await json(res)).toEqual({ error: { code: 'internal_error', message: 'internal error' } });

    const posted = await until('an error report', () => reports.requests[0]);
    expect(posted.method).toBe('POST');
    expect(posted.path).toBe('/errors');
    expect(posted.headers['content-type']).toBe('application/json');
    const report = JSON.parse(posted.body) as ErrorReport;
    expect(report).toMatchObject({
      type: 'TypeError',
      code: 'internal_error',
      service: 'things',
      release: 'test',
      traceId,
      level: 'error',
      context: { route: '/crash', method: 'GET', status: 500, requestId: res.headers.get('x-request-id') },
    });
    expect(report.message).toContain('cannot read properties of undefined (reading "qty")');
    expect(report.stack).toMatch(/^TypeError: cannot read properties/);
    expect(report.stack).toContain('http-app.test.ts');

    const logged = logs.find((r) => r.level === 'error');
    expect(logged).toMatchObject({ code: 'internal_error', traceId, err: { type: 'TypeError' } });
    await until('failed request logged at warn', () => logs.find((r) => r.msg === 'request failed' && r.status === 500));
    expect(reports.requests).toHaveLength(1);
  });

  it('echoes x-request-id and carries it as reqId in the access log', async () => {
    const { url, logs } = await start();
    const res = await fetch(`${url}/things/42?view=full`, { headers: { 'x-request-id': 'req-abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('req-abc-123');
    const record = await until('access log line', () => logs.find((r) => r.msg === 'request' && r.reqId === 'req-abc-123'));
    expect(record).toMatchObject({ level: 'info', service: 'things', method: 'GET', route: '/things/:id', path: '/things/42?view=full', status: 200 });
    expect(typeof record.ms).toBe('number');
  });

  it('makes up a request id when the caller sends none (or an absurd one)', async () => {
    const { url, logs } = await start();
    const first = (await fetch(`${url}/things/1`)).headers.get('x-request-id');
    const second = (await fetch(`${url}/things/2`, { headers: { 'x-request-id': 'x'.repeat(500) } })).headers.get('x-request-id');
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
    await until('both access log lines', () => logs.filter((r) => r.msg === 'request').length === 2);
    expect(logs.filter((r) => r.msg === 'request').map((r) => r.reqId).sort()).toEqual([first, second].sort());
  });

  it('keeps probes and scrapes out of the access log', async () => {
    const { url, logs } = await start();
    await fetch(`${url}/healthz`);
    await fetch(`${url}/readyz`);
    await fetch(`${url}/metrics`);
    await fetch(`${url}/things/1`);
    await until('access log for /things/1', () => logs.find((r) => r.msg === 'request' && r.path === '/things/1'));
    expect(logs.filter((r) => r.msg === 'request').map((r) => r.path)).toEqual(['/things/1']);
  });

  it('keeps the app\'s own quietPaths out of the access log, and still counts them', async () => {
    const { url, logs } = await start({ quietPaths: ['/things'] });
    await fetch(`${url}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await fetch(`${url}/things/1`);
    await until('access log for /things/1', () => logs.find((r) => r.msg === 'request' && r.path === '/things/1'));
    expect(logs.filter((r) => r.msg === 'request').map((r) => r.path)).toEqual(['/things/1']);
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^things_http_requests_total\{method="POST",route="\/things",status="201"\} 1$/m);
  });
});
