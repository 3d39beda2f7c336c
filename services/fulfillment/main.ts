import { hostname } from 'node:os';
import { createFlags } from '../kit/flags.js';
import { exitOnStartupError, stopOnSignals } from '../kit/process.js';
import { createRedis } from '../kit/redis.js';
import { startServer } from '../kit/server.js';
import { createServiceBase } from '../kit/service-base.js';
import { createFulfillmentApp } from './app.js';
import { loadFulfillmentConfig, type FulfillmentConfig } from './config.js';

let config: FulfillmentConfig;
try {
  config = loadFulfillmentConfig(process.env);
} catch (err) {
  exitOnStartupError(process, 'fulfillment', err);
}

const base = createServiceBase('fulfillment', config.settings);
const consumer = config.consumer ?? `${hostname()}-${process.pid}`;
const redis = createRedis({ url: config.redisUrl, log: base.log, connectionName: 'fulfillment' });
const reader = createRedis({ url: config.redisUrl, log: base.log, connectionName: 'fulfillment-reader' });
try {
  const flags = await createFlags({ file: config.settings.flagsFile, domain: 'fulfillment', log: base.log });
  const fulfillment = await createFulfillmentApp({ base, redis, reader, flags, consumer, config });
  const server = await startServer(fulfillment.express, {
    port: config.settings.port,
    host: config.settings.host,
    log: base.log,
    lifecycle: base.lifecycle,
    shutdownTimeoutMs: config.settings.shutdownTimeoutMs,
  });
  base.log.info({ port: server.port, url: server.url, consumer, deployConfig: config.settings.configFile ?? 'defaults', deploy: config.deploy }, 'listening');
  stopOnSignals(process, {
    log: base.log,
    errors: base.errors,
    stop: async () => {
      await server.close();
      await fulfillment.close();
      await flags.close();
      reader.disconnect();
      await redis.quit();
      await base.tracing.shutdown();
    },
  });
} catch (err) {
  exitOnStartupError(process, 'fulfillment', err);
}
