import { randomUUID } from 'node:crypto';
import express, { type Express, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError, isAppError } from '../kit/errors.js';
import type { Flags } from '../kit/flags.js';
import { createHttpClient } from '../kit/http-client.js';
import { createServiceApp } from '../kit/http-app.js';
import type { ServiceBase } from '../kit/service-base.js';
import { parseInput } from '../kit/validate.js';
import { createOrdersBreaker, type GuardedCall } from './breaker.js';
import type { StorefrontConfig } from './config.js';
import { createCatalogCache } from './catalog-cache.js';
import { cartIdFor } from './cookies.js';
import { createStorefrontMetrics, registerBreakerGauge, type CheckoutOutcome } from './metrics.js';
import { createOrdersClient, type OrdersClient } from './orders-client.js';
import type { Html } from './pages/html.js';
import { cartPage, checkoutPage, confirmationPage, errorPage, homePage, productsPage, rightBackPage } from './pages/views.js';

export interface StorefrontAppDeps {
  base: ServiceBase;
  flags: Flags;
  config: Pick<StorefrontConfig, 'ordersUrl' | 'ordersTimeoutMs' | 'deploy'>;
}

export interface StorefrontApp {
  express: Express;
  breaker: GuardedCall;
  close(): Promise<void>;
}

const addItemForm = z.object({ sku: z.string().min(1).max(64), qty: z.coerce.number().int().min(1).max(99).default(1) });
const checkoutForm = z.object({
  name: z.string().trim().min(1, 'please enter your name').max(200),
  email: z.email('please enter a valid email address'),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'the checkout form expired; please submit it again'),
});

const CATALOG_TTL_MS = 60_000;

function send(res: Response, page: Html, status = 200): void {
  res.status(status).type('html').send(page.text);
}

/** The shop's web front. Every page needs orders, and every call to orders goes through the breaker. */
export function createStorefrontApp(deps: StorefrontAppDeps): StorefrontApp {
  const { base, config } = deps;
  const metrics = createStorefrontMetrics(base.metrics.registry);
  const guarded = createOrdersBreaker({ name: 'orders', config: config.deploy.breaker, flags: deps.flags, metrics, log: base.log });
  registerBreakerGauge(base.metrics.registry, { orders: guarded.state });
  const http = createHttpClient({ peer: 'orders', baseUrl: config.ordersUrl, tracing: base.tracing, timeoutMs: config.ordersTimeoutMs });
  const client = createOrdersClient(http);
  const orders = <T>(fn: (c: OrdersClient) => Promise<T>): Promise<T> => guarded.call(() => fn(client));
  const catalog = createCatalogCache({ load: () => orders((c) => c.products()), ttlMs: CATALOG_TTL_MS, log: base.log });
  const retryAfter = Math.ceil(config.deploy.breaker.resetTimeoutMs / 1000);

  const checkoutOutcome = (err: unknown): CheckoutOutcome => {
    if (!isAppError(err)) return 'failed';
    if (err.code === 'breaker_open') return 'blocked';
    return err.status < 500 ? 'rejected' : 'failed';
  };

  const app = createServiceApp(
    {
      base,
      parsers: [express.urlencoded({ extended: false, limit: '32kb' })],
      renderError: (err: AppError, _req: Request, res: Response) => {
        if (err.code === 'breaker_open') {
          res.setHeader('retry-after', String(retryAfter));
          send(res, rightBackPage(retryAfter), 503);
          return;
        }
        const message = err.status >= 500 ? 'We could not load this page. Please try again in a moment.' : err.message;
        send(res, errorPage(err.status, err.code, message), err.status);
      },
    },
    (app) => {
      app.get('/', async (req, res) => {
        const cartId = cartIdFor(req, res);
        const [products, cart] = await Promise.all([catalog.get(), orders((c) => c.cart(cartId))]);
        send(res, homePage(products, cart));
      });
      app.get('/products', async (req, res) => {
        const cartId = cartIdFor(req, res);
        const [products, cart] = await Promise.all([catalog.get(), orders((c) => c.cart(cartId))]);
        send(res, productsPage(products, cart));
      });
      app.get('/cart', async (req, res) => {
        const cartId = cartIdFor(req, res);
        send(res, cartPage(await orders((c) => c.cart(cartId))));
      });
      app.post('/cart/items', async (req, res) => {
        const cartId = cartIdFor(req, res);
        const form = parseInput(addItemForm, req.body, 'form');
        await orders((c) => c.addToCart(cartId, form.sku, form.qty));
        res.redirect(303, '/cart');
      });
      app.get('/checkout', async (req, res) => {
        const cartId = cartIdFor(req, res);
        const cart = await orders((c) => c.cart(cartId));
        if (cart.items.length === 0) {
          res.redirect(303, '/cart');
          return;
        }
        send(res, checkoutPage(cart, randomUUID()));
      });
      app.post('/checkout', async (req, res) => {
        const cartId = cartIdFor(req, res);
        const parsed = checkoutForm.safeParse(req.body);
        if (!parsed.success) {
          metrics.checkouts.inc({ outcome: 'rejected' });
          const cart = await orders((c) => c.cart(cartId));
          const body = req.body as Record<string, unknown>;
          const values = { name: typeof body.name === 'string' ? body.name : '', email: typeof body.email === 'string' ? body.email : '' };
          send(res, checkoutPage(cart, randomUUID(), parsed.error.issues.map((i) => i.message).join('; '), values), 400);
          return;
        }
        const form = parsed.data;
        try {
          const { order } = await orders((c) => c.placeOrder({ cartId, customer: { name: form.name, email: form.email } }, form.idempotencyKey));
          metrics.checkouts.inc({ outcome: 'completed' });
          res.redirect(303, `/orders/${encodeURIComponent(order.id)}`);
        } catch (err) {
          metrics.checkouts.inc({ outcome: checkoutOutcome(err) });
          throw err;
        }
      });
      app.get('/orders/:orderId', async (req, res) => {
        const orderId = String(req.params.orderId);
        send(res, confirmationPage(await orders((c) => c.order(orderId))));
      });
    },
  );

  return {
    express: app,
    breaker: guarded,
    close: async () => {
      guarded.shutdown();
    },
  };
}
