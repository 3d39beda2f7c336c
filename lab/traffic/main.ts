import { exitOnStartupError } from '../../services/kit/process.js';
import { serveUntilStopped } from '../../services/kit/serve.js';
import { createServiceBase } from '../../services/kit/service-base.js';
import { createTrafficApp } from './app.js';
import { loadTrafficConfig, type TrafficConfig } from './config.js';

let config: TrafficConfig;
try {
  config = loadTrafficConfig(process.env);
} catch (err) {
  exitOnStartupError(process, 'traffic', err);
}

const base = createServiceBase('traffic', config.settings);
const traffic = createTrafficApp({ base, config });
try {
  await serveUntilStopped(process, {
    base,
    settings: config.settings,
    express: traffic.express,
    fields: { targets: config.targets, deploy: config.deploy },
    close: () => traffic.close(),
  });
} catch (err) {
  exitOnStartupError(process, 'traffic', err);
}
