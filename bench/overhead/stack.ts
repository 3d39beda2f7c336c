import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../lab/runtime/local/health.js';
import { createChildren, httpOk, waitReady, type Children } from './children.js';
import { startSpanSink, type SinkCounts } from './span-sink.js';
import { LAB_NODE_FLAGS } from '../../lab/runtime/local/plan.js';

/**
 * Store latency on both sides. The lab's 100 ms with a pool of 4 caps orders at 40 req/s
 * whoever serves it, which would hide the kit entirely; 0 makes the routes CPU-bound, so
 * the difference is what the kit costs.
 */
export const BENCH_STORE_LATENCY_MS = 0;

export interface Side {
  orders: string;
  storefront: string;
}

export interface Stack {
  kit: Side;
  bare: Side;
  spans(): SinkCounts;
  logDir: string;
  stop(): Promise<void>;
}

async function redisAnswers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } finally {
    probe.disconnect();
  }
}

/**
 * Redis, the kit's orders and storefront from dist/ with the env the local lab gives them
 * (lab/runtime/local/plan.ts: deploy config and flags from the shop seed, spans and error
 * reports to the desk, played here by a span sink, logs into files), and the bare apps.
 * On any failure everything already started is stopped before the error is thrown.
 */
export async function startStack(root: string, workDir: string): Promise<Stack> {
  const logDir = join(workDir, 'logs');
  const redisDir = join(workDir, 'redis');
  mkdirSync(logDir, { recursive: true });
  mkdirSync(redisDir, { recursive: true });
  // Copies, as the lab deploys from its own shop repository: the clone's files stay untouched.
  const flagsFile = join(workDir, 'flags.json');
  copyFileSync(join(root, 'lab', 'shop-seed', 'flags.json'), flagsFile);
  const configFile = (service: string) => {
    const file = join(workDir, `${service}.yaml`);
    copyFileSync(join(root, 'lab', 'shop-seed', 'config', `${service}.yaml`), file);
    return file;
  };

  const children: Children = createChildren(logDir);
  const sink = await startSpanSink();
  const stop = async () => {
    await children.stopAll();
    await sink.close();
  };
  try {
    const [redisPort, kitOrders, kitStorefront, bareOrders, bareStorefront] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const redisUrl = `redis://127.0.0.1:${redisPort}/0`;
    const redis = children.start('redis', 'redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir]);
    await waitReady(redis, 'PONG', () => redisAnswers(redisUrl));

    const signals = (prefix: string) => ({
      [`${prefix}_FLAGS_FILE`]: flagsFile,
      [`${prefix}_CONFIG_FILE`]: configFile(prefix.toLowerCase()),
      [`${prefix}_RELEASE`]: 'bench',
      [`${prefix}_OTLP_ENDPOINT`]: `${sink.url}/v1/traces`,
      [`${prefix}_ERROR_REPORT_URL`]: `${sink.url}/api/errors`,
    });
    // The lab's own node flags on both sides: the same process shape as `make lab` runs.
    const node = (entry: string) => [...LAB_NODE_FLAGS, join(root, 'dist', entry)];
    const kit: Side = { orders: `http://127.0.0.1:${kitOrders}`, storefront: `http://127.0.0.1:${kitStorefront}` };
    const bare: Side = { orders: `http://127.0.0.1:${bareOrders}`, storefront: `http://127.0.0.1:${bareStorefront}` };

    const orders = children.start('kit-orders', process.execPath, node('services/orders/main.js'), {
      ...signals('ORDERS'), ORDERS_PORT: String(kitOrders), ORDERS_REDIS_URL: redisUrl, ORDERS_STORE_LATENCY_MS: String(BENCH_STORE_LATENCY_MS),
    });
    const storefront = children.start('kit-storefront', process.execPath, node('services/storefront/main.js'), {
      ...signals('STOREFRONT'), STOREFRONT_PORT: String(kitStorefront), STOREFRONT_ORDERS_URL: kit.orders,
    });
    const bareMain = node('bench/overhead/bare-main.js');
    const bOrders = children.start('bare-orders', process.execPath, [...bareMain, 'orders', '--port', String(bareOrders), '--redis-url', redisUrl,
      '--store-latency-ms', String(BENCH_STORE_LATENCY_MS), '--pool-size', '4']);
    const bStorefront = children.start('bare-storefront', process.execPath, [...bareMain, 'storefront', '--port', String(bareStorefront), '--orders-url', bare.orders]);

    await Promise.all([
      waitReady(orders, '/readyz', () => httpOk(`${kit.orders}/readyz`)),
      waitReady(storefront, '/readyz', () => httpOk(`${kit.storefront}/readyz`)),
      waitReady(bOrders, '/healthz', () => httpOk(`${bare.orders}/healthz`)),
      waitReady(bStorefront, '/healthz', () => httpOk(`${bare.storefront}/healthz`)),
    ]);
    return { kit, bare, spans: sink.counts, logDir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
