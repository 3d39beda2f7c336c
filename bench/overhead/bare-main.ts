import type { Server } from 'node:http';
import { parseArgs } from 'node:util';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { createBareOrdersApp } from './bare-orders.js';
import { createBareStorefrontApp } from './bare-storefront.js';

/**
 * The bare apps as processes, so both sides of the overhead bench are processes of the
 * same shape: `bare-main.js orders --port P --redis-url URL [--store-latency-ms N] [--pool-size N]`
 * or `bare-main.js storefront --port P --orders-url URL`. Prints `listening <port>` when ready.
 */
const port = z.coerce.number().int().min(0).max(65535);
const argsSchema = z.discriminatedUnion('service', [
  z.object({
    service: z.literal('orders'), port, redisUrl: z.string().regex(/^redis:\/\/\S+$/),
    storeLatencyMs: z.coerce.number().int().min(0).default(0), poolSize: z.coerce.number().int().min(1).default(4),
  }),
  z.object({ service: z.literal('storefront'), port, ordersUrl: z.url() }),
]);

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    port: { type: 'string' }, 'redis-url': { type: 'string' }, 'orders-url': { type: 'string' },
    'store-latency-ms': { type: 'string' }, 'pool-size': { type: 'string' },
  },
});
const parsed = argsSchema.safeParse({
  service: positionals[0], port: values.port, redisUrl: values['redis-url'], ordersUrl: values['orders-url'],
  storeLatencyMs: values['store-latency-ms'], poolSize: values['pool-size'],
});
if (!parsed.success) {
  process.stderr.write(`bare-main: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'service'}: ${i.message}`).join('; ')}\n`);
  process.exit(2);
}
const args = parsed.data;

let redis: Redis | undefined;
let app: Express;
if (args.service === 'orders') {
  redis = new Redis(args.redisUrl, { maxRetriesPerRequest: 2, connectionName: 'bare-orders' });
  // The same pool timeout as the shop's deploy config (config/orders.yaml).
  app = createBareOrdersApp({ redis, storeLatencyMs: args.storeLatencyMs, poolSize: args.poolSize, poolQueueTimeoutMs: 2000 });
} else {
  app = createBareStorefrontApp({ ordersUrl: args.ordersUrl.replace(/\/+$/, '') });
}

const server: Server = app.listen(args.port, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : args.port}\n`);
});

const stop = () => {
  server.close();
  server.closeAllConnections();
  void (redis?.quit() ?? Promise.resolve()).finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
