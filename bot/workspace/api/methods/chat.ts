import { z } from 'zod';
import type { Message } from '../../model.js';
import { arg, parseArgs } from '../args.js';
import { SlackError } from '../errors.js';
import { method, type MethodContext } from '../method.js';
import { isMember, resolveChannel } from './access.js';

const blocksSchema = arg.json(z.array(z.looseObject({ type: z.string() })).max(50));
const postArgs = z.object({
  channel: z.string().optional(),
  text: z.string().optional(),
  blocks: blocksSchema.optional(),
  attachments: arg.json(z.array(z.record(z.string(), z.unknown()))).optional(),
  thread_ts: arg.ts().optional(),
  reply_broadcast: arg.bool().optional(),
  username: z.string().max(80).optional(),
  icon_emoji: z.string().regex(/^:[a-z0-9_+-]+:$/, 'expected an emoji code such as :fire:').optional(),
  icon_url: z.string().url().optional(),
  metadata: arg.json(z.object({ event_type: z.string().min(1), event_payload: z.record(z.string(), z.unknown()) })).optional(),
}).loose();

/** The author fields of a message posted with this token, persona overrides included when allowed. */
function author(ctx: MethodContext, a: z.output<typeof postArgs>): Partial<Message> {
  const app = ctx.store.state.app;
  if (ctx.token.kind !== 'bot') return { user: ctx.actor?.id ?? '' };
  const out: Partial<Message> = { user: app.bot_user_id, bot_id: app.bot_id, app_id: app.id };
  // Overrides need chat:write.customize, and are ignored without it, as in Slack.
  if (ctx.token.scopes.includes('chat:write.customize') && (a.username || a.icon_emoji || a.icon_url)) {
    out.subtype = 'bot_message';
    if (a.username) out.username = a.username;
    out.icons = { ...(a.icon_emoji ? { emoji: a.icon_emoji } : {}), ...(a.icon_url ? { image_48: a.icon_url, image_72: a.icon_url } : {}) };
  }
  return out;
}

export const chatPostMessage = method({
  name: 'chat.postMessage', tokens: ['bot', 'user'], scopes: ['chat:write', 'chat:write:bot', 'chat:write:user'],
  handle: (ctx) => {
    const a = parseArgs(postArgs, ctx.args);
    const channel = resolveChannel(ctx, a.channel);
    if (channel.is_archived) throw new SlackError('is_archived');
    const canPostPublic = ctx.token.kind === 'bot' && ctx.token.scopes.includes('chat:write.public') && !channel.is_private;
    if (!isMember(ctx, channel) && !canPostPublic) throw new SlackError('not_in_channel');
    if (!a.text && !a.blocks?.length && !a.attachments?.length) throw new SlackError('no_text');
    if ((a.text ?? '').length > 40_000) throw new SlackError('msg_too_long');
    if (a.thread_ts && !ctx.store.message(channel.id, a.thread_ts)) throw new SlackError('thread_not_found');
    const message: Message = {
      type: 'message', ts: ctx.store.nextTs(), channel: channel.id, text: a.text ?? '', team: ctx.store.state.team.id,
      ...author(ctx, a),
      ...(a.blocks ? { blocks: a.blocks } : {}),
      ...(a.attachments ? { attachments: a.attachments } : {}),
      ...(a.metadata ? { metadata: a.metadata } : {}),
      ...(a.thread_ts ? { thread_ts: ctx.store.message(channel.id, a.thread_ts)?.thread_ts ?? a.thread_ts } : {}),
    };
    ctx.store.addMessage(message, ctx.token);
    return { channel: channel.id, ts: message.ts, message };
  },
});

export const chatUpdate = method({
  name: 'chat.update', tokens: ['bot', 'user'], scopes: ['chat:write', 'chat:write:bot', 'chat:write:user'],
  handle: (ctx) => {
    const a = parseArgs(z.object({ channel: z.string(), ts: arg.ts(), text: z.string().optional(), blocks: blocksSchema.optional(), attachments: arg.json(z.array(z.record(z.string(), z.unknown()))).optional() }).loose(), ctx.args);
    const channel = resolveChannel(ctx, a.channel);
    const message = ctx.store.message(channel.id, a.ts);
    if (!message) throw new SlackError('message_not_found');
    const mine = ctx.token.kind === 'bot' ? message.bot_id === ctx.store.state.app.bot_id : message.user === ctx.actor?.id && !message.bot_id;
    if (!mine) throw new SlackError('cant_update_message');
    if (a.text === undefined && a.blocks === undefined && a.attachments === undefined) throw new SlackError('no_text');
    if (a.text !== undefined) message.text = a.text;
    if (a.blocks !== undefined) message.blocks = a.blocks;
    if (a.attachments !== undefined) message.attachments = a.attachments;
    message.edited = { user: ctx.actor?.id ?? '', ts: ctx.store.nextTs() };
    ctx.store.updated(message, ctx.token);
    return { channel: channel.id, ts: message.ts, text: message.text, message };
  },
});

export const chatGetPermalink = method({
  name: 'chat.getPermalink', tokens: ['bot', 'user'], scopes: [],
  handle: (ctx) => {
    const a = parseArgs(z.object({ channel: z.string(), message_ts: arg.ts() }).loose(), ctx.args);
    const channel = resolveChannel(ctx, a.channel);
    if (!ctx.store.message(channel.id, a.message_ts)) throw new SlackError('message_not_found');
    return { channel: channel.id, permalink: `${ctx.baseUrl}/archives/${channel.id}/p${a.message_ts.replace('.', '')}` };
  },
});
