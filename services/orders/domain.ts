import type { Logger } from 'pino';
import type { OrdersDeployConfig } from './config.js';
import type { OrdersMetrics } from './metrics.js';
import type { OrdersStore } from './store.js';

/** What the orders domain functions need; built once in createOrdersApp. */
export interface OrdersDomain {
  store: OrdersStore;
  deploy: OrdersDeployConfig;
  metrics: OrdersMetrics;
  log: Logger;
}
