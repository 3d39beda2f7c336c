import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrders } from '../../test/support/apps.js';
import { requestJson, type JsonRequest } from '../../test/support/http.js';
import { sampleValue, scrape } from '../../test/support/prom.js';
import { errorSchema } from '../../test/support/orders-api.js';
import { freshRedisUrl } from '../../test/support/redis.js';

type Orders = Awaited<ReturnType<typeof startOrders>>;

const customer = { name: 'Ann Example', email: 'ann@example.com' };
const items = [{ sku: 'MUG-01', qty: 1 }];

interface BadRequest {
  name: string;
  path: string;
  req: JsonRequest;
  status: number;
  code: string;
  /** The field a schema violation must name, as `field: why`. */
  field?: string;
  /** Any other text the error message must carry. */
  names?: string;
}

const cases: BadRequest[] = [
  { name: 'malformed JSON', path: '/orders', req: { raw: '{"customer": {"name": "Ann"' }, status: 400, code: 'invalid_json' },
  { name: 'missing customer', path: '/orders', req: { json: { items } }, status: 400, code: 'invalid_request', field: 'customer' },
  { name: 'customer without email', path: '/orders', req: { json: { customer: { name: 'Ann' }, items } }, status: 400, code: 'invalid_request', field: 'customer.email' },
  { name: 'malformed email', path: '/orders', req: { json: { customer: { ...customer, email: 'ann' }, items } }, status: 400, code: 'invalid_request', field: 'customer.email' },
  { name: 'qty 0', path: '/orders', req: { json: { customer, items: [{ sku: 'MUG-01', qty: 0 }] } }, status: 400, code: 'invalid_request', field: 'items[0].qty' },
  { name: 'fractional qty', path: '/orders', req: { json: { customer, items: [{ sku: 'MUG-01', qty: 1 }, { sku: 'TEE-02', qty: 1.5 }] } }, status: 400, code: 'invalid_request', field: 'items[1].qty' },
  { name: 'no items', path: '/orders', req: { json: { customer, items: [] } }, status: 400, code: 'invalid_request', field: 'items' },
  { name: 'both cartId and items', path: '/orders', req: { json: { customer, cartId: 'cart-1', items } }, status: 400, code: 'invalid_request', field: 'cartId' },
  { name: 'neither cartId nor items', path: '/orders', req: { json: { customer } }, status: 400, code: 'invalid_request', field: 'cartId' },
  { name: 'a malformed cartId', path: '/orders', req: { json: { customer, cartId: 'cart 1' } }, status: 400, code: 'invalid_request', field: 'cartId' },
  { name: 'an unknown field', path: '/orders', req: { json: { customer, items, totalCents: 1 } }, status: 400, code: 'invalid_request', names: 'totalCents' },
  { name: 'a JSON array body', path: '/orders', req: { json: [customer] }, status: 400, code: 'invalid_request' },
  { name: 'an Idempotency-Key with a space', path: '/orders', req: { json: { customer, cartId: 'cart-1' }, headers: { 'idempotency-key': 'has space' } }, status: 400, code: 'invalid_idempotency_key' },
  { name: 'an Idempotency-Key of 256 characters', path: '/orders', req: { json: { customer, items }, headers: { 'idempotency-key': 'k'.repeat(256) } }, status: 400, code: 'invalid_idempotency_key' },
  { name: 'an empty Idempotency-Key', path: '/orders', req: { json: { customer, items }, headers: { 'idempotency-key': '' } }, status: 400, code: 'invalid_idempotency_key' },
  { name: 'an unknown sku', path: '/orders', req: { json: { customer, items: [{ sku: 'GHOST-99', qty: 1 }] } }, status: 422, code: 'unknown_sku', names: 'GHOST-99' },
  { name: 'a cart item with qty 0', path: '/carts/cart-1/items', req: { json: { sku: 'TEE-02', qty: 0 } }, status: 400, code: 'invalid_request', field: 'qty' },
  { name: 'a cart item of an unknown sku', path: '/carts/cart-1/items', req: { json: { sku: 'GHOST-99' } }, status: 422, code: 'unknown_sku', names: 'GHOST-99' },
  { name: 'a malformed cart id', path: '/carts/bad.id/items', req: { json: { sku: 'TEE-02' } }, status: 400, code: 'invalid_request', names: 'path parameter cartId' },
  { name: 'an attempt with an unknown outcome', path: '/batches/acme-000001/attempts', req: { json: { attempt: 1, outcome: 'lost' } }, status: 400, code: 'invalid_request', field: 'outcome' },
];

/** Every key with its type and value, so "nothing written" means nothing at all changed. */
async function snapshot(orders: Orders): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const key of (await orders.redis.keys('*')).sort()) {
    const type = await orders.redis.type(key);
    const value = type === 'hash' ? await orders.redis.hgetall(key)
      : type === 'list' ? await orders.redis.lrange(key, 0, -1)
        : type === 'string' ? await orders.redis.get(key)
          : await orders.redis.xrange(key, '-', '+');
    out[key] = JSON.stringify(value);
  }
  return out;
}

describe('rejected requests', () => {
  let orders: Orders;
  let before: Record<string, string>;

  beforeAll(async () => {
    orders = await startOrders(await freshRedisUrl(), { batch: { maxOrders: 1, windowMs: 600_000 } });
    // Seed a cart, an order and a batch, so a stray write or delete would show.
    expect((await requestJson(`${orders.url}/carts/cart-1/items`, { json: { sku: 'HOOD-03', qty: 2 } })).status).toBe(200);
    expect((await requestJson(`${orders.url}/orders`, { json: { customer, items }, headers: { 'idempotency-key': 'seed' } })).status).toBe(201);
    before = await snapshot(orders);
  });

  afterAll(async () => {
    await orders.stop();
  });

  it('starts from a seeded store', async () => {
    expect(await orders.redis.dbsize()).toBeGreaterThanOrEqual(4);
    expect(Object.keys(before)).toContain('orders:cart:cart-1');
  });

  it.each(cases)('refuses $name with $status $code and writes nothing', async ({ path, req, status, code, field, names }) => {
    const dbsize = await orders.redis.dbsize();

    const res = await requestJson(`${orders.url}${path}`, req);

    expect(res.status).toBe(status);
    const { error } = errorSchema.parse(res.body);
    expect(error.code).toBe(code);
    if (field !== undefined) expect(error.message).toContain(`${field}: `);
    if (names !== undefined) expect(error.message).toContain(names);
    expect(await orders.redis.dbsize()).toBe(dbsize);
    expect(await snapshot(orders)).toEqual(before);
  });

  it('counted no order beyond the seed', async () => {
    const metrics = await scrape(orders.url);
    expect(sampleValue(metrics, 'orders_created_total', { outcome: 'created' })).toBe(1);
  });
});
