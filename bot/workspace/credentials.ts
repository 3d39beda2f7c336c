import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceStore } from './store.js';

/** What the bot, the desk, tests and `slack doctor` need to talk to this workspace. */
export interface WorkspaceCredentials {
  apiUrl: string;
  pageUrl: string;
  teamId: string;
  appId: string;
  botUserId: string;
  botToken: string;
  appToken: string;
  personToken: string | undefined;
  agentToken: string | undefined;
  signingSecret: string;
  adminSecret: string;
}

export function credentials(store: WorkspaceStore, baseUrl: string): WorkspaceCredentials {
  const token = (label: string) => store.tokenFor(label)?.token;
  return {
    apiUrl: `${baseUrl}/api/`, pageUrl: `${baseUrl}/`, teamId: store.state.team.id, appId: store.state.app.id, botUserId: store.state.app.bot_user_id,
    botToken: token('bot') ?? '', appToken: token('app') ?? '', personToken: token('person'), agentToken: token('agent'),
    signingSecret: store.state.app.signing_secret, adminSecret: store.state.adminSecret,
  };
}

/** `<stateDir>/credentials.json`, readable by this user only: tokens never go to logs. */
export function writeCredentials(stateDir: string, creds: WorkspaceCredentials): string {
  const file = join(stateDir, 'credentials.json');
  writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
