import type { ApiClient, TrafficMetrics } from './metrics.js';
import { statusLabel, type Requester } from './http.js';
import { randomFor } from './random.js';
import type { Recent } from './recent.js';

export interface ApiClientDeps {
  ordersUrl: string;
  seed: number;
  http: Requester;
  metrics: TrafficMetrics;
  /** Orders this driver placed through storefront. */
  orders: Recent<string>;
}

/**
 * One call straight to orders, not through storefront: the mobile app polling the status
 * of an order the driver placed. Partners' batch status checks are not played: an order
 * does not say which batch it joined, and the driver learns no batch ids. Until the first
 * checkout completes there is nothing to poll and no call is made.
 */
export async function runApiCall(deps: ApiClientDeps, n: number): Promise<void> {
  const orderId = deps.orders.at(randomFor(deps.seed, 'api_clients', n).next());
  if (orderId === undefined) return;
  const client: ApiClient = 'mobile_app';
  const reply = await deps.http.send('orders', `${deps.ordersUrl}/orders/${orderId}`);
  const status = statusLabel(reply);
  if (status !== undefined) deps.metrics.apiCall(client, status);
}
