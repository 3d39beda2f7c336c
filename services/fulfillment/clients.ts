import type { HttpClient } from '../kit/http-client.js';

/** The batch as orders reloads it (GET /batches/:id). */
export interface Batch {
  id: string;
  partner: string;
  orderIds: string[];
  items: Array<{ sku: string; name: string; qty: number }>;
  itemCount: number;
  attempts: number;
}

export interface OrdersApi {
  reload(batchId: string): Promise<Batch>;
  recordAttempt(batchId: string, attempt: { attempt: number; outcome: 'ok' | 'timeout' | 'error'; latencyMs: number }): Promise<void>;
}

export interface WebhookRequest {
  batch: Batch;
  attempt: number;
  idempotencyKey: string | undefined;
  timeoutMs: number;
}

export interface PartnersApi {
  post(req: WebhookRequest): Promise<void>;
}

export function createOrdersApi(http: HttpClient): OrdersApi {
  const enc = encodeURIComponent;
  return {
    reload: async (batchId) => (await http.request<{ batch: Batch }>('GET', `/batches/${enc(batchId)}`)).body.batch,
    recordAttempt: async (batchId, attempt) => {
      await http.request('POST', `/batches/${enc(batchId)}/attempts`, { body: attempt });
    },
  };
}

/** POST /webhooks/<partner> on the partners' receiver, the contract services/partners serves. */
export function createPartnersApi(http: HttpClient): PartnersApi {
  return {
    post: async ({ batch, attempt, idempotencyKey, timeoutMs }) => {
      await http.request('POST', `/webhooks/${encodeURIComponent(batch.partner)}`, {
        timeoutMs,
        headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
        body: { batchId: batch.id, partner: batch.partner, attempt, orderIds: batch.orderIds, items: batch.items, itemCount: batch.itemCount },
      });
    },
  };
}
