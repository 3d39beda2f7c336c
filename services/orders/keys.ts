/** Every Redis key orders owns, in one place. Fulfillment reads BATCH_STREAM. */
export const BATCH_STREAM = 'orders:batches';

export const keys = {
  cart: (cartId: string) => `orders:cart:${cartId}`,
  order: (orderId: string) => `orders:order:${orderId}`,
  idempotency: (key: string) => `orders:idem:${key}`,
  openBatch: (partner: string) => `orders:batch-open:${partner}`,
  openBatchSince: (partner: string) => `orders:batch-open:${partner}:since`,
  batchSeq: 'orders:batch-seq',
  batchPrefix: 'orders:batch:',
  batch: (batchId: string) => `orders:batch:${batchId}`,
  attempts: (batchId: string) => `orders:batch:${batchId}:attempts`,
};
