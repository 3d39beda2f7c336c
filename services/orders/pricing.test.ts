import { describe, expect, it } from 'vitest';
import { AppError } from '../kit/errors.js';
import { catalog, findProduct } from './catalog.js';
import { priceLines } from './pricing.js';

function price(sku: string): number {
  const product = findProduct(sku);
  if (!product) throw new Error(`test uses unknown sku ${sku}`);
  return product.priceCents;
}

describe('priceLines', () => {
  it('prices every line from the catalog and totals them', () => {
    const { items, totalCents } = priceLines([{ sku: 'MUG-01', qty: 2 }, { sku: 'HOOD-03', qty: 1 }]);
    expect(items).toEqual([
      { sku: 'MUG-01', name: findProduct('MUG-01')?.name, qty: 2, unitPriceCents: price('MUG-01') },
      { sku: 'HOOD-03', name: findProduct('HOOD-03')?.name, qty: 1, unitPriceCents: price('HOOD-03') },
    ]);
    expect(totalCents).toBe(2 * price('MUG-01') + price('HOOD-03'));
  });

  it('merges lines for the same sku into one', () => {
    const { items, totalCents } = priceLines([
      { sku: 'STK-04', qty: 1 },
      { sku: 'CAP-05', qty: 2 },
      { sku: 'STK-04', qty: 3 },
    ]);
    expect(items.map((i) => [i.sku, i.qty])).toEqual([['STK-04', 4], ['CAP-05', 2]]);
    expect(totalCents).toBe(4 * price('STK-04') + 2 * price('CAP-05'));
  });

  it('prices the whole catalog', () => {
    const { totalCents } = priceLines(catalog.map((p) => ({ sku: p.sku, qty: 1 })));
    expect(totalCents).toBe(catalog.reduce((sum, p) => sum + p.priceCents, 0));
  });

  it('refuses unknown skus with 422 unknown_sku naming each of them', () => {
    let caught: unknown;
    try {
      priceLines([{ sku: 'MUG-01', qty: 1 }, { sku: 'NOPE-1', qty: 1 }, { sku: 'NOPE-2', qty: 2 }]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({ code: 'unknown_sku', status: 422 });
    expect(caught).toMatchObject({ message: expect.stringContaining('NOPE-1') });
    expect(caught).toMatchObject({ message: expect.stringContaining('NOPE-2') });
    expect(caught).not.toMatchObject({ message: expect.stringContaining('MUG-01') });
  });

  it('is empty for no lines', () => {
    expect(priceLines([])).toEqual({ items: [], totalCents: 0 });
  });
});
