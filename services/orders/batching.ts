import type { Order } from './model.js';

/** FNV-1a: a stable, dependency-free string hash. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Which partner ships an order: stable for a given order id. */
export function partnerFor(orderId: string, partners: readonly string[]): string {
  if (partners.length === 0) throw new Error('no partners configured');
  return partners[fnv1a(orderId) % partners.length] as string;
}

export interface BatchLine {
  sku: string;
  name: string;
  qty: number;
}

/** The pick list a partner ships: quantities per SKU summed over the batch's orders. */
export function summarizeBatch(orders: readonly Order[]): { items: BatchLine[]; itemCount: number; valueCents: number } {
  const lines = new Map<string, BatchLine>();
  let valueCents = 0;
  for (const order of orders) {
    valueCents += order.totalCents;
    for (const item of order.items) {
      const line = lines.get(item.sku) ?? { sku: item.sku, name: item.name, qty: 0 };
      line.qty += item.qty;
      lines.set(item.sku, line);
    }
  }
  const items = [...lines.values()].sort((a, b) => a.sku.localeCompare(b.sku));
  return { items, itemCount: items.reduce((n, l) => n + l.qty, 0), valueCents };
}
