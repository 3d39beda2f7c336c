import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { RateLimitedSampler } from './trace-sampler.js';

export interface TracingOptions {
  service: string;
  release: string;
  /** OTLP/HTTP traces URL (e.g. http://127.0.0.1:8090/v1/traces); tracing exports nothing without it. */
  endpoint?: string | undefined;
  /** How long spans may wait in the batch before export; short in tests. */
  exportDelayMs?: number;
  /** New traces kept per second (trace-sampler.ts); the lab's traffic stays well below it. */
  tracesPerSecond?: number;
}

const TRACES_PER_SECOND = 100;
/** How long a stopping service waits for its last spans to reach the sink. */
const SHUTDOWN_FLUSH_MS = 500;

export interface Tracing {
  tracer: Tracer;
  /** Reads `traceparent`/`tracestate` from incoming headers. */
  extract(headers: Record<string, string | string[] | undefined>): Context;
  /** Writes the active context's `traceparent`/`tracestate` into outgoing headers. */
  inject(headers: Record<string, string>, ctx?: Context): void;
  /** Flushes buffered spans; call on shutdown. */
  shutdown(): Promise<void>;
}

const propagator = new W3CTraceContextPropagator();
let contextManagerInstalled = false;

function installContextManager(): void {
  // The context manager is process-wide by nature (AsyncLocalStorage); install it once.
  if (contextManagerInstalled) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerInstalled = true;
}

/**
 * Tracing with W3C context propagation. Spans are created by hand at the edges (the HTTP
 * middleware, outgoing calls) rather than by monkey-patching instrumentations, which keeps
 * ESM working without loader hooks. Without an endpoint the tracer is a no-op that still
 * forwards the caller's trace context.
 */
export function createTracing(opts: TracingOptions): Tracing {
  installContextManager();
  let provider: BasicTracerProvider | undefined;
  let tracer: Tracer;
  if (opts.endpoint) {
    provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.service, [ATTR_SERVICE_VERSION]: opts.release }),
      sampler: new ParentBasedSampler({ root: new RateLimitedSampler(opts.tracesPerSecond ?? TRACES_PER_SECOND) }),
      spanProcessors: [
        new BatchSpanProcessor(new OTLPTraceExporter({ url: opts.endpoint, timeoutMillis: 5000 }), {
          scheduledDelayMillis: opts.exportDelayMs ?? 2000,
        }),
      ],
    });
    tracer = provider.getTracer(opts.service, opts.release);
  } else {
    tracer = trace.getTracer(opts.service, opts.release);
  }
  return {
    tracer,
    extract: (headers) => propagator.extract(context.active(), headers, defaultTextMapGetter),
    inject: (headers, ctx) => propagator.inject(ctx ?? context.active(), headers, defaultTextMapSetter),
    shutdown: async () => {
      // Bounded: the lab stops the desk (the spans' sink) before the services, and a flush
      // to a sink that is gone retried for seconds in every service, one after the other
      // (Ctrl-C took 17 s). Spans of the last moment are worth less than a prompt stop.
      if (!provider) return;
      const flushed = provider.shutdown().catch(() => undefined);
      await Promise.race([flushed, new Promise<void>((r) => setTimeout(r, SHUTDOWN_FLUSH_MS).unref())]);
    },
  };
}

/** The active trace id, or undefined when no valid trace is in progress. */
export function activeTraceId(span: Span | undefined = trace.getActiveSpan()): string | undefined {
  const sc = span?.spanContext();
  return sc && isSpanContextValid(sc) ? sc.traceId : undefined;
}
