import { exitOnStartupError } from '../kit/process.js';
import { createRedis } from '../kit/redis.js';
import { serveUntilStopped } from '../kit/serve.js';
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
  await serveUntilStopped(process, {
    base,
    settings: config.settings,
    express: seating.express,
    fields: { deploy: config.deploy },
    close: async () => {
      await seating.close();
      await redis.quit();
    },
  });
} catch (err) {
  exitOnStartupError(process, 'seating', err);
}
