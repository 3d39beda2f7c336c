import { exitOnStartupError, stopOnSignals } from '../kit/process.js';
import { createRedis } from '../kit/redis.js';
import { startServer } from '../kit/server.js';
import { createServiceBase } from '../kit/service-base.js';
import { createSeatingApp } from './app.js';
import { loadSeatingConfig, type SeatingConfig } from './config.js';

let config: SeatingConfig;
try {
  config = loadSeatingConfig(process.env);
} catch (err) {
  exitOnStartupError(process, 'seating', err);
}

const base = createServiceBase('seating', config.settings, undefined, config.logTime);
const redis = createRedis({ url: config.redisUrl, log: base.log, connectionName: 'seating' });
const seating = createSeatingApp({ base, redis, config });
try {
  const server = await startServer(seating.express, {
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
      await seating.close();
      await redis.quit();
      await base.tracing.shutdown();
    },
  });
} catch (err) {
  exitOnStartupError(process, 'seating', err);
}
