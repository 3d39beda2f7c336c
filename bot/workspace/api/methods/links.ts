import type { Message } from '../../model.js';

/** A message's permalink as chat.getPermalink gives it; a reply carries its thread, as Slack's do. */
export function permalink(baseUrl: string, channelId: string, message: Pick<Message, 'ts' | 'thread_ts'>): string {
  const base = `${baseUrl}/archives/${channelId}/p${message.ts.replace('.', '')}`;
  return message.thread_ts && message.thread_ts !== message.ts ? `${base}?thread_ts=${message.thread_ts}&cid=${channelId}` : base;
}
