import type { Redis } from 'ioredis';
import { createRedis } from '../../services/kit/redis.js';
import { createSeatingApp, type SeatingApp } from '../../services/seating/app.js';
import { createServiceBase } from '../../services/kit/service-base.js';
import { seatingDeploySchema, type LogTimeSettings, type SeatingDeployConfig } from '../../services/seating/config.js';
import type { Started } from './apps.js';
import { serveForTest } from './apps.js';
import { memoryLog } from './logs.js';

export interface SeatingOverrides {
  deploy?: Partial<SeatingDeployConfig>;
  /** 0 by default: tests about the race set it. */
  storeLatencyMs?: number;
  errorReportUrl?: string;
  logTime?: Partial<LogTimeSettings>;
}

/** seating through createSeatingApp with a real Redis, on port 0, its events seeded. */
export async function startSeating(redisUrl: string, overrides: SeatingOverrides = {}): Promise<Started<SeatingApp> & { redis: Redis }> {
  const { stream, records: logs } = memoryLog();
  const base = createServiceBase(
    'seating',
    { logLevel: 'debug', release: 'test', otlpEndpoint: undefined, errorReportUrl: overrides.errorReportUrl },
    stream,
    { clockSkewMs: 0, utcOffsetMinutes: 0, ...overrides.logTime },
  );
  const redis = createRedis({ url: redisUrl, log: base.log, connectionName: 'seating-test' });
  const app = createSeatingApp({ base, redis, config: { deploy: seatingDeploySchema.parse(overrides.deploy ?? {}), storeLatencyMs: overrides.storeLatencyMs ?? 0 } });
  await app.ready();
  return { ...(await serveForTest(app, base, logs, () => redis.quit())), redis };
}
