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

export function testBase(service: string, extra: { otlpEndpoint?: string; errorReportUrl?: string } = {}): { base: ServiceBase; logs: LogRecord[] } {
  const { stream, records } = memoryLog();
  const base = createServiceBase(service, { logLevel: 'debug', release: 'test', otlpEndpoint: extra.otlpEndpoint, errorReportUrl: extra.errorReportUrl }, stream);
  return { base, logs: records };
}

export async function listen(express: Express, base: ServiceBase): Promise<RunningServer> {
  return startServer(express, { port: 0, host: '127.0.0.1', log: base.log, lifecycle: base.lifecycle, shutdownTimeoutMs: 5000 });
}

/** orders through createOrdersApp with a real Redis, on port 0. */
export async function startOrders(redisUrl: string, deploy: Partial<OrdersDeployConfig> = {}, storeLatencyMs = 0): Promise<Started<OrdersApp> & { redis: Redis }> {
  const { base, logs } = testBase('orders');
  const redis = createRedis({ url: redisUrl, log: base.log, connectionName: 'orders-test' });
  const app = createOrdersApp({ base, redis, config: { deploy: ordersDeploySchema.parse(deploy), storeLatencyMs } });
  const server = await listen(app.express, base);
  return {
    app, base, server, redis, url: server.url, logs,
    stop: async () => {
      await server.close();
      await app.close();
      await redis.quit();
    },
  };
}

/** storefront through createStorefrontApp, pointed at an orders URL. */
export async function startStorefront(ordersUrl: string, breaker: Record<string, number> = {}, flagsFile?: string): Promise<Started<StorefrontApp> & { flags: Flags }> {
  const { base, logs } = testBase('storefront');
  const flags = await createFlags({ file: flagsFile, domain: `storefront-test-${Math.random()}`, log: base.log });
  const app = createStorefrontApp({ base, flags, config: { ordersUrl, ordersTimeoutMs: 5000, deploy: storefrontDeploySchema.parse({ breaker }) } });
  const server = await listen(app.express, base);
  return {
    app, base, server, flags, url: server.url, logs,
    stop: async () => {
      await server.close();
      await app.close();
      await flags.close();
    },
  };
}
