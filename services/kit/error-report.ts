import type { Logger } from 'pino';
import { activeTraceId } from './tracing.js';

/** What the desk stores per exception; the shape is the contract with it. */
export interface ErrorReport {
  type: string;
  /** The AppError code (`pool_exhausted`) or system code (`ECONNREFUSED`) when there is one. */
  code: string | undefined;
  message: string;
  stack: string | undefined;
  service: string;
  release: string;
  traceId: string | undefined;
  level: 'error' | 'fatal';
  timestamp: string;
  context: Record<string, unknown>;
}

export interface ErrorReporter {
  report(err: unknown, context?: Record<string, unknown> & { level?: 'error' | 'fatal'; traceId?: string }): Promise<void>;
}

export interface ErrorReporterOptions {
  service: string;
  release: string;
  endpoint?: string | undefined;
  log: Logger;
  timeoutMs?: number;
}

export function toErrorReport(
  err: unknown,
  base: { service: string; release: string },
  context: Record<string, unknown> & { level?: 'error' | 'fatal'; traceId?: string } = {},
): ErrorReport {
  const { level, traceId, ...rest } = context;
  const e = err instanceof Error ? err : new Error(String(err));
  const cause = (e as { cause?: unknown }).cause;
  // Report the underlying failure: an AppError wrapping a timeout is a timeout.
  const root = e.name === 'AppError' && cause instanceof Error ? cause : e;
  return {
    type: root.name,
    code: (e as { code?: unknown }).code === undefined ? undefined : String((e as { code?: unknown }).code),
    message: e === root ? e.message : `${e.message}: ${root.message}`,
    stack: root.stack,
    service: base.service,
    release: base.release,
    traceId: traceId ?? activeTraceId(),
    level: level ?? 'error',
    timestamp: new Date().toISOString(),
    context: rest,
  };
}

/**
 * Sends each unhandled or 5xx exception to the error tracker (the desk, later). A report
 * never throws and never holds a request: delivery failures are logged at debug level.
 */
export function createErrorReporter(opts: ErrorReporterOptions): ErrorReporter {
  const { endpoint } = opts;
  if (!endpoint) return { report: async () => undefined };
  return {
    async report(err, context) {
      const body = toErrorReport(err, opts, context);
      try {
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 2000),
        });
        await res.body?.cancel();
        if (!res.ok) opts.log.debug({ status: res.status, endpoint }, 'error report rejected');
      } catch (cause) {
        opts.log.debug({ err: cause, endpoint }, 'error report not delivered');
      }
    },
  };
}
