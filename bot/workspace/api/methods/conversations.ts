import { z } from 'zod';
import { slackId } from '../../ids.js';
import type { Channel, Message } from '../../model.js';
import { arg, parseArgs } from '../args.js';
import { SlackError } from '../errors.js';
import { method, type MethodContext } from '../method.js';
import { channelView, isMember, page, requireMember, resolveChannel } from './access.js';

const read = (kind: 'history' | 'read') => ['channels', 'groups', 'im', 'mpim'].map((t) => `${t}:${kind}`);

/** Reading a channel's messages: public channels need the caller in them too (not_in_channel), as bots do in Slack. */
function readable(ctx: MethodContext, id: unknown): Channel {
  const channel = resolveChannel(ctx, id);
  requireMember(ctx, channel);
  return channel;
}

function window(messages: readonly Message[], a: { oldest?: string | undefined; latest?: string | undefined; inclusive?: boolean | undefined }): Message[] {
  return messages.filter((m) => {
    if (a.oldest && (a.inclusive ? m.ts < a.oldest : m.ts <= a.oldest)) return false;
    if (a.latest && (a.inclusive ? m.ts > a.latest : m.ts >= a.latest)) return false;
    return true;
  });
}

const listing = { limit: arg.int().optional(), cursor: z.string().optional(), oldest: arg.ts().optional(), latest: arg.ts().optional(), inclusive: arg.bool().optional() };

export const conversationsList = method({
  name: 'conversations.list', tokens: ['bot', 'user'], scopes: read('read'),
  handle: (ctx) => {
    const a = parseArgs(z.object({ types: arg.list().optional(), exclude_archived: arg.bool().optional(), limit: arg.int().optional(), cursor: z.string().optional() }).loose(), ctx.args);
    const types = new Set(a.types ?? ['public_channel']);
    const visible = ctx.store.state.channels.filter((c) => {
      if (a.exclude_archived && c.is_archived) return false;
      if (c.is_im) return types.has('im') && isMember(ctx, c);
      if (c.is_private) return types.has('private_channel') && isMember(ctx, c);
      return types.has('public_channel');
    });
    const p = page(visible, a.limit, a.cursor);
    return { channels: p.items.map((c) => channelView(ctx, c)), response_metadata: { next_cursor: p.next_cursor } };
  },
});

export const conversationsInfo = method({
  name: 'conversations.info', tokens: ['bot', 'user'], scopes: read('read'),
  handle: (ctx) => {
    const a = parseArgs(z.object({ channel: z.string() }).loose(), ctx.args);
    return { channel: channelView(ctx, resolveChannel(ctx, a.channel)) };
  },
});

