import { createFlags } from '../kit/flags.js';
import { exitOnStartupError } from '../kit/process.js';
import { serveUntilStopped } from '../kit/serve.js';
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
  const flags = await createFlags({ file: config.settings.flagsFile, flagd: config.settings.flagdSync, domain: 'storefront', log: base.log });
  const storefront = createStorefrontApp({ base, flags, config });
  await serveUntilStopped(process, {
    base,
    settings: config.settings,
    express: storefront.express,
    fields: { ordersUrl: config.ordersUrl, flagsFile: config.settings.flagsFile ?? 'none', deploy: config.deploy },
    close: async () => {
      await storefront.close();
      await flags.close();
    },
  });
} catch (err) {
  exitOnStartupError(process, 'storefront', err);
}
