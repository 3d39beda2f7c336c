// Shoppers for the kind lab: k6 browses the storefront as lab/traffic's shoppers do
// (home, products, an item into the cart, the cart, sometimes checkout and the confirmation).
// k6 is the pass/fail gate here: the thresholds fail the run when the shop fails its shoppers.
import { check, sleep } from 'k6';
import http from 'k6/http';

const BASE = (__ENV.STOREFRONT_URL || 'http://storefront:8080').replace(/\/+$/, '');
const RATE = Number(__ENV.SHOPPERS_PER_SECOND || 2);
const DURATION = __ENV.DURATION || '10m';
const CHECKOUT_PROBABILITY = Number(__ENV.CHECKOUT_PROBABILITY || 0.3);
// Think time between pages, in seconds; 0 for a tight loop.
const THINK = Number(__ENV.THINK_SECONDS || 0.5);

export const options = {
  scenarios: {
    shoppers: {
      // New shoppers arrive at a fixed rate whether or not the shop keeps up, as real ones do.
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: 10,
      maxVUs: 100,
      gracefulStop: '30s',
    },
  },
  thresholds: {
    // The breaker's 503 page and every other error answer count as failed requests.
    http_req_failed: ['rate<0.01'],
    http_req_duration: ['p(95)<1000', 'p(99)<2500'],
    checks: ['rate>0.99'],
  },
};

// The storefront's forms (services/storefront/pages/views.ts): one add-to-cart form per product,
// one idempotency key per checkout page.
const SKU = /name="sku" value="([^"]+)"/g;
const IDEMPOTENCY_KEY = /name="idempotencyKey" value="([^"]+)"/;
const ORDER_PATH = /^\/orders\/[A-Za-z0-9_-]+$/;

function page(path, name) {
  const url = /^https?:\/\//.test(path) ? path : `${BASE}${path}`;
  const res = http.get(url, { tags: { name: name || path } });
  return check(res, { [`${name || path} answers 200`]: (r) => r.status === 200 }) ? res : undefined;
}

// Form posts answer 303 with a Location; following it by hand keeps every page a request of its own.
function submit(path, form) {
  const res = http.post(`${BASE}${path}`, form, { tags: { name: path }, redirects: 0 });
  const location = res.headers.Location || '';
  return check(res, { [`${path} redirects`]: (r) => r.status === 303 && location !== '' }) ? location : undefined;
}

// A loop over exec rather than String.prototype.matchAll, which older k6 (goja) releases lack.
function skusOn(body) {
  const skus = [];
  SKU.lastIndex = 0;
  for (let m = SKU.exec(body); m !== null; m = SKU.exec(body)) skus.push(m[1]);
  return skus;
}

function think() {
  if (THINK > 0) sleep(THINK * (0.5 + Math.random()));
}

export default function () {
  if (!page('/')) return;
  think();
  const products = page('/products');
  if (!products) return;
  const skus = skusOn(String(products.body));
  if (!check(skus, { 'products page lists products': (s) => s.length > 0 })) return;
  think();
  const sku = skus[Math.floor(Math.random() * skus.length)];
  const cartPath = submit('/cart/items', { sku, qty: String(1 + Math.floor(Math.random() * 2)) });
  if (!cartPath) return;
  if (!page(cartPath, '/cart')) return;
  if (Math.random() >= CHECKOUT_PROBABILITY) return;

  think();
  const form = page('/checkout');
  if (!form) return;
  const key = IDEMPOTENCY_KEY.exec(String(form.body));
  if (!check(key, { 'checkout page carries an idempotency key': (k) => k !== null })) return;
  think();
  const orderPath = submit('/checkout', { name: 'K6 Shopper', email: `shopper.${__VU}.${__ITER}@example.com`, idempotencyKey: key[1] });
  if (!orderPath || !check(orderPath, { 'checkout leads to an order page': (p) => ORDER_PATH.test(p) })) return;
  page(orderPath, '/orders/:orderId');
}
