import type { Logger } from 'pino';
import type { Product } from './orders-client.js';

export interface CatalogCache {
  /** The catalog: cached for `ttlMs`; a failed refresh serves the stale copy when there is one. */
  get(): Promise<Product[]>;
}

/**
 * The catalog changes rarely, so pages do not ask orders for it on every view: the one
 * call per page that must reach orders is the shopper's cart (the badge, the cart, the
 * checkout). That keeps the breaker's picture, and its half-open probe, about the cart path.
 */
export function createCatalogCache(opts: { load: () => Promise<Product[]>; ttlMs: number; log: Logger; now?: () => number }): CatalogCache {
  const now = opts.now ?? Date.now;
  let cached: { products: Product[]; at: number } | undefined;
  let inflight: Promise<Product[]> | undefined;
  const refresh = () => {
    inflight ??= opts.load().then(
      (products) => {
        cached = { products, at: now() };
        return products;
      },
    ).finally(() => {
      inflight = undefined;
    });
    return inflight;
  };
  return {
    async get() {
      if (cached && now() - cached.at < opts.ttlMs) return cached.products;
      try {
        return await refresh();
      } catch (err) {
        if (!cached) throw err;
        opts.log.warn({ err, ageMs: now() - cached.at }, 'catalog refresh failed; serving the cached catalog');
        return cached.products;
      }
    },
  };
}
