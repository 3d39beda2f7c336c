import { randomUUID } from 'node:crypto';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
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

/**
 * Per request: an id, a child logger, a server span continuing the caller's W3C trace,
 * and the request count and duration metrics. The access log line is written at finish,
 * except for probes, scrapes and the app's own `quietPaths`.
 */
export function requestContext(deps: { log: Logger; metrics: HttpMetrics; tracing: Tracing; quietPaths?: readonly string[] }) {
  const quietPaths = new Set([...probePaths, ...(deps.quietPaths ?? [])]);
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && incoming.length <= 128 ? incoming : randomUUID();
    const parent = deps.tracing.extract(req.headers);
    const span = deps.tracing.tracer.startSpan(`${req.method} ${req.path}`, { kind: SpanKind.SERVER }, parent);
    const traceId = activeTraceId(span);
    res.locals.requestId = requestId;
    res.locals.log = deps.log.child(traceId ? { reqId: requestId, traceId } : { reqId: requestId });
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
        else res.locals.log.info(fields, 'request');
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
