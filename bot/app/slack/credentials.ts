import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkspaceCredentials } from '../../workspace/credentials.js';
import type { SlackTarget } from '../config.js';

/** Everything the bot needs to reach a Slack: tokens, and for the local workspace its admin door. */
export interface SlackAccess {
  kind: 'real' | 'local';
  botToken: string;
  appToken: string | undefined;
  signingSecret: string | undefined;
  /** The Web API base; undefined means Slack itself. */
  apiUrl: string | undefined;
  /** Local workspace only: where history is imported with its past times. */
  admin: { url: string; secret: string } | undefined;
}

/**
 * A real workspace's tokens come from env; the local workspace writes its credentials file
 * when it starts, so the bot waits for it a while (the lab starts the workspace first).
 */
export async function resolveSlackAccess(target: SlackTarget, waitMs = 30_000): Promise<SlackAccess> {
  if (target.kind === 'real') {
    return { kind: 'real', botToken: target.botToken, appToken: target.appToken, signingSecret: target.signingSecret, apiUrl: target.apiUrl, admin: undefined };
  }
  const deadline = Date.now() + waitMs;
  while (!existsSync(target.credentialsFile)) {
    if (Date.now() > deadline) {
      throw new Error(`no Slack to join: SLACK_BOT_TOKEN is not set and the local workspace's ${target.credentialsFile} did not appear; start the lab (make lab) or set SLACK_BOT_TOKEN and SLACK_APP_TOKEN for a real workspace`);
    }
    await sleep(200);
  }
  const creds = JSON.parse(readFileSync(target.credentialsFile, 'utf8')) as WorkspaceCredentials;
  return {
    kind: 'local', botToken: creds.botToken, appToken: creds.appToken, signingSecret: creds.signingSecret, apiUrl: creds.apiUrl,
    admin: { url: creds.apiUrl.replace(/\/api\/?$/, ''), secret: creds.adminSecret },
  };
}
