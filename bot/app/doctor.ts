import { WebClient } from '@slack/web-api';

/** One thing `slack doctor` checked: what, whether it is fine, and the fix when not. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

export interface DoctorInput {
  /** The Web API base (`http://127.0.0.1:8088/api/` for the local workspace); undefined for Slack itself. */
  apiUrl: string | undefined;
  botToken: string | undefined;
  appToken: string | undefined;
  signingSecret: string | undefined;
  mode: 'socket' | 'http';
  /** Scopes the bot needs (bot/manifest.yaml). */
  requiredScopes: readonly string[];
  /** The channel the game is played in. */
  channel: string;
}

function errorCode(err: unknown): string {
  const e = err as { data?: { error?: string; needed?: string }; code?: string; message?: string };
  if (e.data?.error) return e.data.error + (e.data.needed ? ` (needed: ${e.data.needed})` : '');
  return e.code ?? e.message ?? String(err);
}

/**
 * Checks a workspace — real or local — the way the bot will use it: the bot token works,
 * it has every scope, it is in the game channel, and the app-level token (Socket Mode) or
 * signing secret (HTTP mode) is there. Each failure names the fix.
 */
export async function runDoctor(input: DoctorInput): Promise<Check[]> {
  const checks: Check[] = [];
  const where = input.apiUrl ? `the workspace at ${input.apiUrl}` : 'Slack';
  const options = { retryConfig: { retries: 0 }, ...(input.apiUrl ? { slackApiUrl: input.apiUrl } : {}) };
  if (!input.botToken) {
    checks.push({ name: 'bot token', ok: false, detail: 'SLACK_BOT_TOKEN is not set', fix: 'set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-...) from OAuth & Permissions' });
    return checks;
  }
  if (!input.botToken.startsWith('xoxb-')) {
    checks.push({ name: 'bot token', ok: false, detail: 'SLACK_BOT_TOKEN does not start with xoxb-', fix: 'use the Bot User OAuth Token, not a user (xoxp-) or app-level (xapp-) token' });
    return checks;
  }
  const bot = new WebClient(input.botToken, options);
  let granted: string[] = [];
  let botUser = '';
  try {
    const auth = await bot.auth.test();
    botUser = auth.user_id ?? '';
    granted = auth.response_metadata?.scopes ?? [];
    checks.push({ name: 'auth.test', ok: true, detail: `bot @${auth.user ?? '?'} in ${auth.team ?? '?'} (${where})` });
  } catch (err) {
    checks.push({ name: 'auth.test', ok: false, detail: `${where} answered ${errorCode(err)}`, fix: 'check SLACK_BOT_TOKEN (reinstall the app to get a fresh one) and SLACK_API_URL' });
    return checks;
  }

  const missing = input.requiredScopes.filter((s) => !granted.includes(s));
  checks.push(missing.length === 0
    ? { name: 'scopes', ok: true, detail: `all ${input.requiredScopes.length} bot scopes granted` }
    : { name: 'scopes', ok: false, detail: `missing_scope: ${missing.join(', ')}`, fix: 'add them under OAuth & Permissions → Bot Token Scopes (or create the app from bot/manifest.yaml) and reinstall the app' });

  try {
    const list = await bot.conversations.list({ types: 'public_channel,private_channel', limit: 1000 });
    const channel = list.channels?.find((c) => c.name === input.channel);
    if (!channel) checks.push({ name: `#${input.channel}`, ok: false, detail: `no #${input.channel} channel`, fix: `create #${input.channel} and invite the bot to it` });
    else if (!channel.is_member) checks.push({ name: `#${input.channel}`, ok: false, detail: `the bot is not in #${input.channel}`, fix: `type /invite @${botUser ? `<bot ${botUser}>` : 'firedrill'} in #${input.channel}` });
    else checks.push({ name: `#${input.channel}`, ok: true, detail: `the bot is a member of #${input.channel}` });
  } catch (err) {
    checks.push({ name: `#${input.channel}`, ok: false, detail: `conversations.list answered ${errorCode(err)}`, fix: 'grant channels:read and groups:read to the bot and reinstall' });
  }

  if (input.mode === 'socket') {
    if (!input.appToken?.startsWith('xapp-')) {
      checks.push({ name: 'socket mode', ok: false, detail: input.appToken ? 'SLACK_APP_TOKEN does not start with xapp-' : 'SLACK_APP_TOKEN is not set', fix: 'create an App-Level Token with connections:write under Basic Information and set SLACK_APP_TOKEN (or use HTTP mode with SLACK_SIGNING_SECRET)' });
    } else {
      try {
        await new WebClient(input.appToken, options).apps.connections.open();
        checks.push({ name: 'socket mode', ok: true, detail: 'apps.connections.open gave a WebSocket URL' });
      } catch (err) {
        checks.push({ name: 'socket mode', ok: false, detail: `apps.connections.open answered ${errorCode(err)}`, fix: 'enable Socket Mode for the app and use an app-level token with connections:write' });
      }
    }
  } else {
    checks.push(input.signingSecret
      ? { name: 'http mode', ok: true, detail: 'SLACK_SIGNING_SECRET is set' }
      : { name: 'http mode', ok: false, detail: 'SLACK_SIGNING_SECRET is not set', fix: 'copy the Signing Secret from Basic Information → App Credentials' });
  }
  return checks;
}
