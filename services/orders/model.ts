/** The records orders keeps. Money is in integer cents. */
export interface OrderItem {
  sku: string;
  name: string;
  qty: number;
  unitPriceCents: number;
}

export interface Customer {
  name: string;
  email: string;
}

export interface Order {
  id: string;
  status: 'accepted';
  customer: Customer;
  items: OrderItem[];
  totalCents: number;
  currency: 'USD';
  partner: string;
  cartId: string | undefined;
  idempotencyKey: string | undefined;
  createdAt: string;
}

/** What a stored Idempotency-Key points at: the order it created and the request's fingerprint. */
export interface IdempotencyRecord {
  orderId: string;
  fingerprint: string;
}

export interface BatchRecord {
  id: string;
  partner: string;
  orderIds: string[];
  createdAt: number;
}

export interface DispatchAttempt {
  attempt: number;
  outcome: 'ok' | 'timeout' | 'error';
  partner: string;
  latencyMs: number | undefined;
  at: string;
}
