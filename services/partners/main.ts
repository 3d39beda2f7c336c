import { exitOnStartupError, stopOnSignals } from '../kit/process.js';
import { createRedis } from '../kit/redis.js';
import { startServer } from '../kit/server.js';
import { createServiceBase } from '../kit/service-base.js';
import { createPartnersApp } from './app.js';
import { loadPartnersConfig, type PartnersConfig } from './config.js';

let config: PartnersConfig;
try {
  config = loadPartnersConfig(process.env);
} catch (err) {
  exitOnStartupError(process, 'partners', err);
}

const base = createServiceBase('partners', config.settings);
const redis = createRedis({ url: config.redisUrl, log: base.log, connectionName: 'partners' });
const partners = createPartnersApp({ base, redis, config });
try {
  const server = await startServer(partners.express, {
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
      await partners.close();
      await redis.quit();
      await base.tracing.shutdown();
    },
  });
} catch (err) {
  exitOnStartupError(process, 'partners', err);
}
