import type { Logger } from 'pino';
import type { TrafficDeployConfig } from './config.js';
import { createCookieJar, type Reply, type Requester, type SendOptions } from './http.js';
import type { TrafficMetrics } from './metrics.js';
import { judgeStep, type SessionOutcome } from './outcome.js';
import { randomFor } from './random.js';
import type { Recent } from './recent.js';

/** The orders catalog's SKUs (services/orders/catalog.ts), used when the products page lists none. */
export const FALLBACK_SKUS: readonly string[] = ['MUG-01', 'TEE-02', 'HOOD-03', 'STK-04', 'CAP-05', 'BAG-06'];
const CART_COOKIE = 'fd_cart';
const FIRST = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances', 'Edsger', 'Radia'];
const LAST = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Allen', 'Dijkstra', 'Perlman'];

/** What the n-th shopper will do, drawn before the first page so it never depends on timing. */
export interface SessionPlan {
  /** Comes back with the cart cookie of the earlier shopper at this fraction of the list. */
  returning: number | undefined;
  /** Each item as a fraction into the products listed, and a quantity. */
  items: Array<{ at: number; qty: number }>;
  checkout: boolean;
  customer: { name: string; email: string };
}

export function planSession(seed: number, n: number, shoppers: TrafficDeployConfig['shoppers']): SessionPlan {
  const random = randomFor(seed, 'shoppers', n);
  const returning = random.chance(shoppers.repeatBuyerFraction) ? random.next() : undefined;
  const items = Array.from({ length: random.int(1, 3) }, () => ({ at: random.next(), qty: random.int(1, 2) }));
  const checkout = random.chance(shoppers.checkoutProbability);
  const first = random.pick(FIRST) ?? 'Ada';
  const last = random.pick(LAST) ?? 'Lovelace';
  return { returning, items, checkout, customer: { name: `${first} ${last}`, email: `${first}.${last}.${n}@example.com`.toLowerCase() } };
}

/** The SKUs of the add-to-cart forms on a products page, in page order. */
export function skusOnPage(html: string): string[] {
  return [...html.matchAll(/name="sku" value="([^"]+)"/g)].map((m) => m[1] ?? '').filter((s) => s !== '');
}

export function idempotencyKeyOnPage(html: string): string | undefined {
  return /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
}

/** The order total the confirmation page shows (`is confirmed: $123.40`), in cents. */
export function totalOnConfirmation(html: string): number | undefined {
  const m = /is confirmed: \$(\d+)\.(\d{2})/.exec(html);
  return m ? Number(m[1]) * 100 + Number(m[2]) : undefined;
}

export interface ShopperDeps {
  storefrontUrl: string;
  ordersUrl: string;
  deploy: TrafficDeployConfig;
  http: Requester;
  metrics: TrafficMetrics;
  /** Orders this driver placed, for the API clients to poll. */
  orders: Recent<string>;
  /** Cart cookies of earlier shoppers, for repeat buyers. */
  carts: Recent<string>;
  log: Logger;
}

type Step = { reply: Extract<Reply, { kind: 'answer' }> } | { stop: SessionOutcome | 'stopped' };

/**
 * One shopper: home, products, 1-3 items into the cart, the cart, and sometimes checkout
 * with a confirmation page. Stops at the first page that fails, as a person would.
 */
export async function runSession(deps: ShopperDeps, n: number): Promise<void> {
  const plan = planSession(deps.deploy.seed, n, deps.deploy.shoppers);
  const jar = createCookieJar();
  const returningCart = plan.returning === undefined ? undefined : deps.carts.at(plan.returning);
  if (returningCart !== undefined) jar.set(CART_COOKIE, returningCart);
  const began = performance.now();
  let checkingOut = false;

  const step = async (path: string, opts: SendOptions = {}): Promise<Step> => {
    const reply = await deps.http.send('storefront', `${deps.storefrontUrl}${path}`, { ...opts, jar });
    const verdict = judgeStep(reply);
    return verdict === 'ok' && reply.kind === 'answer' ? { reply } : { stop: verdict === 'ok' ? 'abandoned' : verdict };
  };
  const end = (outcome: SessionOutcome | 'stopped', checkout?: { placed: boolean; valueCents?: number | undefined }) => {
    const cart = jar.get(CART_COOKIE);
    if (cart !== undefined && returningCart === undefined) deps.carts.add(cart);
    // An order placed is a checkout completed, even when shutdown cut the confirmation page short.
    if (checkout?.placed) deps.metrics.checkout('completed', checkout.valueCents);
    if (outcome === 'stopped') return;
    deps.metrics.session(outcome, (performance.now() - began) / 1000);
    if (checkingOut && !checkout?.placed) deps.metrics.checkout(outcome);
  };

  const home = await step('/');
  if ('stop' in home) return end(home.stop);
  const products = await step('/products');
  if ('stop' in products) return end(products.stop);
  const skus = skusOnPage(products.reply.text);
  const listed = skus.length > 0 ? skus : FALLBACK_SKUS;
  for (const item of plan.items) {
    const sku = listed[Math.floor(item.at * listed.length)] ?? 'MUG-01';
    const added = await step('/cart/items', { form: { sku, qty: String(item.qty) } });
    if ('stop' in added) return end(added.stop);
  }
  const cart = await step('/cart');
  if ('stop' in cart) return end(cart.stop);
  if (!plan.checkout) return end('completed');

  checkingOut = true;
  const form = await step('/checkout');
  if ('stop' in form) return end(form.stop);
  const key = idempotencyKeyOnPage(form.reply.text);
  if (form.reply.status !== 200 || key === undefined) return end('abandoned');
  const placed = await step('/checkout', { form: { ...plan.customer, idempotencyKey: key } });
  if ('stop' in placed) return end(placed.stop);
  const location = placed.reply.headers.get('location') ?? '';
  const orderId = /^\/orders\/([A-Za-z0-9_-]+)$/.exec(location)?.[1];
  if (placed.reply.status !== 303 || orderId === undefined) return end('abandoned');
  deps.orders.add(orderId);

  const confirmation = await step(`/orders/${orderId}`);
  const shown = 'reply' in confirmation ? totalOnConfirmation(confirmation.reply.text) : undefined;
  const valueCents = shown ?? (await orderTotal(deps, orderId));
  if (valueCents === undefined) deps.log.warn({ orderId }, 'completed checkout without a known total');
  end('stop' in confirmation ? confirmation.stop : 'completed', { placed: true, valueCents });
}

/** The order's total from orders itself, when the confirmation page did not show it. */
async function orderTotal(deps: ShopperDeps, orderId: string): Promise<number | undefined> {
  const reply = await deps.http.send('orders', `${deps.ordersUrl}/orders/${orderId}`);
  if (reply.kind !== 'answer' || reply.status !== 200) return undefined;
  try {
    const total = (JSON.parse(reply.text) as { order?: { totalCents?: unknown } }).order?.totalCents;
    return typeof total === 'number' ? total : undefined;
  } catch {
    return undefined;
  }
}
