import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { AppError } from './errors.js';
import type { Tracing } from './tracing.js';

export interface HttpClientOptions {
  /** The peer's name, used in error codes' messages and span names. */
  peer: string;
  baseUrl: string;
  tracing: Tracing;
  timeoutMs: number;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * The failure of a call to another service. `status` is what we answer our own caller
 * (502/504); `upstreamStatus` is what the peer said, when it said anything.
 */
export class UpstreamError extends AppError {
  readonly upstreamStatus: number | undefined;
  readonly upstreamCode: string | undefined;

  constructor(code: string, status: number, message: string, opts: { cause?: unknown; upstreamStatus?: number; upstreamCode?: string } = {}) {
    super(code, status, message, { cause: opts.cause });
    this.upstreamStatus = opts.upstreamStatus;
    this.upstreamCode = opts.upstreamCode;
  }
}

export interface HttpClient {
  request<T>(method: string, path: string, opts?: RequestOptions): Promise<HttpResponse<T>>;
}

/**
 * JSON over fetch with a deadline and a client span carrying `traceparent` to the peer.
 * Non-2xx answers throw UpstreamError so callers (and circuit breakers) see failures.
 */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  return {
    async request<T>(method: string, path: string, ro: RequestOptions = {}): Promise<HttpResponse<T>> {
      const span = opts.tracing.tracer.startSpan(`${method} ${opts.peer}`, {
        kind: SpanKind.CLIENT,
        attributes: { 'http.request.method': method, 'url.full': `${opts.baseUrl}${path}`, 'peer.service': opts.peer },
      });
      const ctx = trace.setSpan(context.active(), span);
      const headers: Record<string, string> = { accept: 'application/json', ...ro.headers };
      opts.tracing.inject(headers, ctx);
      if (ro.body !== undefined) headers['content-type'] = 'application/json';
      const timeoutMs = ro.timeoutMs ?? opts.timeoutMs;
      // A plain timer, not AbortSignal.timeout()/any(): on Node 20 those signals can be
      // garbage-collected mid-request under load, and the deadline silently never fires.
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
      const onCallerAbort = () => controller.abort(ro.signal?.reason);
      if (ro.signal?.aborted) onCallerAbort();
      ro.signal?.addEventListener('abort', onCallerAbort, { once: true });
      try {
        const res = await fetch(`${opts.baseUrl}${path}`, {
          method,
          headers,
          body: ro.body === undefined ? null : JSON.stringify(ro.body),
          signal: controller.signal,
        });
        const text = await res.text();
        const body = parseBody(text);
        span.setAttribute('http.response.status_code', res.status);
        if (!res.ok) {
          const upstreamCode = errorCodeOf(body);
          span.setStatus({ code: SpanStatusCode.ERROR, message: upstreamCode ?? String(res.status) });
          throw new UpstreamError(
            res.status >= 500 ? 'upstream_unavailable' : 'upstream_rejected',
            res.status >= 500 ? 502 : res.status,
            `${opts.peer} answered ${res.status}${upstreamCode ? ` ${upstreamCode}` : ''}: ${errorMessageOf(body) ?? text.slice(0, 200)}`,
            { upstreamStatus: res.status, ...(upstreamCode ? { upstreamCode } : {}) },
          );
        }
        return { status: res.status, headers: res.headers, body: body as T };
      } catch (err) {
        if (err instanceof UpstreamError) throw err;
        const name = (err as Error).name;
        span.setStatus({ code: SpanStatusCode.ERROR, message: name });
        if (name === 'TimeoutError') {
          throw new UpstreamError('upstream_timeout', 504, `${opts.peer} did not answer within ${timeoutMs} ms`, { cause: err });
        }
        const cause = (err as { cause?: { code?: string } }).cause;
        throw new UpstreamError('upstream_unreachable', 502, `${opts.peer} unreachable: ${cause?.code ?? (err as Error).message}`, { cause: err });
      } finally {
        clearTimeout(timer);
        ro.signal?.removeEventListener('abort', onCallerAbort);
        span.end();
      }
    },
  };
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorCodeOf(body: unknown): string | undefined {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorMessageOf(body: unknown): string | undefined {
  const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === 'string' ? message : undefined;
}
