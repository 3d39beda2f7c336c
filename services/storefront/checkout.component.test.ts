import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrders, startStorefront } from '../../test/support/apps.js';
import { createBrowser, type Browser } from '../../test/support/browser.js';
import { sampleValue, samplesOf, scrape } from '../../test/support/prom.js';
import { freshRedisUrl } from '../../test/support/redis.js';
import { CART_COOKIE } from './cookies.js';

type Orders = Awaited<ReturnType<typeof startOrders>>;
type Storefront = Awaited<ReturnType<typeof startStorefront>>;

let orders: Orders;
let storefront: Storefront;

beforeAll(async () => {
  orders = await startOrders(await freshRedisUrl(), { batch: { maxOrders: 1, windowMs: 3000 } });
  storefront = await startStorefront(orders.url);
});

afterAll(async () => {
  await storefront?.stop();
  await orders?.stop();
});

const badge = (text: string) => /data-testid="cart-count">(\d+)</.exec(text)?.[1];
const hiddenKey = (text: string) => /<input type="hidden" name="idempotencyKey" value="([^"]+)">/.exec(text)?.[1];

async function ordersJson<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${orders.url}${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

/** The batches orders announced on its stream, as fulfillment reads them. */
async function streamBatches(): Promise<Array<Record<string, string>>> {
  const entries = await orders.redis.xrange('orders:batches', '-', '+');
  return entries.map(([, fields]) => {
    const record: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i] ?? ''] = fields[i + 1] ?? '';
    return record;
  });
}

async function fillCart(shopper: Browser): Promise<void> {
  expect((await shopper.get('/')).status).toBe(200);
  const added = await shopper.postForm('/cart/items', { sku: 'MUG-01', qty: '2' });
  expect(added.status).toBe(303);
  expect(added.location).toBe('/cart');
}

describe('checkout through storefront', () => {
  it('sets the cart cookie, adds to the cart, places one order, batches it, and does not repeat it on resubmit', async () => {
    const shopper = createBrowser(storefront.url);

    const home = await shopper.get('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('set-cookie')).toMatch(new RegExp(`^${CART_COOKIE}=[A-Za-z0-9_-]+;.*HttpOnly`, 'i'));
    const cartId = shopper.cookies.get(CART_COOKIE);
    expect(cartId).toBeDefined();
    expect(badge(home.text)).toBe('0');

    const added = await shopper.postForm('/cart/items', { sku: 'MUG-01', qty: '2' });
    expect(added.status).toBe(303);
    expect(added.location).toBe('/cart');
    expect(shopper.cookies.get(CART_COOKIE), 'the cart cookie is kept, not replaced').toBe(cartId);
    const cartPage = await shopper.get('/cart');
    expect(cartPage.text).toContain('Pager Duty Mug');
    expect(cartPage.text).toContain('data-testid="cart-total">$36.00<');
    expect(badge((await shopper.get('/')).text)).toBe('2');

    const checkout = await shopper.get('/checkout');
    expect(checkout.status).toBe(200);
    expect(checkout.text).toContain('<form method="post" action="/checkout">');
    const idempotencyKey = hiddenKey(checkout.text);
    expect(idempotencyKey).toMatch(/^[A-Za-z0-9-]{8,64}$/);
    const form = { name: 'Ada Lovelace', email: 'ada@example.com', idempotencyKey: idempotencyKey ?? '' };

    const placed = await shopper.postForm('/checkout', form);
    expect(placed.status).toBe(303);
    const orderId = /^\/orders\/(ord_[A-Za-z0-9_-]+)$/.exec(placed.location ?? '')?.[1];
    expect(orderId, `redirect to ${placed.location}`).toBeDefined();

    const stored = await ordersJson<{ order: { id: string; customer: { name: string; email: string }; cartId: string; items: Array<{ sku: string; qty: number }>; totalCents: number } }>(`/orders/${orderId}`);
    expect(stored.status).toBe(200);
    expect(stored.body.order).toMatchObject({
      id: orderId,
      customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
      cartId,
      items: [expect.objectContaining({ sku: 'MUG-01', qty: 2 })],
      totalCents: 3600,
    });

    const batches = await streamBatches();
    expect(batches).toHaveLength(1);
    const batchId = batches[0]?.batchId ?? '';
    expect(batches[0]).toMatchObject({ orders: '1' });
    const batch = await ordersJson<{ batch: { orderIds: string[] } }>(`/batches/${batchId}`);
    expect(batch.status).toBe(200);
    expect(batch.body.batch.orderIds).toEqual([orderId]);

    const confirmation = await shopper.get(placed.location ?? '');
    expect(confirmation.status).toBe(200);
    expect(confirmation.text).toContain(`data-testid="order-id">${orderId}<`);
    expect(confirmation.text).toContain('Thank you, Ada Lovelace!');
    expect(badge((await shopper.get('/')).text), 'the ordered cart is emptied').toBe('0');

    const again = await shopper.postForm('/checkout', form);
    expect(again.status).toBe(303);
    expect(again.location).toBe(placed.location);
    expect(await orders.redis.keys('orders:order:*')).toEqual([`orders:order:${orderId}`]);
    expect(await streamBatches()).toHaveLength(1);
    expect(sampleValue(await scrape(orders.url), 'orders_created_total', { outcome: 'replayed' })).toBe(1);
  });

  it('rejects an invalid checkout form with a 400 page and writes nothing in orders', async () => {
    const shopper = createBrowser(storefront.url);
    await fillCart(shopper);
    const idempotencyKey = hiddenKey((await shopper.get('/checkout')).text) ?? '';
    const rejectedBefore = sampleValue(await scrape(storefront.url), 'storefront_checkouts_total', { outcome: 'rejected' }) ?? 0;
    const keysBefore = await orders.redis.dbsize();
    const ordersBefore = await orders.redis.keys('orders:order:*');

    const page = await shopper.postForm('/checkout', { name: '<script>alert(1)</script>', email: 'not-an-email', idempotencyKey });
    expect(page.status).toBe(400);
    expect(page.text).toContain('please enter a valid email address');
    expect(page.text, 'the form comes back with what the shopper typed, escaped').toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page.text).not.toContain('<script>alert(1)');
    expect(hiddenKey(page.text), 'a fresh form').toMatch(/^[A-Za-z0-9-]{8,64}$/);

    expect(await orders.redis.dbsize()).toBe(keysBefore);
    expect(await orders.redis.keys('orders:order:*')).toEqual(ordersBefore);
    expect(await orders.redis.exists(`orders:idem:${idempotencyKey}`)).toBe(0);
    expect(sampleValue(await scrape(storefront.url), 'storefront_checkouts_total', { outcome: 'rejected' })).toBe(rejectedBefore + 1);
    expect(badge((await shopper.get('/')).text), 'the cart is untouched').toBe('2');
  });

  it('gives a shopper with a garbled cart cookie a new cart instead of an error', async () => {
    const res = await fetch(`${storefront.url}/`, { headers: { cookie: `${CART_COOKIE}=%E0%A4%A` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^${CART_COOKIE}=[A-Za-z0-9_-]+;`));
  });

  it('exposes storefront_breaker_state with exactly one state at 1', async () => {
    expect((await fetch(`${storefront.url}/`)).status).toBe(200);
    const states = samplesOf(await scrape(storefront.url), 'storefront_breaker_state', { breaker: 'orders' });
    expect(states.map((s) => s.labels.state).sort()).toEqual(['closed', 'disabled', 'half_open', 'open']);
    expect(states.filter((s) => s.value === 1).map((s) => s.labels.state)).toEqual(['closed']);
  });
});
