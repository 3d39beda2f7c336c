import type { ApiClient, TrafficMetrics } from './metrics.js';
import { statusLabel, type Requester } from './http.js';
import { randomFor } from './random.js';
import type { Recent } from './recent.js';
import { FALLBACK_SKUS } from './shoppers.js';

export interface ApiClientDeps {
  ordersUrl: string;
  seed: number;
  /** Share of calls that place an order instead of polling one. */
  orderFraction: number;
  /** This driver process's id: its idempotency keys stay unique across restarts. */
  runId: string;
  http: Requester;
  metrics: TrafficMetrics;
  /** Orders this driver placed, through storefront or the app. */
  orders: Recent<string>;
}

/**
 * One call straight to orders, not through storefront: the mobile app, which polls the
 * status of an order the driver placed and sometimes places an order itself (with an
 * Idempotency-Key, as apps do). Those orders keep arriving when storefront is down, which
 * is what keeps a fulfillment storm fed. Partners' batch status checks are not played: an
 * order does not say which batch it joined, and the driver learns no batch ids. Until the
 * first order exists there is nothing to poll and a poll is not made.
 */
export async function runApiCall(deps: ApiClientDeps, n: number): Promise<void> {
  const client: ApiClient = 'mobile_app';
  const draws = randomFor(deps.seed, 'api_clients', n);
  if (draws.chance(deps.orderFraction)) {
    const body = {
      customer: { name: 'App Customer', email: `app-${n}@example.com` },
      items: [{ sku: draws.pick(FALLBACK_SKUS) ?? 'MUG-01', qty: draws.int(1, 3) }],
    };
    const reply = await deps.http.send('orders', `${deps.ordersUrl}/orders`, { json: body, headers: { 'idempotency-key': `app-${deps.runId}-${n}` } });
    const status = statusLabel(reply);
    if (status !== undefined) deps.metrics.apiCall(client, status);
    if (reply.kind === 'answer' && reply.status === 201) {
      const id = (JSON.parse(reply.text) as { order?: { id?: unknown } }).order?.id;
      if (typeof id === 'string') deps.orders.add(id);
    }
    return;
  }
  const orderId = deps.orders.at(draws.next());
  if (orderId === undefined) return;
  const reply = await deps.http.send('orders', `${deps.ordersUrl}/orders/${orderId}`);
  const status = statusLabel(reply);
  if (status !== undefined) deps.metrics.apiCall(client, status);
}
