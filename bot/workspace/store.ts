import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { WorkspaceSettings } from './config.js';
import { mintTokenString, nextTs, secret, slackId } from './ids.js';
import type { Channel, Message, TokenRecord, User, View, WorkspaceState } from './model.js';

/** What the store tells the page and the event dispatcher about. */
export interface StoreEvents {
  message: [{ channel: string; message: Message; kind: 'new' | 'changed'; by: TokenRecord | undefined }];
  reaction: [{ channel: string; ts: string; user: string; name: string; itemUser: string | undefined }];
  channel: [{ channel: Channel }];
  view: [{ view: View; kind: 'open' | 'update' | 'push' | 'close' }];
}

function avatar(name: string): string {
  // A data: URL avatar, so the page needs nothing from the internet.
  const letter = (name[0] ?? '?').toUpperCase();
  const hue = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="72" height="72"><rect width="72" height="72" rx="12" fill="hsl(${hue},55%,45%)"/><text x="36" y="47" font-size="32" font-family="sans-serif" fill="#fff" text-anchor="middle">${letter}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

export function makeUser(teamId: string, name: string, realName: string, opts: { bot?: boolean; botId?: string; id?: string } = {}): User {
  const image = avatar(realName);
  return {
    id: opts.id ?? slackId('U'), team_id: teamId, name, real_name: realName, is_bot: opts.bot ?? false, is_app_user: false, deleted: false, tz: 'UTC',
    profile: { real_name: realName, display_name: name, image_48: image, image_72: image, ...(opts.botId ? { bot_id: opts.botId } : { email: `${name}@shop.example` }) },
  };
}

/** A new workspace: the team, the app and its bot user, the people, the channels, and tokens with scopes. */
export function createWorkspace(settings: WorkspaceSettings, now: Date): WorkspaceState {
  const teamId = slackId('T', 8);
  const botId = slackId('B');
  const bot = makeUser(teamId, settings.app.botName, settings.app.name, { bot: true, botId });
  const people = settings.people.map((p) => makeUser(teamId, p.name, p.realName));
  const person = people.find((p) => p.name === settings.personName) ?? people[0];
  const agent = people.find((p) => p.name === settings.agentName);
  const created = Math.floor(now.getTime() / 1000);
  const channels: Channel[] = settings.channels.map((c) => ({
    id: slackId('C'), name: c.name, is_channel: true, is_im: false, is_private: false, is_archived: false, created, creator: person?.id ?? bot.id,
    members: [...people.map((p) => p.id), ...(c.botMember ? [bot.id] : [])],
    topic: { value: c.topic ?? '', creator: person?.id ?? '', last_set: created },
    purpose: { value: c.purpose ?? '', creator: person?.id ?? '', last_set: created },
  }));
  const tokens: TokenRecord[] = [
    { token: mintTokenString('bot'), kind: 'bot', user_id: bot.id, scopes: [...settings.app.botScopes], label: 'bot' },
    { token: mintTokenString('app'), kind: 'app', user_id: undefined, scopes: ['connections:write'], label: 'app' },
    ...(person ? [{ token: mintTokenString('user'), kind: 'user' as const, user_id: person.id, scopes: [...settings.userScopes], label: 'person' }] : []),
    ...(agent ? [{ token: mintTokenString('user'), kind: 'user' as const, user_id: agent.id, scopes: [...settings.userScopes], label: 'agent' }] : []),
  ];
  return {
    version: 1,
    team: { id: teamId, name: settings.teamName, domain: settings.teamDomain },
    app: { id: slackId('A'), name: settings.app.name, bot_id: botId, bot_user_id: bot.id, signing_secret: secret(16) },
    users: [bot, ...people], channels, messages: Object.fromEntries(channels.map((c) => [c.id, []])), tokens,
    views: {}, files: {}, uploads: {}, lastTs: '0.000000', adminSecret: secret(16),
  };
}

/**
 * The workspace's state in memory, written to `<stateDir>/state.json` (atomically, soon
 * after each change, and at close) so a restart keeps every channel and message.
 */
export function createStore(opts: { stateDir: string; settings: WorkspaceSettings; log: Logger; now?: () => Date }) {
  const now = opts.now ?? (() => new Date());
  mkdirSync(opts.stateDir, { recursive: true });
  const file = join(opts.stateDir, 'state.json');
  const state: WorkspaceState = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as WorkspaceState)
    : createWorkspace(opts.settings, now());
  const events = new EventEmitter<StoreEvents>();
  events.setMaxListeners(100);
  // Trigger ids let an app open a modal for the user whose action caused the event; they
  // expire after 3 seconds, as in Slack. Kept in memory only: an expired one is useless anyway.
  const triggers = new Map<string, { userId: string; expires: number }>();
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, file);
  };
  const changed = () => {
    timer ??= setTimeout(() => {
      try {
        flush();
      } catch (err) {
        opts.log.error({ err }, 'could not write the workspace state');
      }
    }, 200);
  };
  if (!existsSync(file)) flush();

  const store = {
    state,
    events,
    file,
    now,
    changed,
    flush,
    close: () => flush(),
    nextTs: () => (state.lastTs = nextTs(state.lastTs, now())),
    user: (id: string) => state.users.find((u) => u.id === id),
    userByName: (name: string) => state.users.find((u) => u.name === name),
    channel: (idOrName: string) => state.channels.find((c) => c.id === idOrName || c.name === idOrName.replace(/^#/, '')),
    token: (token: string) => state.tokens.find((t) => t.token === token),
    tokenFor: (label: string) => state.tokens.find((t) => t.label === label),
    messages: (channelId: string) => (state.messages[channelId] ??= []),
    message: (channelId: string, ts: string) => state.messages[channelId]?.find((m) => m.ts === ts),
    addChannel(channel: Channel) {
      state.channels.push(channel);
      state.messages[channel.id] = [];
      changed();
      events.emit('channel', { channel });
    },
    /** Stores a message (a reply updates its parent's thread fields) and tells the listeners. */
    addMessage(message: Message, by: TokenRecord | undefined) {
      const list = store.messages(message.channel);
      list.push(message);
      if (list.length > 1 && (list.at(-2)?.ts ?? '') > message.ts) list.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
      if (message.thread_ts && message.thread_ts !== message.ts) {
        const parent = store.message(message.channel, message.thread_ts);
        if (parent) {
          parent.thread_ts = parent.ts;
          parent.reply_count = (parent.reply_count ?? 0) + 1;
          const who = message.user ?? message.bot_id ?? '';
          parent.reply_users = [...new Set([...(parent.reply_users ?? []), who])];
          if (!parent.latest_reply || parent.latest_reply < message.ts) parent.latest_reply = message.ts;
          events.emit('message', { channel: message.channel, message: parent, kind: 'changed', by });
        }
      }
      changed();
      events.emit('message', { channel: message.channel, message, kind: 'new', by });
    },
    updated(message: Message, by: TokenRecord | undefined) {
      changed();
      events.emit('message', { channel: message.channel, message, kind: 'changed', by });
    },
    mintTrigger(userId: string): string {
      const id = `${Date.now()}.${Math.floor(Math.random() * 1e12)}.${secret(8)}`;
      triggers.set(id, { userId, expires: Date.now() + 3000 });
      for (const [k, v] of triggers) if (v.expires < Date.now() - 60_000) triggers.delete(k);
      return id;
    },
    /** The user a trigger id was minted for; `invalid_trigger_id` / `expired_trigger_id` codes otherwise. */
    useTrigger(id: string): { userId: string } | { error: 'invalid_trigger_id' | 'expired_trigger_id' } {
      const t = triggers.get(id);
      if (!t) return { error: 'invalid_trigger_id' };
      if (t.expires < Date.now()) return { error: 'expired_trigger_id' };
      return { userId: t.userId };
    },
    mintToken(kind: TokenRecord['kind'], userId: string | undefined, scopes: string[], label: string): TokenRecord {
      const record: TokenRecord = { token: mintTokenString(kind), kind, user_id: userId, scopes, label };
      state.tokens.push(record);
      changed();
      return record;
    },
  };
  return store;
}

export type WorkspaceStore = ReturnType<typeof createStore>;
