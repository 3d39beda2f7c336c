import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CartView, OrderView, Product } from '../services/storefront/orders-client.js';
import { cartPage, checkoutPage, confirmationPage, homePage, productsPage } from '../services/storefront/pages/views.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const script = join(here, 'shoppers.js');

interface Recorded {
  method: string;
  url: string;
  body?: Record<string, string>;
  params?: { tags?: Record<string, string>; redirects?: number };
}
interface Run {
  options: {
    scenarios: Record<string, { executor: string; rate?: number; duration?: string }>;
    thresholds: Record<string, string[]>;
  };
  requests: Recorded[];
  checks: Record<string, { passes: number; fails: number }>;
}

// k6's modules do not exist in Node: stand-ins under node_modules/k6 let Node import the
// script unchanged. `http` answers from pages the real storefront views render, keyed by
// method and path, and records every request; `check` counts like k6's does.
const K6_INDEX = `
export const checks = {};
export function check(value, sets) {
  let all = true;
  for (const [name, fn] of Object.entries(sets)) {
    const ok = Boolean(fn(value));
    const c = (checks[name] ??= { passes: 0, fails: 0 });
    ok ? c.passes++ : c.fails++;
    all &&= ok;
  }
  return all;
}
export function sleep() {}
`;
const K6_HTTP = `
import { readFileSync } from 'node:fs';
const pages = JSON.parse(readFileSync(process.env.K6_STUB_PAGES, 'utf8'));
export const requests = [];
function answer(method, url, body, params) {
  requests.push({ method, url, body, params });
  const page = pages[method + ' ' + new URL(url).pathname] ?? { status: 404, body: 'not found', headers: {} };
  return { status: page.status, body: page.body, headers: page.headers, url };
}
export default {
  get: (url, params) => answer('GET', url, undefined, params),
  post: (url, body, params) => answer('POST', url, body, params),
};
`;
const RUNNER = `
globalThis.__ENV = JSON.parse(process.env.K6_STUB_ENV);
globalThis.__VU = 1;
const { checks } = await import('k6');
const { requests } = await import('k6/http');
const m = await import('./shoppers.mjs');
for (let i = 0; i < Number(process.env.K6_STUB_ITERATIONS); i++) {
  globalThis.__ITER = i;
  m.default();
}
process.stdout.write(JSON.stringify({ options: m.options, requests, checks }));
`;

const products: Product[] = [
  { sku: 'MUG-01', name: 'Mug', description: 'A mug', priceCents: 1200 },
  { sku: 'TEE-02', name: 'Tee', description: 'A tee', priceCents: 2500 },
  { sku: 'HOOD-03', name: 'Hoodie', description: 'A hoodie', priceCents: 5500 },
  { sku: 'STK-04', name: 'Stickers', description: 'Stickers', priceCents: 400 },
];
const cart: CartView = { cartId: 'c-1', items: [{ sku: 'TEE-02', name: 'Tee', qty: 1, unitPriceCents: 2500 }], count: 1, totalCents: 2500 };
const empty: CartView = { cartId: 'c-1', items: [], count: 0, totalCents: 0 };
const order: OrderView = { id: 'ord_7f3a', customer: { name: 'K6 Shopper', email: 'a@example.com' }, items: cart.items, totalCents: 2500, partner: 'acme', createdAt: '2026-01-01T00:00:00Z' };
const KEY = '0f8fad5b-d9cb-469f-a165-70867728950e';
const ok = (body: { text: string }) => ({ status: 200, body: body.text, headers: { 'Content-Type': 'text/html' } });
const seeOther = (location: string) => ({ status: 303, body: '', headers: { Location: location } });
const pages = {
  'GET /': ok(homePage(products, empty)),
  'GET /products': ok(productsPage(products, empty)),
  'POST /cart/items': seeOther('/cart'),
  'GET /cart': ok(cartPage(cart)),
  'GET /checkout': ok(checkoutPage(cart, KEY)),
  'POST /checkout': seeOther(`/orders/${order.id}`),
  [`GET /orders/${order.id}`]: ok(confirmationPage(order)),
};

/** The routes storefront serves: its own (app.ts) and the kit's probes (http-app.ts), as method + path pattern. */
function storefrontRoutes(): Array<{ method: string; pattern: RegExp; route: string }> {
  const routes = [];
  for (const file of ['services/storefront/app.ts', 'services/kit/http-app.ts']) {
    for (const m of readFileSync(join(root, file), 'utf8').matchAll(/\bapp\.(get|post)\(\s*'([^']+)'/g)) {
      const route = m[2] ?? '';
      routes.push({ method: (m[1] ?? '').toUpperCase(), route, pattern: new RegExp(`^${route.replace(/:\w+/g, '[^/]+')}$`) });
    }
  }
  return routes;
}

