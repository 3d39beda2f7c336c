/** The shop's catalog. Prices in cents; orders owns prices so a client cannot set them. */
export interface Product {
  sku: string;
  name: string;
  description: string;
  priceCents: number;
}

export const catalog: readonly Product[] = Object.freeze([
  { sku: 'MUG-01', name: 'Pager Duty Mug', description: 'Holds 350 ml of 3 a.m. coffee.', priceCents: 1800 },
  { sku: 'TEE-02', name: 'Blameless Postmortem Tee', description: 'Organic cotton, unisex fit.', priceCents: 2600 },
  { sku: 'HOOD-03', name: 'On-Call Hoodie', description: 'Deep pockets for two phones.', priceCents: 5400 },
  { sku: 'STK-04', name: 'Circuit Breaker Sticker Pack', description: 'Twelve vinyl stickers: open, closed, half-open.', priceCents: 900 },
  { sku: 'CAP-05', name: 'SLO Cap', description: 'Embroidered 99.9 %.', priceCents: 2200 },
  { sku: 'BAG-06', name: 'Runbook Tote', description: 'Carries every runbook you never read.', priceCents: 2900 },
].map((p) => Object.freeze(p)));

const bySku = new Map(catalog.map((p) => [p.sku, p]));

export function findProduct(sku: string): Product | undefined {
  return bySku.get(sku);
}
