import { z } from 'zod';

/** The orders API's response shapes, parsed in tests so a changed contract fails loudly. */
export const orderItemSchema = z.object({ sku: z.string(), name: z.string(), qty: z.number(), unitPriceCents: z.number() });

export const orderSchema = z.object({
  id: z.string(),
  status: z.literal('accepted'),
  customer: z.object({ name: z.string(), email: z.string() }),
  items: z.array(orderItemSchema),
  totalCents: z.number(),
  currency: z.literal('USD'),
  partner: z.string(),
  cartId: z.string().optional(),
  idempotencyKey: z.string().optional(),
  createdAt: z.string(),
});

export const createdOrderSchema = z.object({ order: orderSchema, replayed: z.boolean() });

export const cartSchema = z.object({
  cartId: z.string(),
  items: z.array(orderItemSchema),
  count: z.number(),
  totalCents: z.number(),
});

export const productsSchema = z.object({
  products: z.array(z.object({ sku: z.string(), name: z.string(), description: z.string(), priceCents: z.number() })),
});

export const batchSchema = z.object({
  batch: z.object({
    id: z.string(),
    partner: z.string(),
    createdAt: z.string(),
    orderIds: z.array(z.string()),
    items: z.array(z.object({ sku: z.string(), name: z.string(), qty: z.number() })),
    itemCount: z.number(),
    valueCents: z.number(),
    attempts: z.number(),
  }),
});

export const attemptRecordedSchema = z.object({ batchId: z.string(), attempts: z.number() });

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export type OrderBody = z.infer<typeof orderSchema>;
