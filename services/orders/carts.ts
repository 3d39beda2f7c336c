import { AppError } from '../kit/errors.js';
import { findProduct } from './catalog.js';
import type { OrdersDomain } from './domain.js';
import { priceLines } from './pricing.js';

export interface CartView {
  cartId: string;
  items: Array<{ sku: string; name: string; qty: number; unitPriceCents: number }>;
  count: number;
  totalCents: number;
}

export function viewCart(cartId: string, contents: Record<string, number>): CartView {
  const { items, totalCents } = priceLines(
    Object.entries(contents).filter(([sku]) => findProduct(sku)).map(([sku, qty]) => ({ sku, qty })),
  );
  return { cartId, items, count: items.reduce((n, i) => n + i.qty, 0), totalCents };
}

export async function getCart(d: OrdersDomain, cartId: string): Promise<CartView> {
  return viewCart(cartId, await d.store.getCart(cartId));
}

export async function addToCart(d: OrdersDomain, cartId: string, sku: string, qty: number): Promise<CartView> {
  if (!findProduct(sku)) throw new AppError('unknown_sku', 422, `unknown sku: ${sku}`);
  return viewCart(cartId, await d.store.addToCart(cartId, sku, qty));
}

export async function removeFromCart(d: OrdersDomain, cartId: string, sku: string): Promise<CartView> {
  return viewCart(cartId, await d.store.removeFromCart(cartId, sku));
}
