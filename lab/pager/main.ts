import { exitOnStartupError } from '../../services/kit/process.js';
import { createRedis } from '../../services/kit/redis.js';
import { serveUntilStopped } from '../../services/kit/serve.js';
import { createServiceBase } from '../../services/kit/service-base.js';
import { createPagerApp } from './app.js';
import { loadPagerConfig, type PagerConfig } from './config.js';

let config: PagerConfig;
try {
  config = loadPagerConfig(process.env);
} catch (err) {
  exitOnStartupError(process, 'pager', err);
}

const base = createServiceBase('pager', config.settings);
const redis = createRedis({ url: config.redisUrl, log: base.log, connectionName: 'pager' });
const pager = createPagerApp({ base, redis, config });
try {
  await serveUntilStopped(process, {
    base,
    settings: config.settings,
    express: pager.express,
    fields: { deploy: config.deploy },
    close: async () => {
      await pager.close();
      await redis.quit();
    },
  });
} catch (err) {
  exitOnStartupError(process, 'pager', err);
}
