import { createFlags } from '../kit/flags.js';
import { exitOnStartupError, stopOnSignals } from '../kit/process.js';
import { startServer } from '../kit/server.js';
import { createServiceBase } from '../kit/service-base.js';
import { createStorefrontApp } from './app.js';
import { loadStorefrontConfig, type StorefrontConfig } from './config.js';

let config: StorefrontConfig;
try {
  config = loadStorefrontConfig(process.env);
} catch (err) {
  exitOnStartupError(process, 'storefront', err);
}

const base = createServiceBase('storefront', config.settings);
try {
  const flags = await createFlags({ file: config.settings.flagsFile, domain: 'storefront', log: base.log });
  const storefront = createStorefrontApp({ base, flags, config });
  const server = await startServer(storefront.express, {
    port: config.settings.port,
    host: config.settings.host,
    log: base.log,
    lifecycle: base.lifecycle,
    shutdownTimeoutMs: config.settings.shutdownTimeoutMs,
  });
  base.log.info(
    { port: server.port, url: server.url, ordersUrl: config.ordersUrl, flagsFile: config.settings.flagsFile ?? 'none', deploy: config.deploy },
    'listening',
  );
  stopOnSignals(process, {
    log: base.log,
    errors: base.errors,
    stop: async () => {
      await server.close();
      await storefront.close();
      await flags.close();
      await base.tracing.shutdown();
    },
  });
} catch (err) {
  exitOnStartupError(process, 'storefront', err);
}
