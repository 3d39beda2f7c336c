import { randomUUID } from 'node:crypto';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { createLogBudget } from './log-budget.js';
import type { HttpMetrics } from './metrics.js';
import { activeTraceId, type Tracing } from './tracing.js';

declare module 'express-serve-static-core' {
  interface Locals {
    log: Logger;
    requestId: string;
  }
}

/** The route template (`/orders/:id`), never the raw path, so metric labels stay bounded. */
export function routeLabel(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === 'string') return `${req.baseUrl}${path}`;
  return 'unmatched';
}

const probePaths = ['/healthz', '/readyz', '/metrics'];

/** Routine access-log lines a second (log-budget.ts); the lab's traffic stays well below it. */
const ACCESS_LINES_PER_SECOND = 100;
/** A request this slow is always logged, like a failure. */
const SLOW_MS = 500;

/**
 * Per request: an id, a child logger, a server span continuing the caller's W3C trace,
 * and the request count and duration metrics. The access log line is written at finish,
 * except for probes, scrapes and the app's own `quietPaths`; routine ones (fast, below 500)
 * within a budget of 100 a second, failures and slow ones always.
 */
export function requestContext(deps: { log: Logger; metrics: HttpMetrics; tracing: Tracing; quietPaths?: readonly string[] }) {
  const quietPaths = new Set([...probePaths, ...(deps.quietPaths ?? [])]);
  const budget = createLogBudget(ACCESS_LINES_PER_SECOND);
  const reportDropped = (count: number, second: number) =>
    deps.log.info({ dropped: count, second: new Date(second * 1000).toISOString() }, `access log: ${count} routine request lines over the budget of ${ACCESS_LINES_PER_SECOND}/s not written`);
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && incoming.length <= 128 ? incoming : randomUUID();
    const parent = deps.tracing.extract(req.headers);
    const span = deps.tracing.tracer.startSpan(`${req.method} ${req.path}`, { kind: SpanKind.SERVER }, parent);
    const traceId = activeTraceId(span);
    res.locals.requestId = requestId;
    // Made on first use: a child logger per request is a cost most requests never need.
    let log: Logger | undefined;
    Object.defineProperty(res.locals, 'log', { get: () => (log ??= deps.log.child(traceId ? { reqId: requestId, traceId } : { reqId: requestId })), enumerable: true, configurable: true });
    res.setHeader('x-request-id', requestId);

    res.on('finish', () => {
      const route = routeLabel(req);
      const status = String(res.statusCode);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      deps.metrics.requests.inc({ method: req.method, route, status });
      deps.metrics.duration.observe({ method: req.method, route, status }, seconds);
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ 'http.request.method': req.method, 'http.route': route, 'http.response.status_code': res.statusCode });
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      if (!quietPaths.has(req.path)) {
        const fields = { method: req.method, route, path: redactQuery(req.originalUrl), status: res.statusCode, ms: Math.round(seconds * 1000) };
        if (res.statusCode >= 500) res.locals.log.warn(fields, 'request failed');
        else if (res.statusCode >= 400 || fields.ms >= SLOW_MS || budget.take(reportDropped)) res.locals.log.info(fields, 'request');
      }
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

/** Query parameters that carry credentials (Slack accepts `token` in the query): never logged. */
const SECRET_PARAMS = /([?&](?:token|ticket|secret|key|password)=)[^&#]*/gi;

export function redactQuery(url: string): string {
  return url.replace(SECRET_PARAMS, '$1***');
}
