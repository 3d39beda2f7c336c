import type { Express } from 'express';
import type { Redis } from 'ioredis';
import { createFlags, type Flags } from '../../services/kit/flags.js';
import { createRedis } from '../../services/kit/redis.js';
import { startServer, type RunningServer } from '../../services/kit/server.js';
import { createServiceBase, type ServiceBase } from '../../services/kit/service-base.js';
import { createOrdersApp, type OrdersApp } from '../../services/orders/app.js';
import { ordersDeploySchema, type OrdersDeployConfig } from '../../services/orders/config.js';
import { createStorefrontApp, type StorefrontApp } from '../../services/storefront/app.js';
import { storefrontDeploySchema } from '../../services/storefront/config.js';
import { memoryLog, type LogRecord } from './logs.js';

export interface Started<A> {
  app: A;
  base: ServiceBase;
  server: RunningServer;
  url: string;
  logs: LogRecord[];
  stop(): Promise<void>;
}

/** Where a service under test sends its error reports and spans (a capture server, an in-process desk). */
export interface TestSignals {
  otlpEndpoint?: string;
  errorReportUrl?: string;
}

export function testBase(service: string, extra: TestSignals = {}): { base: ServiceBase; logs: LogRecord[] } {
  const { stream, records } = memoryLog();
  const base = createServiceBase(service, { logLevel: 'debug', release: 'test', otlpEndpoint: extra.otlpEndpoint, errorReportUrl: extra.errorReportUrl }, stream);
  return { base, logs: records };
}

export async function listen(express: Express, base: ServiceBase): Promise<RunningServer> {
  return startServer(express, { port: 0, host: '127.0.0.1', log: base.log, lifecycle: base.lifecycle, shutdownTimeoutMs: 5000 });
}

/**
 * Serves an app on port 0; stop() drains the server, closes the app, then releases what
 * the caller opened for it (Redis, flags), in that order.
 */
export async function serveForTest<A extends { express: Express; close(): Promise<void> }>(
  app: A,
  base: ServiceBase,
  logs: LogRecord[],
  release: () => Promise<unknown> = async () => undefined,
): Promise<Started<A>> {
  const server = await listen(app.express, base);
  return {
    app, base, server, url: server.url, logs,
    stop: async () => {
      await server.close();
      await app.close();
      await release();
    },
  };
}

/** orders through createOrdersApp with a real Redis, on port 0. */
export async function startOrders(redisUrl: string, deploy: Partial<OrdersDeployConfig> = {}, storeLatencyMs = 0, signals: TestSignals = {}): Promise<Started<OrdersApp> & { redis: Redis }> {
  const { base, logs } = testBase('orders', signals);
  const redis = createRedis({ url: redisUrl, log: base.log, connectionName: 'orders-test' });
  const app = createOrdersApp({ base, redis, config: { deploy: ordersDeploySchema.parse(deploy), storeLatencyMs } });
  return { ...(await serveForTest(app, base, logs, () => redis.quit())), redis };
}

/** storefront through createStorefrontApp, pointed at an orders URL. */
export async function startStorefront(ordersUrl: string, breaker: Record<string, number> = {}, flagsFile?: string, signals: TestSignals = {}): Promise<Started<StorefrontApp> & { flags: Flags }> {
  const { base, logs } = testBase('storefront', signals);
  const flags = await createFlags({ file: flagsFile, domain: `storefront-test-${Math.random()}`, log: base.log });
  const app = createStorefrontApp({ base, flags, config: { ordersUrl, ordersTimeoutMs: 5000, deploy: storefrontDeploySchema.parse({ breaker }) } });
  return { ...(await serveForTest(app, base, logs, () => flags.close())), flags };
}
