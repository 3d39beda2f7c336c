import type { AgentSession } from './slack-client.js';
import { slackCall } from './slack-client.js';

const TEXT_CAP = 3000;

/** A message as the tools return it: who (id and name), when (ts and ISO time), what. */
export interface MessageView {
  ts: string;
  time: string;
  user: string;
  userName: string;
  text: string;
  thread_ts?: string;
  reply_count?: number;
}

/** The subset of a Web API message the views use. */
export interface RawMessage {
  ts?: string;
  user?: string;
  bot_id?: string;
  username?: string;
  text?: string;
  thread_ts?: string;
  reply_count?: number;
  attachments?: Array<{ fallback?: string; text?: string; pretext?: string; title?: string }>;
}

/** Slack's ts is epoch seconds with a per-message suffix: the time is its integer-and-millis part. */
export function tsToIso(ts: string): string {
  const seconds = Number(ts);
  return Number.isFinite(seconds) ? new Date(Math.floor(seconds * 1000)).toISOString() : ts;
}

/** Text plus legacy attachment text: alert posts often carry everything in attachments. */
export function fullText(m: RawMessage): string {
  const parts = [m.text ?? ''];
  for (const a of m.attachments ?? []) {
    const t = [a.pretext, a.title, a.text ?? a.fallback].filter((x): x is string => typeof x === 'string' && x !== '').join(' — ');
    if (t) parts.push(t);
  }
  return parts.filter((p) => p !== '').join('\n');
}

/** fullText, capped so one pasted log cannot crowd out the rest of a result. */
export function messageText(m: RawMessage): string {
  const text = fullText(m);
  return text.length > TEXT_CAP ? `${text.slice(0, TEXT_CAP)}… (${text.length - TEXT_CAP} more chars)` : text;
}

/**
 * User id → name, shared across calls: ids are never reused, so a cached name is never
 * wrong, and a miss refreshes the whole list once (new people arrive with history imports).
 */
export function createUserNames() {
  const names = new Map<string, string>();

  async function refresh(session: AgentSession): Promise<void> {
    let cursor: string | undefined;
    for (let page = 0; page < 20; page += 1) {
      const res = await slackCall(session, 'users.list', () => session.client.users.list({ limit: 500, ...(cursor ? { cursor } : {}) }));
      for (const u of res.members ?? []) if (u.id && u.name) names.set(u.id, u.name);
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
  }

  return {
    /** Names for these ids; ids the workspace no longer knows keep their id as name. */
    async resolve(session: AgentSession, ids: Iterable<string>): Promise<Map<string, string>> {
      const wanted = [...new Set(ids)].filter((id) => id !== '');
      if (wanted.some((id) => !names.has(id))) await refresh(session);
      for (const id of wanted.filter((i) => !names.has(i))) {
        try {
          const res = await session.client.users.info({ user: id });
          if (res.user?.name) names.set(id, res.user.name);
        } catch {
          // A deleted or foreign user: the id stands in for the name, and is not looked up again.
          names.set(id, id);
        }
      }
      return new Map(wanted.map((id) => [id, names.get(id) ?? id]));
    },
  };
}

export type UserNames = ReturnType<typeof createUserNames>;

/** Shapes messages with their authors' names resolved in one pass. */
export async function viewMessages(session: AgentSession, users: UserNames, messages: readonly RawMessage[]): Promise<MessageView[]> {
  const byId = await users.resolve(session, messages.map((m) => m.user ?? ''));
  return messages.filter((m) => typeof m.ts === 'string').map((m) => {
    const ts = m.ts ?? '';
    return {
      ts, time: tsToIso(ts), user: m.user ?? m.bot_id ?? '',
      // A persona override (chat:write.customize) is the name people saw on the message.
      userName: m.username ?? (m.user ? byId.get(m.user) ?? m.user : m.bot_id ?? 'unknown'),
      text: messageText(m),
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
      ...(m.reply_count ? { reply_count: m.reply_count } : {}),
    };
  });
}
