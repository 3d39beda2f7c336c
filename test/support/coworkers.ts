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

/** A call to the workspace's page API as the person at the page (the page's own buttons and commands). */
export async function pageApi(lab: TestLab, path: string, json: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${lab.ports.workspace}/page-api/${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${workspaceCreds(lab).personToken ?? ''}` }, body: JSON.stringify(json),
  });
  return (await res.json()) as Record<string, unknown>;
}

/**
 * Does `action` with the page's event stream open, as the page does, and returns the first
 * view (modal) opened on the person's screen with this callback_id.
 */
export async function viewOpenedBy(lab: TestLab, callbackId: string, action: () => Promise<unknown>, timeoutMs = 20_000): Promise<{ id: string; callback_id: string }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const res = await fetch(`http://127.0.0.1:${lab.ports.workspace}/page/stream`, { headers: { authorization: `Bearer ${workspaceCreds(lab).personToken ?? ''}` }, signal: abort.signal });
    if (!res.ok || !res.body) throw new Error(`the page stream answered ${res.status}`);
    await action();
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('');
        if (!data) continue;
        const parsed = JSON.parse(data) as { type?: string; view?: { id: string; callback_id: string } };
        if (parsed.type === 'view' && parsed.view?.callback_id === callbackId) return parsed.view;
      }
    }
    throw new Error('the page stream ended before the view opened');
  } catch (err) {
    if (abort.signal.aborted) throw new Error(`no view "${callbackId}" opened on the person's page within ${timeoutMs} ms`);
    throw err;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
