import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { createWorkspaceApp, type WorkspaceApp } from '../../bot/workspace/app.js';
import { workspaceDeploySchema, type WorkspaceSettings } from '../../bot/workspace/config.js';
import { credentials, type WorkspaceCredentials } from '../../bot/workspace/credentials.js';
import { createStore, type WorkspaceStore } from '../../bot/workspace/store.js';
import { listen, testBase, type Started } from './apps.js';

export interface StartedWorkspace extends Started<WorkspaceApp> {
  store: WorkspaceStore;
  stateDir: string;
  creds: WorkspaceCredentials;
  /** A WebClient as the bot, a person or the agent would build it: only the API URL differs from Slack. */
  client(token: string, options?: WebClientOptions): WebClient;
}

/** The local workspace through createWorkspaceApp, on port 0, with its state in a temp dir (or `stateDir`). */
export async function startWorkspace(settings: Partial<WorkspaceSettings> = {}, stateDir = mkdtempSync(join(tmpdir(), 'fd-ws-'))): Promise<StartedWorkspace> {
  const { base, logs } = testBase('workspace');
  const parsed = workspaceDeploySchema.parse(settings);
  const store = createStore({ stateDir, settings: parsed, log: base.log });
  const app = createWorkspaceApp({ base, store, settings: parsed });
  const server = await listen(app.express, base);
  app.attach(server.server);
  const creds = credentials(store, server.url);
  return {
    app, base, server, url: server.url, logs, store, stateDir, creds,
    // No retries: a test wants Slack's first answer, and a dead workspace must fail fast.
    client: (token, options = {}) => new WebClient(token, { slackApiUrl: creds.apiUrl, retryConfig: { retries: 0 }, ...options }),
    stop: async () => {
      await server.close();
      await app.close();
    },
  };
}
