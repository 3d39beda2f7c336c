import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import type { JournalEntry, MessageEntry } from '../../bot/desk/journal/journal.js';
import type { WorkspaceCredentials } from '../../bot/workspace/credentials.js';
import type { TestLab } from './lab.js';
import { until } from './poll.js';

export interface ThreadReply {
  ts: string;
  text: string;
  username?: string;
  bot_id?: string;
}

export const workspaceCreds = (lab: TestLab) => JSON.parse(readFileSync(join(lab.stateDir, 'workspace', 'credentials.json'), 'utf8')) as WorkspaceCredentials;

/** A Slack client of the lab's workspace as the person at the page (or the agent), built as for Slack. */
export function slackAs(lab: TestLab, who: 'person' | 'agent' = 'person'): WebClient {
  const creds = workspaceCreds(lab);
  return new WebClient(who === 'person' ? creds.personToken : creds.agentToken, { slackApiUrl: creds.apiUrl, retryConfig: { retries: 0 } });
}

export async function channelId(client: WebClient, name: string): Promise<string> {
  const id = (await client.conversations.list({ limit: 1000 })).channels?.find((c) => c.name === name)?.id;
  if (!id) throw new Error(`the workspace has no #${name}`);
  return id;
}

/** The replies in a thread once there are at least `count` from coworkers (bot posts). */
export async function coworkerReplies(client: WebClient, channel: string, ts: string, count = 1, timeoutMs = 30_000): Promise<ThreadReply[]> {
  return until(`${count} coworker replies in thread ${ts}`, async () => {
    const replies = ((await client.conversations.replies({ channel, ts })).messages?.slice(1) ?? []) as ThreadReply[];
    const fromCoworkers = replies.filter((r) => r.bot_id !== undefined);
    return fromCoworkers.length >= count ? fromCoworkers : undefined;
  }, { timeoutMs, everyMs: 200 });
}

/** Posts in a channel as the person at the page and waits for the coworkers' replies in the thread. */
export async function ask(lab: TestLab, channel: string, text: string, count = 1): Promise<{ ts: string; replies: ThreadReply[]; first: ThreadReply }> {
  const client = slackAs(lab);
  const id = await channelId(client, channel);
  const posted = await client.chat.postMessage({ channel: id, text });
  const replies = await coworkerReplies(client, id, posted.ts ?? '', count);
  return { ts: posted.ts ?? '', replies, first: replies[0] as ThreadReply };
}

export async function deskJournal(lab: TestLab): Promise<JournalEntry[]> {
  return ((await (await fetch(`http://127.0.0.1:${lab.ports.desk}/journal`)).json()) as { entries: JournalEntry[] }).entries;
}

/** The coworker's journaled reply to a message of the thread `threadTs` (the bot writes it with its verdict). */
export async function journaledReply(lab: TestLab, persona: string, threadTs: string): Promise<MessageEntry> {
  return until(`${persona}'s journaled reply`, async () => (await deskJournal(lab))
    .find((e): e is JournalEntry & MessageEntry => e.type === 'message' && e.persona === persona && e.threadTs === threadTs), { timeoutMs: 10_000, everyMs: 200 });
}

/** The numbers after each partner's name in a coworker's sentence ("acme 12, bolt 9, cargo 4"). */
export function partnerFigures(text: string): Record<string, number> {
  return Object.fromEntries([...text.matchAll(/\b(acme|bolt|cargo) (\d+)\b/g)].map((m) => [m[1] ?? '', Number(m[2])]));
}
