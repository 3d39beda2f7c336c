import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Bounded load loops for cascade tests: each fires requests at a fixed rate without
 * waiting for answers (as real clients do), caps concurrency, and stops by itself after
 * `maxMs` even if the test forgets to stop it.
 */
export interface Loop {
  stats: Record<string, number>;
  stop(): Promise<void>;
}

function runLoop(opts: { ratePerSecond: number; maxMs: number; maxConcurrent?: number }, fire: () => Promise<string>): Loop {
  const stats: Record<string, number> = {};
  const inflight = new Set<Promise<void>>();
  let stopped = false;
  const deadline = Date.now() + opts.maxMs;
  const every = 1000 / opts.ratePerSecond;
  const loop = (async () => {
    while (!stopped && Date.now() < deadline) {
      if (inflight.size < (opts.maxConcurrent ?? 50)) {
        const p = fire()
          .then((k) => void (stats[k] = (stats[k] ?? 0) + 1))
          .catch((err: unknown) => void (stats[`error:${(err as Error).name}`] = (stats[`error:${(err as Error).name}`] ?? 0) + 1))
          .finally(() => inflight.delete(p));
        inflight.add(p);
      }
      await delay(every);
    }
  })();
  return {
    stats,
    stop: async () => {
      stopped = true;
      await loop;
      await Promise.all(inflight);
    },
  };
}

/** Shoppers loading pages (the cart badge path); the tally is by HTTP status. */
export function browse(storefrontUrl: string, ratePerSecond: number, maxMs = 600_000): Loop {
  const cartIds = Array.from({ length: 20 }, () => randomUUID());
  let i = 0;
  return runLoop({ ratePerSecond, maxMs }, async () => {
    const cartId = cartIds[i++ % cartIds.length] ?? 'x';
    const res = await fetch(`${storefrontUrl}/cart`, { headers: { cookie: `fd_cart=${cartId}` }, signal: AbortSignal.timeout(15_000) });
    await res.body?.cancel();
    return String(res.status);
  });
}

/**
 * The API clients that call orders directly, not through storefront: the mobile app
 * polling an order's status and partners checking a batch's status.
 */
export function apiClients(ordersUrl: string, known: { orderIds: () => string[]; batchIds: () => string[] }, ratePerSecond: number, maxMs = 600_000): Loop {
  let i = 0;
  return runLoop({ ratePerSecond, maxMs }, async () => {
    i += 1;
    const batches = known.batchIds();
    const orders = known.orderIds();
    const path = i % 2 === 0 && batches.length > 0
      ? `/batches/${batches[i % batches.length] ?? ''}`
      : `/orders/${orders[i % Math.max(1, orders.length)] ?? 'none'}`;
    const res = await fetch(`${ordersUrl}${path}`, { signal: AbortSignal.timeout(15_000) });
    await res.body?.cancel();
    return String(res.status);
  });
}

/** One shopper's whole checkout through storefront: add an item, open checkout, submit. Returns the order id. */
export async function checkoutOnce(storefrontUrl: string, sku = 'MUG-01'): Promise<string> {
  const cookie = `fd_cart=${randomUUID()}`;
  const add = await fetch(`${storefrontUrl}/cart/items`, {
    method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `sku=${sku}&qty=1`,
  });
  if (add.status !== 303) throw new Error(`add to cart answered ${add.status}`);
  const form = await (await fetch(`${storefrontUrl}/checkout`, { headers: { cookie } })).text();
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(form)?.[1];
  if (!key) throw new Error('checkout form without an idempotency key');
  const res = await fetch(`${storefrontUrl}/checkout`, {
    method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: `name=Test+Shopper&email=shopper%40example.com&idempotencyKey=${key}`,
  });
  const location = res.headers.get('location') ?? '';
  if (res.status !== 303 || !location.startsWith('/orders/')) throw new Error(`checkout answered ${res.status}`);
  return location.slice('/orders/'.length);
}

/** Orders placed straight on the orders API (the mobile app), `concurrency` at a time; returns the ids created. */
export async function placeApiOrders(ordersUrl: string, n: number, concurrency = 8): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      next += 1;
      const res = await fetch(`${ordersUrl}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customer: { name: 'App User', email: 'app@example.com' }, items: [{ sku: 'TEE-02', qty: 2 }] }),
        signal: AbortSignal.timeout(15_000),
      }).catch(() => undefined);
      if (res?.status === 201) ids.push(((await res.json()) as { order: { id: string } }).order.id);
      else await res?.body?.cancel();
    }
  }));
  return ids;
}
