import express, { type Express, type Request } from 'express';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { AppError, notFound } from '../../services/kit/errors.js';
import { parseInput } from '../../services/kit/validate.js';
import { viewCart } from '../../services/orders/carts.js';
import { catalog, findProduct } from '../../services/orders/catalog.js';
import { createPool } from '../../services/orders/pool.js';
import { createOrdersStore } from '../../services/orders/store.js';
import { bareErrorHandler, renderJson } from './bare-errors.js';

export interface BareOrdersOptions {
  redis: Redis;
  storeLatencyMs: number;
  /** The same pool as the kit's orders (it models the database's connections, domain not kit). */
  poolSize: number;
  poolQueueTimeoutMs: number;
}

// The same shapes as services/orders/app.ts, which keeps them private to its routes.
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, _ or -');
const cartItemBody = z.object({ sku: z.string().min(1), qty: z.number().int().min(1).max(99).default(1) }).strict();

function param(req: Request, name: string): string {
  return parseInput(id, req.params[name], `path parameter ${name}`);
}

/**
 * orders' catalog and cart routes on plain Express: the same store, pool and cart view as
 * the real service, but no request context, logs, metrics, spans or readiness probes.
 * The cart functions are called below `OrdersDomain`, which would need the kit's logger and metrics.
 */
export function createBareOrdersApp(opts: BareOrdersOptions): Express {
  const store = createOrdersStore(opts.redis, opts.storeLatencyMs);
  const pool = createPool({ size: opts.poolSize, queueTimeoutMs: opts.poolQueueTimeoutMs });
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: 'bare-orders' });
  });
  app.get('/products', (_req, res) => {
    res.json({ products: catalog });
  });
  app.get('/carts/:cartId', async (req, res) => {
    const cartId = param(req, 'cartId');
    res.json(await pool.run(async () => viewCart(cartId, await store.getCart(cartId))));
  });
  app.post('/carts/:cartId/items', async (req, res) => {
    const cartId = param(req, 'cartId');
    const body = parseInput(cartItemBody, req.body);
    if (!findProduct(body.sku)) throw new AppError('unknown_sku', 422, `unknown sku: ${body.sku}`);
    res.json(await pool.run(async () => viewCart(cartId, await store.addToCart(cartId, body.sku, body.qty))));
  });
  app.use((req: Request) => {
    throw notFound('not_found', `no route for ${req.method} ${req.path}`);
  });
  app.use(bareErrorHandler(renderJson));
  return app;
}
