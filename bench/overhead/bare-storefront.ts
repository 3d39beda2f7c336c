import express, { type Express, type Request, type Response } from 'express';
import { pino } from 'pino';
import { notFound } from '../../services/kit/errors.js';
import { createCatalogCache } from '../../services/storefront/catalog-cache.js';
import { cartIdFor } from '../../services/storefront/cookies.js';
import { createOrdersClient } from '../../services/storefront/orders-client.js';
import type { Html } from '../../services/storefront/pages/html.js';
import { errorPage, homePage, productsPage } from '../../services/storefront/pages/views.js';
import { bareErrorHandler } from './bare-errors.js';
import { createBareHttpClient } from './bare-http-client.js';

/** As services/storefront/app.ts: the catalog is fetched from orders at most once a minute. */
const CATALOG_TTL_MS = 60_000;

function send(res: Response, page: Html, status = 200): void {
  res.status(status).type('html').send(page.text);
}

/**
 * storefront's browsing pages on plain Express: the same cookie, catalog cache, orders
 * client and page rendering as the real service, calling orders with plain fetch; no
 * breaker, flags, request context, logs, metrics or spans.
 */
export function createBareStorefrontApp(opts: { ordersUrl: string }): Express {
  const client = createOrdersClient(createBareHttpClient(opts.ordersUrl));
  // The cache logs only when a refresh fails; a silent logger keeps the bare side free of log output.
  const catalog = createCatalogCache({ load: () => client.products(), ttlMs: CATALOG_TTL_MS, log: pino({ level: 'silent' }) });
  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false, limit: '32kb' }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: 'bare-storefront' });
  });
  app.get('/', async (req, res) => {
    const cartId = cartIdFor(req, res);
    const [products, cart] = await Promise.all([catalog.get(), client.cart(cartId)]);
    send(res, homePage(products, cart));
  });
  app.get('/products', async (req, res) => {
    const cartId = cartIdFor(req, res);
    const [products, cart] = await Promise.all([catalog.get(), client.cart(cartId)]);
    send(res, productsPage(products, cart));
  });
  app.use((req: Request) => {
    throw notFound('not_found', `no route for ${req.method} ${req.path}`);
  });
  app.use(bareErrorHandler((err, res) => {
    const message = err.status >= 500 ? 'We could not load this page. Please try again in a moment.' : err.message;
    send(res, errorPage(err.status, err.code, message), err.status);
  }));
  return app;
}
