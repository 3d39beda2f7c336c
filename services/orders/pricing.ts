import { AppError } from '../kit/errors.js';
import { findProduct } from './catalog.js';
import type { OrderItem } from './model.js';

export interface LineRequest {
  sku: string;
  qty: number;
}

/** Prices lines from the catalog; unknown SKUs are a 422 naming them. Lines for one SKU merge. */
export function priceLines(lines: readonly LineRequest[]): { items: OrderItem[]; totalCents: number } {
  const merged = new Map<string, number>();
  for (const line of lines) merged.set(line.sku, (merged.get(line.sku) ?? 0) + line.qty);
  const unknown = [...merged.keys()].filter((sku) => !findProduct(sku));
  if (unknown.length > 0) throw new AppError('unknown_sku', 422, `unknown sku: ${unknown.join(', ')}`);
  const items: OrderItem[] = [...merged].map(([sku, qty]) => {
    const product = findProduct(sku);
    if (!product) throw new AppError('unknown_sku', 422, `unknown sku: ${sku}`);
    return { sku, name: product.name, qty, unitPriceCents: product.priceCents };
  });
  return { items, totalCents: items.reduce((sum, i) => sum + i.qty * i.unitPriceCents, 0) };
}