export const conversationsHistory = method({
  name: 'conversations.history', tokens: ['bot', 'user'], scopes: read('history'),
  handle: (ctx) => {
    const a = parseArgs(z.object({ channel: z.string(), ...listing }).loose(), ctx.args);
    const channel = readable(ctx, a.channel);
    // Top-level messages (a reply shows in the channel only when broadcast), newest first.
    const top = window(ctx.store.messages(channel.id), a).filter((m) => !m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast').reverse();
    const p = page(top, a.limit, a.cursor);
    return { messages: p.items, has_more: p.next_cursor !== '', pin_count: 0, response_metadata: { next_cursor: p.next_cursor } };
  },
});

export const conversationsReplies = method({
  name: 'conversations.replies', tokens: ['bot', 'user'], scopes: read('history'),
  handle: (ctx) => {
    const a = parseArgs(z.object({ channel: z.string(), ts: arg.ts(), ...listing }).loose(), ctx.args);
    const channel = readable(ctx, a.channel);
    const parent = ctx.store.message(channel.id, a.ts);
    if (!parent) throw new SlackError('thread_not_found');
    const root = parent.thread_ts ?? parent.ts;
    const thread = window(ctx.store.messages(channel.id).filter((m) => m.ts === root || m.thread_ts === root), a);
    const p = page(thread, a.limit, a.cursor);
    return { messages: p.items, has_more: p.next_cursor !== '', response_metadata: { next_cursor: p.next_cursor } };
  },
});

export const conversationsCreate = method({
  name: 'conversations.create', tokens: ['bot', 'user'], scopes: ['channels:manage', 'groups:write', 'channels:write'],
  handle: (ctx) => {
    const a = parseArgs(z.object({ name: z.string(), is_private: arg.bool().optional() }).loose(), ctx.args);
    if (!/^[a-z0-9][a-z0-9_-]{0,79}$/.test(a.name)) throw new SlackError('invalid_name_specials', { detail: 'Value passed for `name` contained unallowed special characters or upper case characters.' });
    if (ctx.store.channel(a.name)) throw new SlackError('name_taken');
    const created = Math.floor(ctx.store.now().getTime() / 1000);
    const creator = ctx.actor?.id ?? '';
    const channel: Channel = {
      id: slackId(a.is_private ? 'C' : 'C'), name: a.name, is_channel: true, is_im: false, is_private: a.is_private ?? false, is_archived: false, created, creator,
      members: creator ? [creator] : [], topic: { value: '', creator: '', last_set: 0 }, purpose: { value: '', creator: '', last_set: 0 },
    };
    ctx.store.addChannel(channel);
    return { channel: channelView(ctx, channel) };
  },
});

export const conversationsJoin = method({
  name: 'conversations.join', tokens: ['bot', 'user'], scopes: ['channels:join', 'channels:write'],
  handle: (ctx) => {
    const a = parseArgs(z.object({ channel: z.string() }).loose(), ctx.args);
    const channel = resolveChannel(ctx, a.channel);
    if (channel.is_private || channel.is_im) throw new SlackError('method_not_supported_for_channel_type');
    if (channel.is_archived) throw new SlackError('is_archived');
    const already = isMember(ctx, channel);
    if (!already && ctx.actor) {
      channel.members.push(ctx.actor.id);
      ctx.store.changed();
      ctx.store.events.emit('channel', { channel });
    }
    return { channel: channelView(ctx, channel), ...(already ? { warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } } : {}) };
  },
});

export const conversationsInvite = method({
  name: 'conversations.invite', tokens: ['bot', 'user'], scopes: ['channels:manage', 'groups:write', 'channels:write'],
  handle: (ctx) => {
    const a = parseArgs(z.object({ channel: z.string(), users: arg.list() }).loose(), ctx.args);
    const channel = resolveChannel(ctx, a.channel);
    requireMember(ctx, channel);
    if (a.users.length === 0) throw new SlackError('no_user');
    const users = a.users.map((id) => ctx.store.user(id));
    if (users.some((u) => !u)) throw new SlackError('user_not_found');
    const fresh = a.users.filter((id) => !channel.members.includes(id));
    if (fresh.length === 0) throw new SlackError('already_in_channel');
    channel.members.push(...fresh);
    ctx.store.changed();
    ctx.store.events.emit('channel', { channel });
    return { channel: channelView(ctx, channel) };
  },
});

export const conversationsMembers = method({
  name: 'conversations.members', tokens: ['bot', 'user'], scopes: read('read'),
  handle: (ctx) => {
    const a = parseArgs(z.object({ channel: z.string(), limit: arg.int().optional(), cursor: z.string().optional() }).loose(), ctx.args);
    const channel = resolveChannel(ctx, a.channel);
    const p = page(channel.members, a.limit, a.cursor);
    return { members: p.items, response_metadata: { next_cursor: p.next_cursor } };
  },
});

export const conversationsOpen = method({
  name: 'conversations.open', tokens: ['bot', 'user'], scopes: ['im:write', 'mpim:write'],
  handle: (ctx) => {
    const a = parseArgs(z.object({ users: arg.list() }).loose(), ctx.args);
    const [first] = a.users;
    if (!first || a.users.length > 1) throw new SlackError('not_enough_users');
    const channel = resolveChannel(ctx, first);
    return { channel: { id: channel.id } };
  },
});
