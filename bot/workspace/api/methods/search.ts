import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Channel, Message } from '../../model.js';
import { arg, parseArgs } from '../args.js';
import { SlackError } from '../errors.js';
import { method, type MethodContext } from '../method.js';
import { isMember } from './access.js';
import { permalink } from './links.js';
import { parseQuery, scoreText, type SearchQuery } from './search-query.js';

/** What a channel filter or author filter names, as an id; undefined when it names nothing. */
function userRef(ctx: MethodContext, ref: string): string | undefined {
  if (ref.toLowerCase() === 'me') return ctx.actor?.id;
  const mention = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(ref)?.[1];
  if (mention) return mention;
  const name = ref.replace(/^@/, '');
  return ctx.store.user(name)?.id ?? ctx.store.userByName(name)?.id;
}

function channelRef(ctx: MethodContext, ref: string): string | undefined {
  if (ref.startsWith('@')) {
    // in:@dan is the caller's DM with dan.
    const other = userRef(ctx, ref);
    return ctx.store.state.channels.find((c) => c.is_im && ctx.actor && c.members.includes(ctx.actor.id) && c.members.includes(other ?? '-'))?.id;
  }
  const mention = /^<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(ref)?.[1];
  return ctx.store.channel(mention ?? ref)?.id;
}

/** Public channels, and private ones and DMs the caller is in: what Slack's search covers. */
function searchable(ctx: MethodContext, q: SearchQuery): Channel[] {
  const visible = ctx.store.state.channels.filter((c) => (!c.is_private && !c.is_im) || isMember(ctx, c));
  if (q.in.length === 0) return visible;
  const wanted = new Set(q.in.map((r) => channelRef(ctx, r)));
  return visible.filter((c) => wanted.has(c.id));
}

/** Everything a match's words are searched in: text, and the text of legacy attachments. */
function searchText(m: Message): string {
  const parts = [m.text];
  for (const att of m.attachments ?? []) {
    if (att && typeof att === 'object') {
      for (const key of ['pretext', 'title', 'text', 'fallback']) {
        const v = (att as Record<string, unknown>)[key];
        if (typeof v === 'string') parts.push(v);
      }
    }
  }
  for (const f of m.files ?? []) parts.push(f.name, f.title);
  return parts.join('\n');
}

function matches(q: SearchQuery, m: Message, authors: Set<string | undefined> | undefined): number | undefined {
  const t = Number(m.ts);
  if (authors && !authors.has(m.user)) return undefined;
  if (q.after !== undefined && t <= q.after) return undefined;
  if (q.before !== undefined && t >= q.before) return undefined;
  if (q.isThread && !m.thread_ts) return undefined;
  if (q.hasReaction && !m.reactions?.length) return undefined;
  if (q.hasLink && !/https?:\/\//.test(m.text)) return undefined;
  return scoreText(q, searchText(m));
}

function match(ctx: MethodContext, channel: Channel, m: Message): Record<string, unknown> {
  const author = m.user ? ctx.store.user(m.user) : undefined;
  return {
    iid: randomUUID(), team: m.team, type: 'message', ts: m.ts, text: m.text, user: m.user ?? '', username: m.username ?? author?.name ?? '',
    channel: {
      id: channel.id, name: channel.name, is_channel: channel.is_channel, is_group: false, is_im: channel.is_im, is_mpim: false, is_private: channel.is_private,
      is_shared: false, is_org_shared: false, is_ext_shared: false, is_pending_ext_shared: false, pending_shared: [],
    },
    permalink: permalink(ctx.baseUrl, channel.id, m),
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.attachments ? { attachments: m.attachments } : {}),
    ...(m.files ? { files: m.files } : {}),
    no_reactions: !m.reactions?.length,
  };
}

export const searchMessages = method({
  name: 'search.messages', tokens: ['user'], scopes: ['search:read'],
  handle: (ctx) => {
    const a = parseArgs(z.object({
      query: z.string().optional(), count: arg.int().optional(), page: arg.int().optional(),
      sort: z.string().optional(), sort_dir: z.string().optional(), highlight: arg.bool().optional(),
    }).loose(), ctx.args);
    if (!a.query?.trim()) throw new SlackError('no_query');
    const q = parseQuery(a.query, ctx.store.now());
    const authors = q.from.length ? new Set(q.from.map((r) => userRef(ctx, r))) : undefined;
    const found: Array<{ score: number; channel: Channel; message: Message }> = [];
    for (const channel of searchable(ctx, q)) {
      for (const message of ctx.store.messages(channel.id)) {
        const score = matches(q, message, authors);
        if (score !== undefined) found.push({ score, channel, message });
      }
    }
    const dir = a.sort_dir === 'asc' ? 1 : -1;
    const byTs = (x: { message: Message }, y: { message: Message }) => (x.message.ts < y.message.ts ? -1 : x.message.ts > y.message.ts ? 1 : 0);
    found.sort((x, y) => dir * (a.sort === 'timestamp' ? byTs(x, y) : x.score - y.score || byTs(x, y)));
    const count = Math.min(Math.max(a.count ?? 20, 1), 100);
    const pageNo = Math.min(Math.max(a.page ?? 1, 1), 100);
    const total = found.length;
    const pages = Math.ceil(total / count);
    const slice = found.slice((pageNo - 1) * count, pageNo * count);
    return {
      query: a.query,
      messages: {
        total,
        matches: slice.map((f) => match(ctx, f.channel, f.message)),
        paging: { count, total, page: pageNo, pages },
        pagination: { total_count: total, page: pageNo, per_page: count, page_count: pages, first: Math.min((pageNo - 1) * count + 1, total), last: Math.min(pageNo * count, total) },
      },
    };
  },
});

export const searchMethods = [searchMessages];
