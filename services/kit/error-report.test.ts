import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { startCaptureServer } from '../../test/support/capture-server.js';
import { memoryLog, type LogRecord } from '../../test/support/logs.js';
import { freePort } from '../../test/support/ports.js';
import { createErrorReporter, toErrorReport, type ErrorReport, type ErrorReporter } from './error-report.js';
import { AppError, toAppError } from './errors.js';
import { UpstreamError } from './http-client.js';
import { createLogger } from './logger.js';
import { createTracing } from './tracing.js';

const base = { service: 'orders', release: 'r42' };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function reporter(endpoint: string | undefined, timeoutMs?: number): { errors: ErrorReporter; logs: LogRecord[] } {
  const { stream, records } = memoryLog();
  const log = createLogger({ service: 'orders', level: 'debug', destination: stream });
  return { errors: createErrorReporter({ ...base, endpoint, log, ...(timeoutMs ? { timeoutMs } : {}) }), logs: records };
}

describe('toErrorReport', () => {
  it('describes a plain error', () => {
    const err = new RangeError('qty out of range');
    const report = toErrorReport(err, base, { route: '/orders', method: 'POST' });
    expect(report).toEqual({
      type: 'RangeError',
      code: undefined,
      message: 'qty out of range',
      stack: err.stack,
      service: 'orders',
      release: 'r42',
      traceId: undefined,
      level: 'error',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      context: { route: '/orders', method: 'POST' },
    });
    expect(new Date(report.timestamp).toISOString()).toBe(report.timestamp);
  });

  it('reports the root cause of an AppError, keeping its code', () => {
    const cause = new TypeError("cannot read properties of undefined (reading 'qty')");
    const report = toErrorReport(toAppError(cause), base);
    expect(report.type).toBe('TypeError');
    expect(report.code).toBe('internal_error');
    expect(report.message).toBe("internal error: cannot read properties of undefined (reading 'qty')");
    expect(report.stack).toBe(cause.stack);
  });

  it('reports an upstream timeout as the timeout it wraps', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const report = toErrorReport(new UpstreamError('upstream_timeout', 504, 'orders did not answer within 100 ms', { cause: timeout }), { service: 'storefront', release: 'r1' });
    expect(report).toMatchObject({ type: 'TimeoutError', code: 'upstream_timeout', service: 'storefront', message: 'orders did not answer within 100 ms: The operation was aborted due to timeout' });
  });

  it('reports an AppError without a cause as itself', () => {
    const err = new AppError('pool_exhausted', 503, 'no store session free');
    expect(toErrorReport(err, base)).toMatchObject({ type: 'AppError', code: 'pool_exhausted', message: 'no store session free', stack: err.stack });
  });

  it('keeps a system error code', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' });
    expect(toErrorReport(err, base)).toMatchObject({ type: 'Error', code: 'ECONNREFUSED' });
  });

  it('copes with something thrown that is not an Error', () => {
    const report = toErrorReport('kaboom', base, { level: 'fatal' });
    expect(report).toMatchObject({ type: 'Error', message: 'kaboom', level: 'fatal', context: {} });
    expect(report.stack).toEqual(expect.any(String));
  });

  it('takes the trace id from the context given, else from the active span', () => {
    const tracing = createTracing({ service: 'orders', release: 'r42' });
    const active = '4bf92f3577b34da6a3ce929d0e0e4736';
    const ctx = tracing.extract({ traceparent: `00-${active}-00f067aa0ba902b7-01` });
    const explicit = '11111111111111111111111111111111';
    const [fromSpan, fromArg] = context.with(ctx, () => [toErrorReport(new Error('x'), base), toErrorReport(new Error('x'), base, { traceId: explicit })]);
    expect(fromSpan?.traceId).toBe(active);
    expect(fromArg?.traceId).toBe(explicit);
    expect(fromArg?.context).toEqual({});
  });
});

describe('createErrorReporter', () => {
  it('POSTs the report as JSON to the endpoint', async () => {
    const desk = await startCaptureServer();
    cleanups.push(() => desk.close());
    const { errors } = reporter(`${desk.url}/api/errors`);
    await errors.report(new Error('disk full'), { route: '/orders' });
    expect(desk.requests).toHaveLength(1);
    const [posted] = desk.requests;
    expect(posted).toMatchObject({ method: 'POST', path: '/api/errors' });
    expect(posted?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(posted?.body ?? '') as ErrorReport).toMatchObject({ type: 'Error', message: 'disk full', service: 'orders', release: 'r42', context: { route: '/orders' } });
  });

  it('never throws when the endpoint is down, and logs the miss at debug', async () => {
    const { errors, logs } = reporter(`http://127.0.0.1:${await freePort()}/api/errors`);
    await expect(errors.report(new Error('disk full'))).resolves.toBeUndefined();
    expect(logs).toEqual([expect.objectContaining({ level: 'debug', msg: 'error report not delivered' })]);
  });

  it('never throws when the endpoint rejects the report', async () => {
    const desk = await startCaptureServer({ status: 500 });
    cleanups.push(() => desk.close());
    const { errors, logs } = reporter(`${desk.url}/api/errors`);
    await expect(errors.report(new Error('disk full'))).resolves.toBeUndefined();
    expect(desk.requests).toHaveLength(1);
    expect(logs).toEqual([expect.objectContaining({ level: 'debug', msg: 'error report rejected', status: 500 })]);
  });

  it('gives up on an endpoint that never answers', async () => {
    const held: ServerResponse[] = [];
    const silent = createServer((_req, res) => held.push(res));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const { errors, logs } = reporter(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, 100);
    await expect(errors.report(new Error('disk full'))).resolves.toBeUndefined();
    expect(held).toHaveLength(1);
    expect(logs).toEqual([expect.objectContaining({ level: 'debug', msg: 'error report not delivered', err: expect.objectContaining({ type: 'DOMException' }) })]);
  });

  it('without an endpoint does nothing', async () => {
    const { errors, logs } = reporter(undefined);
    await expect(errors.report(new Error('disk full'))).resolves.toBeUndefined();
    expect(logs).toEqual([]);
  });
});
