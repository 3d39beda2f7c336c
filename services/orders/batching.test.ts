import { describe, expect, it } from 'vitest';
import { findProduct } from './catalog.js';
import { partnerFor, summarizeBatch } from './batching.js';
import type { Order, OrderItem } from './model.js';

const partners = ['acme', 'bolt', 'cargo'] as const;

function item(sku: string, qty: number): OrderItem {
  const product = findProduct(sku);
  if (!product) throw new Error(`test uses unknown sku ${sku}`);
  return { sku, name: product.name, qty, unitPriceCents: product.priceCents };
}

function order(id: string, items: OrderItem[]): Order {
  return {
    id,
    status: 'accepted',
    customer: { name: 'Ann', email: 'ann@example.com' },
    items,
    totalCents: items.reduce((sum, i) => sum + i.qty * i.unitPriceCents, 0),
    currency: 'USD',
    partner: 'acme',
    cartId: undefined,
    idempotencyKey: undefined,
    createdAt: '2024-01-01T00:00:00.000Z',
  };
}

describe('partnerFor', () => {
  it('gives the same partner for the same order id, every time', () => {
    for (let i = 0; i < 50; i += 1) {
      const id = `ord_${i}`;
      const first = partnerFor(id, partners);
      expect(partners).toContain(first);
      expect(partnerFor(id, partners)).toBe(first);
      expect(partnerFor(id, [...partners])).toBe(first);
    }
  });

  it('spreads orders over every partner', () => {
    const counts = new Map<string, number>();
    const total = 600;
    for (let i = 0; i < total; i += 1) {
      const partner = partnerFor(`ord_${i.toString(36)}x${i}`, partners);
      counts.set(partner, (counts.get(partner) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([...partners]);
    for (const n of counts.values()) expect(n).toBeGreaterThan(total / partners.length / 2);
  });

  it('sends everything to a lone partner and refuses an empty list', () => {
    expect(partnerFor('ord_a', ['solo'])).toBe('solo');
    expect(() => partnerFor('ord_a', [])).toThrow('no partners configured');
  });
});

describe('summarizeBatch', () => {
  it('sums quantities per sku across orders, sorted by sku, and totals their value', () => {
    const orders = [
      order('ord_1', [item('TEE-02', 2), item('MUG-01', 1)]),
      order('ord_2', [item('MUG-01', 3)]),
      order('ord_3', [item('STK-04', 5), item('TEE-02', 1)]),
    ];
    const summary = summarizeBatch(orders);
    expect(summary.items).toEqual([
      { sku: 'MUG-01', name: findProduct('MUG-01')?.name, qty: 4 },
      { sku: 'STK-04', name: findProduct('STK-04')?.name, qty: 5 },
      { sku: 'TEE-02', name: findProduct('TEE-02')?.name, qty: 3 },
    ]);
    expect(summary.itemCount).toBe(12);
    expect(summary.valueCents).toBe(orders.reduce((sum, o) => sum + o.totalCents, 0));
  });

  it('does not change the orders it summarizes', () => {
    const orders = [order('ord_1', [item('MUG-01', 1)]), order('ord_2', [item('MUG-01', 2)])];
    const before = structuredClone(orders);
    summarizeBatch(orders);
    expect(orders).toEqual(before);
  });

  it('is empty for no orders', () => {
    expect(summarizeBatch([])).toEqual({ items: [], itemCount: 0, valueCents: 0 });
  });
});
