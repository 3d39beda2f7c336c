import { exitOnStartupError, stopOnSignals } from '../kit/process.js';
import { createRedis } from '../kit/redis.js';
import { startServer } from '../kit/server.js';
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
  const server = await startServer(orders.express, {
    port: config.settings.port,
    host: config.settings.host,
    log: base.log,
    lifecycle: base.lifecycle,
    shutdownTimeoutMs: config.settings.shutdownTimeoutMs,
  });
  base.log.info({ port: server.port, url: server.url, deployConfig: config.settings.configFile ?? 'defaults', deploy: config.deploy }, 'listening');
  stopOnSignals(process, {
    log: base.log,
    errors: base.errors,
    stop: async () => {
      await server.close();
      await orders.close();
      await redis.quit();
      await base.tracing.shutdown();
    },
  });
} catch (err) {
  exitOnStartupError(process, 'orders', err);
}
