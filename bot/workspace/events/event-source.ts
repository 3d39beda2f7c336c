import type { Logger } from 'pino';
import { slackId } from '../ids.js';
import type { Channel, Message } from '../model.js';
import type { StoreEvents, WorkspaceStore } from '../store.js';
import type { Dispatcher } from './dispatcher.js';
import { channelType, nowTs } from './payloads.js';
import { verificationToken } from './signing.js';

/** The bot scope each `message.*` subscription of bot/manifest.yaml needs. */
const historyScope = { channel: 'channels:history', group: 'groups:history', im: 'im:history' } as const;

/** A stored message as a `message` event: the record as Slack would send it, plus event fields. */
function messageEvent(store: WorkspaceStore, channel: Channel, m: Message): Record<string, unknown> {
  const { reactions: _r, reply_count: _c, reply_users: _u, latest_reply: _l, ...rest } = m;
  const parent = m.thread_ts && m.thread_ts !== m.ts ? store.message(channel.id, m.thread_ts) : undefined;
  return { ...rest, event_ts: m.ts, channel_type: channelType(channel), ...(parent?.user ? { parent_user_id: parent.user } : {}) };
}

/**
 * Turns what happens in the store into Events API envelopes for the app, for the events
 * bot/manifest.yaml subscribes to: `message.*` in conversations the bot user is in,
 * `app_mention`, `reaction_added`. Returns the unsubscribe function.
 */
export function startEventSource(deps: { store: WorkspaceStore; dispatcher: Dispatcher; log: Logger }): () => void {
  const { store } = deps;
  const botScopes = () => store.tokenFor('bot')?.scopes ?? [];
  const botIn = (channel: Channel) => channel.members.includes(store.state.app.bot_user_id);

  const send = (event: Record<string, unknown>) => {
    const { app, team } = store.state;
    const eventId = slackId('Ev', 10);
    const payload = {
      token: verificationToken(app.signing_secret), team_id: team.id, context_team_id: team.id, context_enterprise_id: null, api_app_id: app.id,
      event, type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: team.id, user_id: app.bot_user_id, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false, event_context: `4-${Buffer.from(JSON.stringify({ t: team.id, e: eventId })).toString('base64url')}`,
    };
    deps.dispatcher.deliver({ type: 'events_api', payload, acceptsResponsePayload: false }).catch((err: unknown) => {
      deps.log.error({ err, eventId }, 'event delivery failed');
    });
  };

  const onMessage = ({ channel: id, message, kind, by }: StoreEvents['message'][0]) => {
    // Edits and thread bookkeeping on the parent are not sent: the store does not tell them
    // apart, and message_changed for a reply count would only confuse an app. Messages that
    // came with no token are imported history: Slack never sends events for the past.
    if (kind !== 'new' || by === undefined) return;
    const channel = store.channel(id);
    if (!channel || !botIn(channel)) return;
    const scopes = botScopes();
    if (scopes.includes(historyScope[channelType(channel)])) send(messageEvent(store, channel, message));
    const { app } = store.state;
    const fromApp = message.bot_id === app.bot_id || message.user === app.bot_user_id;
    if (!fromApp && message.text.includes(`<@${app.bot_user_id}>`) && scopes.includes('app_mentions:read')) {
      const { channel_type: _ct, ...event } = messageEvent(store, channel, message);
      send({ ...event, type: 'app_mention' });
    }
  };

  const onReaction = ({ channel: id, ts, user, name, itemUser }: StoreEvents['reaction'][0]) => {
    const channel = store.channel(id);
    if (!channel || !botIn(channel) || !botScopes().includes('reactions:read')) return;
    // The store's event does not say added or removed; the message's reactions do, and
    // the manifest subscribes to reaction_added only.
    const added = store.message(id, ts)?.reactions?.some((r) => r.name === name && r.users.includes(user)) ?? false;
    if (!added) return;
    send({ type: 'reaction_added', user, reaction: name, ...(itemUser ? { item_user: itemUser } : {}), item: { type: 'message', channel: id, ts }, event_ts: nowTs() });
  };

  store.events.on('message', onMessage);
  store.events.on('reaction', onReaction);
  return () => {
    store.events.off('message', onMessage);
    store.events.off('reaction', onReaction);
  };
}
