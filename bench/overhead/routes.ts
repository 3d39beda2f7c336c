import type { LoadRequest } from './load.js';
import type { Side } from './stack.js';

/** The shopper whose cart storefront's pages read; seeded once, read by both sides. */
export const BENCH_SHOPPER = 'bench-shopper';

export interface BenchRoute {
  /** As the table names it: "storefront GET /". */
  label: string;
  /** The request for one side; kit and bare differ only in the base URL (and a write's cart). */
  request(side: Side, which: 'kit' | 'bare'): Omit<LoadRequest, 'connections' | 'durationSec'>;
}

/**
 * The measured routes. storefront's home page (catalog from its cache, the cart from
 * orders over HTTP, the page rendered); orders' catalog (no store: the kit's cost alone);
 * orders' cart add, the write a shopper makes most, into one cart per side so Redis holds
 * one hash each however long the run (a count grows, nothing else does).
 */
export const BENCH_ROUTES: readonly BenchRoute[] = [
  {
    label: 'storefront GET /',
    request: (side) => ({ url: `${side.storefront}/`, method: 'GET', headers: { cookie: `fd_cart=${BENCH_SHOPPER}` } }),
  },
  {
    label: 'orders GET /products',
    request: (side) => ({ url: `${side.orders}/products`, method: 'GET' }),
  },
  {
    label: 'orders POST /carts/:id/items',
    request: (side, which) => ({ url: `${side.orders}/carts/bench-write-${which}/items`, method: 'POST', body: { sku: 'TEE-02', qty: 1 } }),
  },
];
