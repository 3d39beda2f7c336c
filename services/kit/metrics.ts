import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HttpMetrics {
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route' | 'status'>;
}

export interface ServiceMetrics {
  registry: Registry;
  http: HttpMetrics;
}

export function metricPrefix(service: string): string {
  return service.toLowerCase().replace(/[^a-z0-9]/g, '_');
}

/**
 * One registry per app (never prom-client's global), so two apps in one test process
 * do not share counters. Each service adds its own metrics to `registry`.
 */
export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const prefix = metricPrefix(service);
  const http: HttpMetrics = {
    requests: new Counter({
      name: `${prefix}_http_requests_total`,
      help: 'HTTP requests served, by route template and status code.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: `${prefix}_http_request_duration_seconds`,
      help: 'HTTP request duration from first byte in to last byte out.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
  return { registry, http };
}
