import { repoRoot } from '../../lab/paths.js';
import { exitOnStartupError } from '../../services/kit/process.js';
import { serveUntilStopped } from '../../services/kit/serve.js';
import { createServiceBase } from '../../services/kit/service-base.js';
import { createBot } from './app.js';
import { loadBotConfig, type BotConfig } from './config.js';
import { resolveSlackAccess } from './slack/credentials.js';

let config: BotConfig;
try {
  config = loadBotConfig(process.env);
} catch (err) {
  exitOnStartupError(process, 'bot', err);
}

const base = createServiceBase('bot', config.settings);
try {
  const access = await resolveSlackAccess(config.slack);
  const bot = await createBot({ base, config, access, root: repoRoot() });
  await serveUntilStopped(process, {
    base,
    settings: config.settings,
    express: bot.express,
    fields: { slack: access.kind === 'local' ? `local workspace at ${access.apiUrl ?? '?'}` : 'Slack (SLACK_BOT_TOKEN)', mode: config.mode, desk: config.deskUrl },
    beforeClose: () => bot.close(),
    close: async () => undefined,
  });
  await bot.start();
} catch (err) {
  exitOnStartupError(process, 'bot', err);
}
