/** Every Redis key partners owns, in one place. All start with `partners:`. */
export const keys = {
  /** Hash: shipments, duplicateShipments, duplicateItems. */
  stats: (partner: string) => `partners:${partner}:stats`,
  /** Hash: batchId → times shipped. */
  batches: (partner: string) => `partners:${partner}:batches`,
  /** Stream of shipment records, capped, for anyone who wants to read what shipped when. */
  shipments: (partner: string) => `partners:${partner}:shipments`,
  idempotency: (partner: string, key: string) => `partners:${partner}:idem:${key}`,
};
