import type { Express } from 'express';
import type { Redis } from 'ioredis';
import type { Flags } from '../kit/flags.js';
import { createHttpClient } from '../kit/http-client.js';
import { createServiceApp } from '../kit/http-app.js';
import type { ServiceBase } from '../kit/service-base.js';
import { createOrdersApi, createPartnersApi } from './clients.js';
import type { FulfillmentConfig } from './config.js';
import { startDispatcher, type Dispatcher } from './dispatcher.js';
import { createFulfillmentMetrics, registerDispatcherGauges } from './metrics.js';
import { createBatchStream } from './stream.js';

export interface FulfillmentAppDeps {
  base: ServiceBase;
  redis: Redis;
  /** A second connection for the blocking stream reads. */
  reader: Redis;
  flags: Flags;
  consumer: string;
  config: Pick<FulfillmentConfig, 'deploy' | 'ordersUrl' | 'partnersUrl' | 'ordersTimeoutMs'>;
  blockMs?: number;
}

export interface FulfillmentApp {
  express: Express;
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

/** The dispatcher plus its HTTP face: health, metrics and a status page. */
export async function createFulfillmentApp(deps: FulfillmentAppDeps): Promise<FulfillmentApp> {
  const { base, config } = deps;
  const metrics = createFulfillmentMetrics(base.metrics.registry);
  const stream = createBatchStream(deps.redis, deps.reader, deps.consumer);
  const orders = createOrdersApi(createHttpClient({ peer: 'orders', baseUrl: config.ordersUrl, tracing: base.tracing, timeoutMs: config.ordersTimeoutMs }));
  const partners = createPartnersApi(createHttpClient({ peer: 'partners', baseUrl: config.partnersUrl, tracing: base.tracing, timeoutMs: config.deploy.partnerTimeoutMs }));
  const dispatcher = await startDispatcher({
    stream, flags: deps.flags, deploy: config.deploy, metrics, log: base.log, errors: base.errors, tracer: base.tracing.tracer, orders, partners,
    ...(deps.blockMs === undefined ? {} : { blockMs: deps.blockMs }),
  });
  registerDispatcherGauges(base.metrics.registry, { inFlight: dispatcher.inFlight, paused: dispatcher.paused, backlog: stream.backlog });

  const express = createServiceApp(
    { base, readiness: [{ name: 'redis', check: async () => void (await deps.redis.ping()) }] },
    (app) => {
      app.get('/status', async (_req, res) => {
        res.json({
          consumer: deps.consumer,
          paused: dispatcher.paused(),
          inFlight: dispatcher.inFlight(),
          backlog: await stream.backlog(),
          deploy: config.deploy,
        });
      });
    },
  );
  return { express, dispatcher, close: () => dispatcher.stop() };
}
