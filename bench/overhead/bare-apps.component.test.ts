import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrders, startStorefront } from '../../test/support/apps.js';
import { freshRedisUrl } from '../../test/support/redis.js';
import { createBareOrdersApp } from './bare-orders.js';
import { createBareStorefrontApp } from './bare-storefront.js';
import { BENCH_SHOPPER } from './routes.js';

type Orders = Awaited<ReturnType<typeof startOrders>>;
type Storefront = Awaited<ReturnType<typeof startStorefront>>;

let kitOrders: Orders;
let kitStorefront: Storefront;
let redis: Redis;
const servers: Server[] = [];
const bare = { orders: '', storefront: '' };

async function listen(app: Express): Promise<string> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const url = await freshRedisUrl();
  kitOrders = await startOrders(url);
  kitStorefront = await startStorefront(kitOrders.url);
  redis = new Redis(url);
  bare.orders = await listen(createBareOrdersApp({ redis, storeLatencyMs: 0, poolSize: 4, poolQueueTimeoutMs: 2000 }));
  bare.storefront = await listen(createBareStorefrontApp({ ordersUrl: bare.orders }));
});

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  await kitStorefront?.stop();
  await kitOrders?.stop();
  redis?.disconnect();
});

async function call(base: string, path: string, init: RequestInit = {}): Promise<{ status: number; type: string | null; text: string; cookie: string | null }> {
  const res = await fetch(`${base}${path}`, init);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text(), cookie: res.headers.get('set-cookie') };
}

const postJson = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the bare apps answer the benchmarked routes as the kit apps do', () => {
  it('orders GET /products: the same catalog', async () => {
    const [kit, plain] = await Promise.all([call(kitOrders.url, '/products'), call(bare.orders, '/products')]);
    expect(kit.status).toBe(200);
    expect(plain).toEqual(kit);
  });

  it('orders POST /carts/:id/items: the same cart view, and the same refusals', async () => {
    const kit = await call(kitOrders.url, '/carts/kit-cart/items', postJson({ sku: 'TEE-02', qty: 2 }));
    const plain = await call(bare.orders, '/carts/bare-cart/items', postJson({ sku: 'TEE-02', qty: 2 }));
    expect(kit.status).toBe(200);
    expect(plain.status).toBe(200);
    expect({ ...JSON.parse(plain.text), cartId: 'x' }).toEqual({ ...JSON.parse(kit.text), cartId: 'x' });

    for (const [path, body] of [['/carts/c1/items', { sku: 'NOPE-99' }], ['/carts/c1/items', { sku: 'TEE-02', qty: 0 }], ['/carts/bad%20id/items', { sku: 'TEE-02' }]] as const) {
      const [k, b] = await Promise.all([call(kitOrders.url, path, postJson(body)), call(bare.orders, path, postJson(body))]);
      expect(b.status).toBe(k.status);
      expect(JSON.parse(b.text)).toEqual(JSON.parse(k.text));
    }
  });

  it('storefront GET /: the same page for the same cart, and a new shopper gets a cart cookie', async () => {
    await call(kitOrders.url, `/carts/${BENCH_SHOPPER}/items`, postJson({ sku: 'MUG-01', qty: 2 }));
    const init = { headers: { cookie: `fd_cart=${BENCH_SHOPPER}` } };
    const [kit, plain] = await Promise.all([call(kitStorefront.url, '/', init), call(bare.storefront, '/', init)]);
    expect(kit.status).toBe(200);
    expect(kit.text).toContain('data-testid="cart-count">2<');
    expect(plain).toEqual(kit);

    const [kitNew, bareNew] = await Promise.all([call(kitStorefront.url, '/'), call(bare.storefront, '/')]);
    expect(bareNew.status).toBe(kitNew.status);
    expect(bareNew.cookie?.replace(/=[^;]+;/, '=…;')).toBe(kitNew.cookie?.replace(/=[^;]+;/, '=…;'));
  });
});
