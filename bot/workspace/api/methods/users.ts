import { z } from 'zod';
import { arg, parseArgs } from '../args.js';
import { SlackError } from '../errors.js';
import { method } from '../method.js';
import { page } from './access.js';

export const usersList = method({
  name: 'users.list', tokens: ['bot', 'user'], scopes: ['users:read'],
  handle: (ctx) => {
    const a = parseArgs(z.object({ limit: arg.int().optional(), cursor: z.string().optional() }).loose(), ctx.args);
    const p = page(ctx.store.state.users, a.limit, a.cursor);
    return { members: p.items, cache_ts: Math.floor(Date.now() / 1000), response_metadata: { next_cursor: p.next_cursor } };
  },
});

export const usersInfo = method({
  name: 'users.info', tokens: ['bot', 'user'], scopes: ['users:read'],
  handle: (ctx) => {
    const a = parseArgs(z.object({ user: z.string() }).loose(), ctx.args);
    const user = ctx.store.user(a.user);
    if (!user) throw new SlackError('user_not_found');
    return { user };
  },
});
