import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export type { Redis } from 'ioredis';

export interface RedisOptions {
  url: string;
  log: Logger;
  /** Shown in Redis' CLIENT LIST, so `redis-cli client list` names who is connected. */
  connectionName: string;
}

/**
 * ioredis with bounded retries: a command fails after a couple of reconnect attempts
 * instead of queueing forever, so a dead Redis surfaces as request errors.
 */
export function createRedis(opts: RedisOptions): Redis {
  const redis = new Redis(opts.url, {
    connectionName: opts.connectionName,
    maxRetriesPerRequest: 2,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let lastError = '';
  redis.on('error', (err: Error) => {
    // ioredis emits the same connection error on every retry; log each distinct one once.
    if (err.message !== lastError) opts.log.error({ err }, 'redis error');
    lastError = err.message;
  });
  redis.on('ready', () => {
    lastError = '';
    opts.log.info({ redis: redactUrl(opts.url) }, 'redis ready');
  });
  return redis;
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
