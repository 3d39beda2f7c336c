import { exitOnStartupError } from '../../services/kit/process.js';
import { serveUntilStopped } from '../../services/kit/serve.js';
import { createServiceBase } from '../../services/kit/service-base.js';
import { createWorkspaceApp } from './app.js';
import { loadWorkspaceConfig, type WorkspaceConfig } from './config.js';
import { credentials, writeCredentials } from './credentials.js';
import { createStore } from './store.js';

let config: WorkspaceConfig;
try {
  config = loadWorkspaceConfig(process.env);
} catch (err) {
  exitOnStartupError(process, 'workspace', err);
}

const base = createServiceBase('workspace', config.settings);
try {
  const store = createStore({ stateDir: config.stateDir, settings: config.deploy, log: base.log });
  const workspace = createWorkspaceApp({ base, store, settings: config.deploy });
  const server = await serveUntilStopped(process, {
    base,
    settings: config.settings,
    express: workspace.express,
    fields: { stateDir: config.stateDir, team: store.state.team.name },
    beforeClose: () => workspace.drain(),
    close: () => workspace.close(),
  });
  workspace.attach(server.server);
  const file = writeCredentials(config.stateDir, credentials(store, server.url));
  base.log.info({ page: `${server.url}/`, credentials: file }, 'workspace ready');
} catch (err) {
  exitOnStartupError(process, 'workspace', err);
}
