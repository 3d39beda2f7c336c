import { exitOnStartupError } from '../kit/process.js';
import { createRedis } from '../kit/redis.js';
import { serveUntilStopped } from '../kit/serve.js';
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
  await serveUntilStopped(process, {
    base,
    settings: config.settings,
    express: partners.express,
    fields: { deploy: config.deploy },
    close: async () => {
      await partners.close();
      await redis.quit();
    },
  });
} catch (err) {
  exitOnStartupError(process, 'partners', err);
}
