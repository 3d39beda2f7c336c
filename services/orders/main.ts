import { exitOnStartupError } from '../kit/process.js';
import { createRedis } from '../kit/redis.js';
import { serveUntilStopped } from '../kit/serve.js';
import { createServiceBase } from '../kit/service-base.js';
import { createOrdersApp } from './app.js';
import { loadOrdersConfig, type OrdersConfig } from './config.js';

let config: OrdersConfig;
try {
  config = loadOrdersConfig(process.env);
} catch (err) {
  exitOnStartupError(process, 'orders', err);
}

const base = createServiceBase('orders', config.settings);
const redis = createRedis({ url: config.redisUrl, log: base.log, connectionName: 'orders' });
const orders = createOrdersApp({ base, redis, config });
try {
  await serveUntilStopped(process, {
    base,
    settings: config.settings,
    express: orders.express,
    fields: { deploy: config.deploy },
    close: async () => {
      await orders.close();
      await redis.quit();
    },
  });
} catch (err) {
  exitOnStartupError(process, 'orders', err);
}
