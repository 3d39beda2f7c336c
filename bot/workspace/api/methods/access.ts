import type { Channel, User } from '../../model.js';
import type { WorkspaceStore } from '../../store.js';
import { slackId } from '../../ids.js';
import { SlackError } from '../errors.js';
import type { MethodContext } from '../method.js';

/** Finds a channel by id (or name); a user id means the DM with that user, opened when needed. */
export function resolveChannel(ctx: MethodContext, idOrName: unknown): Channel {
  if (typeof idOrName !== 'string' || idOrName === '') throw new SlackError('channel_not_found');
  if (/^[UW][A-Z0-9]+$/.test(idOrName)) {
    const other = ctx.store.user(idOrName);
    if (!other || !ctx.actor) throw new SlackError('channel_not_found');
    return openDm(ctx.store, ctx.actor, other);
  }
  const channel = ctx.store.channel(idOrName);
  if (!channel) throw new SlackError('channel_not_found');
  // A private channel or DM is invisible to someone not in it, as in Slack.
  if ((channel.is_private || channel.is_im) && !isMember(ctx, channel)) throw new SlackError('channel_not_found');
  return channel;
}

export function isMember(ctx: MethodContext, channel: Channel): boolean {
  return ctx.actor !== undefined && channel.members.includes(ctx.actor.id);
}

export function requireMember(ctx: MethodContext, channel: Channel): void {
  if (!isMember(ctx, channel)) throw new SlackError('not_in_channel');
}

export function openDm(store: WorkspaceStore, a: User, b: User): Channel {
  const existing = store.state.channels.find((c) => c.is_im && c.members.includes(a.id) && c.members.includes(b.id) && (a.id !== b.id || c.members.length === 1));
  if (existing) return existing;
  const created = Math.floor(store.now().getTime() / 1000);
  const channel: Channel = {
    id: slackId('D'), name: b.id, is_channel: false, is_im: true, is_private: true, is_archived: false, created, creator: a.id, user: b.id,
    members: [...new Set([a.id, b.id])], topic: { value: '', creator: '', last_set: 0 }, purpose: { value: '', creator: '', last_set: 0 },
  };
  store.addChannel(channel);
  return channel;
}

/** A channel as conversations.* return it: with is_member for the caller. */
export function channelView(ctx: MethodContext, channel: Channel): Record<string, unknown> {
  const { members: _members, ...rest } = channel;
  return { ...rest, is_member: isMember(ctx, channel), num_members: channel.members.length };
}

/** Cursor pagination: an opaque cursor holding the next offset. */
export function page<T>(items: readonly T[], limit: number | undefined, cursor: unknown): { items: T[]; next_cursor: string } {
  const start = typeof cursor === 'string' && cursor !== '' ? Number(Buffer.from(cursor, 'base64').toString('utf8').replace(/^next:/, '')) || 0 : 0;
  const size = Math.min(Math.max(limit ?? 100, 1), 1000);
  const slice = items.slice(start, start + size);
  const next = start + size < items.length ? Buffer.from(`next:${start + size}`).toString('base64') : '';
  return { items: slice, next_cursor: next };
}
