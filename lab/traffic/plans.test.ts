import { describe, expect, it } from 'vitest';
import { catalog } from '../../services/orders/catalog.js';
import { trafficDeploySchema } from './config.js';
import { createRandom, randomFor } from './random.js';
import { FALLBACK_SKUS, idempotencyKeyOnPage, planSession, skusOnPage, totalOnConfirmation } from './shoppers.js';
import { chooseSeat, planBuyer } from './tickets.js';

const defaults = trafficDeploySchema.parse({});

describe('seeded choices', () => {
  it('repeat exactly for the same seed, loop and run number', () => {
    const draws = (r: ReturnType<typeof createRandom>) => Array.from({ length: 20 }, () => r.next());
    expect(draws(createRandom(7))).toEqual(draws(createRandom(7)));
    expect(draws(randomFor(7, 'shoppers', 12))).toEqual(draws(randomFor(7, 'shoppers', 12)));
    expect(draws(randomFor(7, 'shoppers', 12))).not.toEqual(draws(randomFor(8, 'shoppers', 12)));
    expect(draws(randomFor(7, 'shoppers', 12))).not.toEqual(draws(randomFor(7, 'shoppers', 13)));
    expect(draws(randomFor(7, 'shoppers', 12))).not.toEqual(draws(randomFor(7, 'tickets', 12)));
    for (const x of draws(createRandom(1))) expect(x >= 0 && x < 1).toBe(true);
  });

  it('give each shopper the same plan on every run, whatever order sessions are planned in', () => {
    const forward = Array.from({ length: 50 }, (_, n) => planSession(7, n, defaults.shoppers));
    const backward = Array.from({ length: 50 }, (_, i) => planSession(7, 49 - i, defaults.shoppers)).reverse();
    expect(backward).toEqual(forward);
    expect(Array.from({ length: 50 }, (_, n) => planSession(8, n, defaults.shoppers))).not.toEqual(forward);
  });

  it('draw 1-3 items of quantity 1-2, check out and come back at about the configured rates', () => {
    const plans = Array.from({ length: 2000 }, (_, n) => planSession(7, n, defaults.shoppers));
    for (const p of plans) {
      expect(p.items.length).toBeGreaterThanOrEqual(1);
      expect(p.items.length).toBeLessThanOrEqual(3);
      for (const item of p.items) expect([1, 2]).toContain(item.qty);
      expect(p.customer.email).toMatch(/^[a-z.]+\.\d+@example\.com$/);
    }
    const share = (f: (p: (typeof plans)[number]) => boolean) => plans.filter(f).length / plans.length;
    expect(share((p) => p.checkout)).toBeCloseTo(0.4, 1);
    expect(share((p) => p.returning !== undefined)).toBeCloseTo(0.2, 1);
    expect(new Set(plans.map((p) => p.items.length))).toEqual(new Set([1, 2, 3]));

    const always = { ...defaults.shoppers, checkoutProbability: 1, repeatBuyerFraction: 0 };
    expect(Array.from({ length: 100 }, (_, n) => planSession(7, n, always)).every((p) => p.checkout && p.returning === undefined)).toBe(true);
  });

  it('send buyers to the first free seat when they press best available, else to a drawn seat', () => {
    const plans = Array.from({ length: 1000 }, (_, n) => planBuyer(7, n, defaults.tickets));
    expect(plans).toEqual(Array.from({ length: 1000 }, (_, n) => planBuyer(7, n, defaults.tickets)));
    expect(plans.filter((p) => p.bestAvailable).length / plans.length).toBeCloseTo(0.2, 1);
    expect(plans.filter((p) => p.refund !== undefined).length / plans.length).toBeCloseTo(0.5, 1);

    const free = ['A3', 'A4', 'B1', 'C7'];
    const best = plans.find((p) => p.bestAvailable);
    const chooser = plans.find((p) => !p.bestAvailable && p.seat >= 0.5 && p.seat < 0.75);
    expect(best && chooseSeat(best, free)).toBe('A3');
    expect(chooser && chooseSeat(chooser, free)).toBe('B1');
    expect(best && chooseSeat(best, [])).toBeUndefined();
  });

  it('make about half the best-available buyers a party of 2-4, and everyone else a party of one', () => {
    const plans = Array.from({ length: 4000 }, (_, n) => planBuyer(7, n, defaults.tickets));
    const best = plans.filter((p) => p.bestAvailable);
    expect(plans.filter((p) => !p.bestAvailable).every((p) => p.party === 1)).toBe(true);
    expect(best.filter((p) => p.party > 1).length / best.length).toBeCloseTo(0.5, 1);
    expect(new Set(best.map((p) => p.party))).toEqual(new Set([1, 2, 3, 4]));
    const none = Array.from({ length: 200 }, (_, n) => planBuyer(7, n, { ...defaults.tickets, bestAvailableFraction: 1, partyFraction: 0 }));
    expect(none.every((p) => p.party === 1)).toBe(true);
  });
});

describe('reading storefront pages', () => {
  it('knows the catalog orders sells, for when the products page lists nothing', () => {
    expect(FALLBACK_SKUS).toEqual(catalog.map((p) => p.sku));
  });

  it('finds the SKUs, the checkout key and the confirmed total', () => {
    const products = '<form method="post" action="/cart/items"><input type="hidden" name="sku" value="MUG-01"><input type="hidden" name="qty" value="1">'
      + '<form method="post" action="/cart/items"><input type="hidden" name="sku" value="TEE-02">';
    expect(skusOnPage(products)).toEqual(['MUG-01', 'TEE-02']);
    expect(skusOnPage('<h1>We’ll be right back</h1>')).toEqual([]);
    expect(idempotencyKeyOnPage('<input type="hidden" name="idempotencyKey" value="6a1f-22">')).toBe('6a1f-22');
    expect(totalOnConfirmation('<p>Order <code data-testid="order-id">ord_1</code> is confirmed: $123.40. It ships with acme.</p>')).toBe(12_340);
    expect(totalOnConfirmation('<p>Something went wrong</p>')).toBeUndefined();
  });
});
