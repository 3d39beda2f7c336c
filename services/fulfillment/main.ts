import { hostname } from 'node:os';
import { createFlags } from '../kit/flags.js';
import { exitOnStartupError } from '../kit/process.js';
import { createRedis } from '../kit/redis.js';
import { serveUntilStopped } from '../kit/serve.js';
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
  const flags = await createFlags({ file: config.settings.flagsFile, flagd: config.settings.flagdSync, domain: 'fulfillment', log: base.log });
  const fulfillment = await createFulfillmentApp({ base, redis, reader, flags, consumer, config });
  await serveUntilStopped(process, {
    base,
    settings: config.settings,
    express: fulfillment.express,
    fields: { consumer, deploy: config.deploy },
    close: async () => {
      await fulfillment.close();
      await flags.close();
      reader.disconnect();
      await redis.quit();
    },
  });
} catch (err) {
  exitOnStartupError(process, 'fulfillment', err);
}