describe('load/shoppers.js (the k6 shopper script)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'firedrill-k6-'));
    copyFileSync(script, join(dir, 'shoppers.mjs'));
    const k6 = join(dir, 'node_modules', 'k6');
    mkdirSync(k6, { recursive: true });
    writeFileSync(join(k6, 'package.json'), JSON.stringify({ name: 'k6', type: 'module', exports: { '.': './index.js', './http': './http.js' } }));
    writeFileSync(join(k6, 'index.js'), K6_INDEX);
    writeFileSync(join(k6, 'http.js'), K6_HTTP);
    writeFileSync(join(dir, 'run.mjs'), RUNNER);
    writeFileSync(join(dir, 'pages.json'), JSON.stringify(pages));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (env: Record<string, string>, iterations = 1): Run => {
    const child = spawnSync(process.execPath, ['run.mjs'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, K6_STUB_ENV: JSON.stringify(env), K6_STUB_PAGES: join(dir, 'pages.json'), K6_STUB_ITERATIONS: String(iterations) },
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    return JSON.parse(child.stdout) as Run;
  };

  it('parses as an ES module (node --check on an .mjs copy)', () => {
    const check = spawnSync(process.execPath, ['--check', join(dir, 'shoppers.mjs')], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('runs a constant-arrival-rate scenario gated by thresholds on failed requests and latency', () => {
    const { options } = run({});
    expect(options.scenarios.shoppers?.executor).toBe('constant-arrival-rate');
    expect(options.thresholds.http_req_failed?.length).toBeGreaterThan(0);
    for (const t of options.thresholds.http_req_failed ?? []) expect(t).toMatch(/^rate\s*<=?\s*0?\.\d+$/);
    expect(options.thresholds.http_req_duration?.length).toBeGreaterThan(0);
    for (const t of options.thresholds.http_req_duration ?? []) expect(t).toMatch(/^(p\(\d+(\.\d+)?\)|avg|med|max)\s*<=?\s*\d+$/);
  });

  it('walks home, products, cart and checkout with the forms the real pages render', () => {
    const { requests, checks } = run({ STOREFRONT_URL: 'http://shop.test:8080/', CHECKOUT_PROBABILITY: '1', THINK_SECONDS: '0' });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET http://shop.test:8080/',
      'GET http://shop.test:8080/products',
      'POST http://shop.test:8080/cart/items',
      'GET http://shop.test:8080/cart',
      'GET http://shop.test:8080/checkout',
      'POST http://shop.test:8080/checkout',
      `GET http://shop.test:8080/orders/${order.id}`,
    ]);
    const [added, placed] = requests.filter((r) => r.method === 'POST');
    expect(products.map((p) => p.sku)).toContain(added?.body?.sku);
    expect(added?.body?.qty).toMatch(/^[12]$/);
    expect(placed?.body).toEqual({ name: 'K6 Shopper', email: 'shopper.1.0@example.com', idempotencyKey: KEY });
    // A redirect is read, not followed, so its Location is checked and requested as a page of its own.
    expect(requests.filter((r) => r.method === 'POST').map((r) => r.params?.redirects)).toEqual([0, 0]);
    expect(requests.at(-1)?.params?.tags?.name).toBe('/orders/:orderId');
    expect(Object.values(checks).every((c) => c.fails === 0)).toBe(true);
  });

  it('leaves after the cart when the shopper does not check out, and defaults to http://storefront:8080', () => {
    const { requests } = run({ CHECKOUT_PROBABILITY: '0', THINK_SECONDS: '0' });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET http://storefront:8080/',
      'GET http://storefront:8080/products',
      'POST http://storefront:8080/cart/items',
      'GET http://storefront:8080/cart',
    ]);
  });

  it('only targets routes the storefront serves', () => {
    const routes = storefrontRoutes();
    expect(routes.map((r) => `${r.method} ${r.route}`)).toEqual(expect.arrayContaining(['GET /', 'POST /cart/items', 'POST /checkout', 'GET /orders/:orderId']));
    const { requests } = run({ CHECKOUT_PROBABILITY: '0.5', THINK_SECONDS: '0' }, 20);
    const unserved = requests
      .map((r) => ({ method: r.method, path: new URL(r.url).pathname }))
      .filter((r) => !routes.some((route) => route.method === r.method && route.pattern.test(r.path)));
    expect(unserved).toEqual([]);
  });

  it('stops a shopper at the first page that fails, as a person would', () => {
    const broken = { ...pages, 'GET /products': { status: 503, body: 'We’ll be right back', headers: {} } };
    writeFileSync(join(dir, 'pages.json'), JSON.stringify(broken));
    try {
      const { requests, checks } = run({ CHECKOUT_PROBABILITY: '1', THINK_SECONDS: '0' });
      expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(['GET /', 'GET /products']);
      expect(checks['/products answers 200']).toEqual({ passes: 0, fails: 1 });
    } finally {
      writeFileSync(join(dir, 'pages.json'), JSON.stringify(pages));
    }
  });
});
