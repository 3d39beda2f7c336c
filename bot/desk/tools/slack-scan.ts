import { listChannels, slackCall, type AgentSession, type ChannelInfo } from './slack-client.js';
import { fullText, type RawMessage } from './slack-messages.js';

const HISTORY_PER_CHANNEL = 500;
const THREADS_PER_CHANNEL = 30;

export interface ScanQuery {
  /** Lowercase words (or quoted phrases) that must all appear. */
  terms: string[];
  /** Channel names from `in:#name`; empty means every readable channel. */
  in: string[];
}

/**
 * The part of Slack's search syntax the scan honours: words and "quoted phrases" must all
 * appear, `in:#channel` narrows the channels; other modifiers (from:, after:) are dropped.
 */
export function parseScanQuery(query: string): ScanQuery {
  const terms: string[] = [];
  const channels: string[] = [];
  for (const m of query.matchAll(/"([^"]+)"|(\S+)/g)) {
    const phrase = m[1];
    const word = m[2] ?? '';
    if (phrase !== undefined) {
      terms.push(phrase.toLowerCase());
      continue;
    }
    const inChannel = /^in:#?(.+)$/i.exec(word)?.[1];
    if (inChannel) channels.push(inChannel.toLowerCase());
    else if (!/^[a-z_]+:/i.test(word)) terms.push(word.toLowerCase());
  }
  return { terms, in: channels };
}

export function scanMatches(q: ScanQuery, text: string): boolean {
  const lower = text.toLowerCase();
  return q.terms.length > 0 && q.terms.every((t) => lower.includes(t));
}

export interface ScanHit {
  channel: ChannelInfo;
  message: RawMessage;
}

/**
 * search.messages without search:read: reads the history (and threads) of every channel
 * the agent is in and keeps the messages holding every word, newest first. Channels it
 * is not in are reported, not joined: a search should not change who is in a channel.
 */
export async function scanChannels(session: AgentSession, query: string): Promise<{ hits: ScanHit[]; skipped: string[] }> {
  const q = parseScanQuery(query);
  const channels = (await listChannels(session)).filter((c) => q.in.length === 0 || q.in.includes(c.name));
  const hits: ScanHit[] = [];
  for (const channel of channels.filter((c) => c.isMember)) {
    const res = await slackCall(session, 'conversations.history', () => session.client.conversations.history({ channel: channel.id, limit: HISTORY_PER_CHANNEL }));
    const top = (res.messages ?? []) as RawMessage[];
    const threaded = top.filter((m) => (m.reply_count ?? 0) > 0 && m.ts).slice(0, THREADS_PER_CHANNEL);
    const replies: RawMessage[] = [];
    for (const parent of threaded) {
      const thread = await slackCall(session, 'conversations.replies', () => session.client.conversations.replies({ channel: channel.id, ts: parent.ts ?? '', limit: 200 }));
      replies.push(...((thread.messages ?? []) as RawMessage[]).filter((m) => m.ts !== parent.ts));
    }
    for (const message of [...top, ...replies]) if (scanMatches(q, fullText(message))) hits.push({ channel, message });
  }
  hits.sort((a, b) => Number(b.message.ts ?? 0) - Number(a.message.ts ?? 0));
  return { hits, skipped: channels.filter((c) => !c.isMember).map((c) => `#${c.name}`) };
}
