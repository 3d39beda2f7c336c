import type { Express, Request } from 'express';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { badRequest, notFound } from '../kit/errors.js';
import { createServiceApp } from '../kit/http-app.js';
import type { ServiceBase } from '../kit/service-base.js';
import { parseInput } from '../kit/validate.js';
import { getBatch, recordAttempt } from './batches.js';
import { addToCart, getCart, removeFromCart } from './carts.js';
import { catalog } from './catalog.js';
import type { OrdersConfig } from './config.js';
import { createOrder } from './create-order.js';
import type { OrdersDomain } from './domain.js';
import { startBatchFlusher } from './flusher.js';
import { isValidIdempotencyKey } from './idempotency.js';
import { createOrdersMetrics, registerPoolGauges } from './metrics.js';
import { createPool, type Pool } from './pool.js';
import { createOrdersStore } from './store.js';

export interface OrdersAppDeps {
  base: ServiceBase;
  redis: Redis;
  config: Pick<OrdersConfig, 'deploy' | 'storeLatencyMs'>;
}

export interface OrdersApp {
  express: Express;
  pool: Pool;
  domain: OrdersDomain;
  close(): Promise<void>;
}

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, _ or -');
const cartItemBody = z.object({ sku: z.string().min(1), qty: z.number().int().min(1).max(99).default(1) }).strict();
const createOrderBody = z.object({
  customer: z.object({ name: z.string().trim().min(1).max(200), email: z.email() }).strict(),
  cartId: id.optional(),
  items: z.array(z.object({ sku: z.string().min(1), qty: z.number().int().min(1).max(99) }).strict()).min(1).max(50).optional(),
}).strict().refine((b) => (b.cartId === undefined) !== (b.items === undefined), { message: 'give exactly one of cartId or items', path: ['cartId'] });
const attemptBody = z.object({
  attempt: z.number().int().min(1),
  outcome: z.enum(['ok', 'timeout', 'error']),
  latencyMs: z.number().min(0).optional(),
}).strict();

function param(req: Request, name: string): string {
  return parseInput(id, req.params[name], `path parameter ${name}`);
}

function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!isValidIdempotencyKey(key)) throw badRequest('invalid_idempotency_key', 'Idempotency-Key must be 1-255 visible ASCII characters');
  return key;
}

/** At most one 'pool saturated' warning per this interval. */
const SATURATION_LOG_INTERVAL_MS = 10_000;

/** The orders API. Every route that touches the store runs inside a pool slot. */
export function createOrdersApp(deps: OrdersAppDeps): OrdersApp {
  const { base, config } = deps;
  const metrics = createOrdersMetrics(base.metrics.registry);
  const pool = createPool({ size: config.deploy.poolSize, queueTimeoutMs: config.deploy.poolQueueTimeoutMs, events: metrics.poolEvents });
  registerPoolGauges(base.metrics.registry, pool);
  const domain: OrdersDomain = { store: createOrdersStore(deps.redis, config.storeLatencyMs), deploy: config.deploy, metrics, log: base.log };

  // The operator's early sign, long before pool_exhausted: requests queueing for a connection.
  // Logged once per interval with what queued since, so a saturated pool cannot flood the log.
  let lastSaturatedAt = -Infinity;
  let queuedSince = 0;
  let maxWaitMs = 0;
  const pooled = <T>(req: Request, fn: () => Promise<T>): Promise<T> =>
    pool.run(fn, {
      acquired: (waitedMs) => {
        if (waitedMs === 0) return;
        queuedSince += 1;
        maxWaitMs = Math.max(maxWaitMs, waitedMs);
        const now = Date.now();
        if (now - lastSaturatedAt < SATURATION_LOG_INTERVAL_MS) return;
        const log = req.res?.locals.log ?? base.log;
        log.warn({ ...pool.stats(), queued: queuedSince, maxWaitMs: Math.round(maxWaitMs), route: req.path }, 'pool saturated: requests queued for a store connection');
        lastSaturatedAt = now;
        queuedSince = 0;
        maxWaitMs = 0;
      },
      exhausted: (waitedMs, stats) => {
        const log = req.res?.locals.log ?? base.log;
        log.warn({ waitedMs, ...stats, route: req.path }, 'pool exhausted');
      },
    });

  const express = createServiceApp(
    {
      base,
      readiness: [{ name: 'redis', check: () => domain.store.ping() }],
    },
    (app) => {
      app.get('/products', (_req, res) => {
        res.json({ products: catalog });
      });
      app.get('/carts/:cartId', async (req, res) => {
        const cartId = param(req, 'cartId');
        res.json(await pooled(req, () => getCart(domain, cartId)));
      });
      app.post('/carts/:cartId/items', async (req, res) => {
        const cartId = param(req, 'cartId');
        const body = parseInput(cartItemBody, req.body);
        res.json(await pooled(req, () => addToCart(domain, cartId, body.sku, body.qty)));
      });
      app.delete('/carts/:cartId/items/:sku', async (req, res) => {
        const cartId = param(req, 'cartId');
        const sku = param(req, 'sku');
        res.json(await pooled(req, () => removeFromCart(domain, cartId, sku)));
      });
      app.post('/orders', async (req, res) => {
        const key = idempotencyKey(req);
        const body = parseInput(createOrderBody, req.body);
        const result = await pooled(req, () => createOrder(domain, body, key));
        if (result.replayed) res.setHeader('idempotent-replayed', 'true');
        res.status(result.replayed ? 200 : 201).json({ order: result.order, replayed: result.replayed });
      });
      app.get('/orders/:orderId', async (req, res) => {
        const orderId = param(req, 'orderId');
        const order = await pooled(req, () => domain.store.getOrder(orderId));
        if (!order) throw notFound('order_not_found', `no order ${orderId}`);
        res.json({ order });
      });
      app.get('/batches/:batchId', async (req, res) => {
        const batchId = param(req, 'batchId');
        res.json({ batch: await pooled(req, () => getBatch(domain, batchId)) });
      });
      app.post('/batches/:batchId/attempts', async (req, res) => {
        const batchId = param(req, 'batchId');
        const body = parseInput(attemptBody, req.body);
        res.status(201).json(await pooled(req, () => recordAttempt(domain, batchId, { ...body, latencyMs: body.latencyMs })));
      });
    },
  );

  const flusher = startBatchFlusher({ domain, pool, intervalMs: Math.max(100, Math.floor(config.deploy.batch.windowMs / 2)) });
  return {
    express,
    pool: pool,
    domain,
    close: async () => {
      await flusher.stop();
    },
  };
}
