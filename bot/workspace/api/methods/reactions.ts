import { z } from 'zod';
import type { Channel, Message } from '../../model.js';
import { arg, parseArgs } from '../args.js';
import { SlackError } from '../errors.js';
import { method, type MethodContext } from '../method.js';
import { requireMember, resolveChannel } from './access.js';
import { permalink } from './links.js';

// Slack knows its emoji list; this workspace only checks the shape, so `:not_an_emoji:` is
// accepted where Slack would say invalid_name. Skin tones come as `thumbsup::skin-tone-2`.
const emojiName = /^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/;

const itemArgs = z.object({ channel: z.string().optional(), timestamp: z.string().optional(), name: z.string().optional() }).loose();

/** The message a reaction call points at, checked the way Slack checks it, in Slack's order. */
function target(ctx: MethodContext, a: z.output<typeof itemArgs>): { channel: Channel; message: Message } {
  if (!a.channel || !a.timestamp) throw new SlackError('no_item_specified');
  const channel = resolveChannel(ctx, a.channel);
  // Reading a channel needs membership here (see conversations.ts), so reacting does too.
  requireMember(ctx, channel);
  if (!arg.ts().safeParse(a.timestamp).success) throw new SlackError('bad_timestamp');
  const message = ctx.store.message(channel.id, a.timestamp);
  if (!message) throw new SlackError('message_not_found');
  return { channel, message };
}

/** `thumbsup`, also given as `:thumbsup:` (Slack strips the colons). */
function reactionName(raw: string | undefined): string {
  const name = (raw ?? '').replace(/^:(.*):$/, '$1');
  if (!emojiName.test(name)) throw new SlackError('invalid_name');
  return name;
}

export const reactionsAdd = method({
  name: 'reactions.add', tokens: ['bot', 'user'], scopes: ['reactions:write'],
  handle: (ctx) => {
    const a = parseArgs(itemArgs, ctx.args);
    const { channel, message } = target(ctx, a);
    if (channel.is_archived) throw new SlackError('is_archived');
    const name = reactionName(a.name);
    const user = ctx.actor?.id ?? '';
    const reactions = (message.reactions ??= []);
    let reaction = reactions.find((r) => r.name === name);
    if (reaction?.users.includes(user)) throw new SlackError('already_reacted');
    if (!reaction) {
      reaction = { name, users: [], count: 0 };
      reactions.push(reaction);
    }
    reaction.users.push(user);
    reaction.count += 1;
    ctx.store.updated(message, ctx.token);
    ctx.store.events.emit('reaction', { channel: channel.id, ts: message.ts, user, name, itemUser: message.user });
    return {};
  },
});

export const reactionsRemove = method({
  name: 'reactions.remove', tokens: ['bot', 'user'], scopes: ['reactions:write'],
  handle: (ctx) => {
    const a = parseArgs(itemArgs, ctx.args);
    const { message } = target(ctx, a);
    const name = reactionName(a.name);
    const user = ctx.actor?.id ?? '';
    const reaction = message.reactions?.find((r) => r.name === name);
    if (!reaction?.users.includes(user)) throw new SlackError('no_reaction');
    reaction.users = reaction.users.filter((u) => u !== user);
    reaction.count -= 1;
    message.reactions = message.reactions?.filter((r) => r.count > 0);
    if (message.reactions?.length === 0) delete message.reactions;
    ctx.store.updated(message, ctx.token);
    // The same event as an add: listeners tell a removal by the user missing from the message's reactions.
    ctx.store.events.emit('reaction', { channel: message.channel, ts: message.ts, user, name, itemUser: message.user });
    return {};
  },
});

export const reactionsGet = method({
  name: 'reactions.get', tokens: ['bot', 'user'], scopes: ['reactions:read'],
  handle: (ctx) => {
    const a = parseArgs(itemArgs.extend({ full: arg.bool().optional() }), ctx.args);
    const { channel, message } = target(ctx, a);
    return { type: 'message', channel: channel.id, message: { ...message, permalink: permalink(ctx.baseUrl, channel.id, message) } };
  },
});

export const reactionMethods = [reactionsAdd, reactionsRemove, reactionsGet];
