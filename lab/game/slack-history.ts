import { readFileSync } from 'node:fs';
import { LogLevel, WebClient } from '@slack/web-api';

/** A Slack message as archived: the Web API's own fields, and a thread's replies under the parent. */
export interface ArchivedMessage {
  ts?: string;
  user?: string;
  username?: string;
  text?: string;
  thread_ts?: string;
  replies?: ArchivedMessage[];
  [field: string]: unknown;
}

export interface ChannelHistory {
  id: string;
  name: string;
  messages: ArchivedMessage[];
}

export interface SlackHistory {
  channels: ChannelHistory[];
  /** Channels that could not be read, with why (e.g. not_in_channel: the bot is no member). */
  skipped: Array<{ name: string; reason: string }>;
}

/** Pages of a long channel read; a lab's game is far below it, and an endless loop is not. */
const MAX_PAGES = 50;

/**
 * Every channel's history with the local workspace's bot token (`conversations.list`, then
 * `conversations.history` and, for threads, `conversations.replies`), oldest first. Channels
 * the bot is not in are listed as skipped rather than joined: archiving must not change
 * the workspace.
 */
export async function readSlackHistory(credentialsFile: string): Promise<SlackHistory> {
  const creds = JSON.parse(readFileSync(credentialsFile, 'utf8')) as { apiUrl?: string; botToken?: string };
  if (!creds.apiUrl || !creds.botToken) throw new Error(`${credentialsFile} has no apiUrl or botToken`);
  // No retries: a lab whose workspace is down should not hold a game start for minutes.
  const client = new WebClient(creds.botToken, { slackApiUrl: creds.apiUrl, retryConfig: { retries: 0 }, timeout: 10_000, logLevel: LogLevel.ERROR });
  const out: SlackHistory = { channels: [], skipped: [] };
  const channels: Array<{ id: string; name: string }> = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const res = await client.conversations.list({ types: 'public_channel,private_channel', limit: 200, ...(cursor ? { cursor } : {}) });
    for (const c of res.channels ?? []) if (c.id && c.name) channels.push({ id: c.id, name: c.name });
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  for (const channel of channels) {
    try {
      const messages = await history(client, channel.id);
      for (const m of messages) {
        if (m.ts && typeof m.reply_count === 'number' && m.reply_count > 0) m.replies = await replies(client, channel.id, m.ts);
      }
      out.channels.push({ ...channel, messages });
    } catch (err) {
      const code = (err as { data?: { error?: unknown } }).data?.error;
      out.skipped.push({ name: channel.name, reason: typeof code === 'string' ? code : (err as Error).message });
    }
  }
  return out;
}

async function history(client: WebClient, channel: string): Promise<ArchivedMessage[]> {
  const all: ArchivedMessage[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const res = await client.conversations.history({ channel, limit: 200, ...(cursor ? { cursor } : {}) });
    all.push(...((res.messages ?? []) as ArchivedMessage[]));
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor || res.has_more !== true) break;
  }
  // history answers newest first; an archive reads like the channel, oldest first.
  return all.reverse();
}

async function replies(client: WebClient, channel: string, ts: string): Promise<ArchivedMessage[]> {
  const all: ArchivedMessage[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const res = await client.conversations.replies({ channel, ts, limit: 200, ...(cursor ? { cursor } : {}) });
    // The parent comes back first in every page; it is already archived as the channel message.
    all.push(...((res.messages ?? []) as ArchivedMessage[]).filter((m) => m.ts !== ts));
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor || res.has_more !== true) break;
  }
  return all;
}
