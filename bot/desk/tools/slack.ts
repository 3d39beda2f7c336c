import { z } from 'zod';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { agentSession, asMember, findChannel, listChannels, slackCall, slackCode, slackFailure } from './slack-client.js';
import { createUserNames, tsToIso, viewMessages, type RawMessage } from './slack-messages.js';
import { scanChannels } from './slack-scan.js';

const CHANNEL_CAP = 200;

const channel = z.string().trim().min(1).max(200).describe('Channel name (with or without #) or channel id, e.g. #incidents.');
const ts = z.string().regex(/^\d+\.\d+$/, 'expected a Slack message ts such as 1735725600.000100');

export function createSlackTools(sources: Pick<DeskSources, 'workspaceCredentialsFile'>): Tool[] {
  const users = createUserNames();
  const session = (log: Parameters<typeof agentSession>[1]) => agentSession(sources.workspaceCredentialsFile, log);

  return [
    defineTool({
      name: 'slack_list_channels', family: 'slack', kind: 'read',
      description: 'Workspace channels you can see: name, id, topic, member count, and whether you are a member.',
      args: z.object({}).strict(),
      run: async (_args, ctx) => {
        const channels = await listChannels(session(ctx.log));
        return {
          total: channels.length,
          channels: channels.slice(0, CHANNEL_CAP).map((c) => ({ name: c.name, id: c.id, topic: c.topic, members: c.members, is_member: c.isMember })),
        };
      },
    }),
    defineTool({
      name: 'slack_read_channel', family: 'slack', kind: 'read',
      description: 'Recent messages of a channel (or one thread with thread_ts), oldest first, with author names and ISO times. Joins a public channel you are not in.',
      args: z.object({
        channel,
        limit: z.number().int().min(1).max(200).default(50).describe('How many messages: the latest ones of the channel, or the first ones of a thread (default 50).'),
        thread_ts: ts.optional().describe('Read the replies of this thread (the parent message ts) instead of the channel.'),
      }).strict(),
      run: async (args, ctx) => {
        const s = session(ctx.log);
        const target = await findChannel(s, args.channel);
        const method = args.thread_ts ? 'conversations.replies' : 'conversations.history';
        const { result, joined } = await asMember(s, target, method, async () => {
          const res = args.thread_ts
            ? await s.client.conversations.replies({ channel: target.id, ts: args.thread_ts, limit: args.limit })
            : await s.client.conversations.history({ channel: target.id, limit: args.limit });
          return { messages: (res.messages ?? []) as RawMessage[], hasMore: res.has_more === true };
        });
        // history answers newest first, replies oldest first; the investigator reads oldest → newest.
        const ordered = args.thread_ts ? result.messages : [...result.messages].reverse();
        return {
          channel: { id: target.id, name: target.name }, ...(joined ? { joined: true } : {}), ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}),
          messages: await viewMessages(s, users, ordered), has_more: result.hasMore,
        };
      },
    }),
    defineTool({
      name: 'slack_search', family: 'slack', kind: 'read',
      description: 'Search messages in the workspace (Slack search syntax: words, "phrases", in:#channel, from:@user); newest hits with channel, author, time and permalink.',
      args: z.object({
        query: z.string().trim().min(1).max(500).describe('What to search for, e.g. "orders pool" in:#platform.'),
        limit: z.number().int().min(1).max(100).default(20).describe('At most this many matches (default 20).'),
      }).strict(),
      run: async (args, ctx) => {
        const s = session(ctx.log);
        try {
          const res = await s.client.search.messages({ query: args.query, count: args.limit, sort: 'timestamp', sort_dir: 'desc' });
          const matches = (res.messages?.matches ?? []) as Array<RawMessage & { channel?: { name?: string }; permalink?: string }>;
          const views = await viewMessages(s, users, matches);
          return {
            via: 'search', total: res.messages?.total ?? matches.length,
            matches: views.map((v, i) => ({ channel: `#${matches[i]?.channel?.name ?? '?'}`, ...v, ...(matches[i]?.permalink ? { permalink: matches[i]?.permalink } : {}) })),
          };
        } catch (err) {
          const code = slackCode(err);
          if (code !== 'missing_scope' && code !== 'not_allowed_token_type') throw slackFailure(err, s, 'search.messages');
          ctx.log.info({ code }, 'search not allowed for the agent token; scanning channel history');
        }
        // Without search:read the agent still reads its channels: the same answer, found the slow way.
        const { hits, skipped } = await scanChannels(s, args.query);
        const shown = hits.slice(0, args.limit);
        const views = await viewMessages(s, users, shown.map((h) => h.message));
        return {
          via: 'scan', total: hits.length,
          matches: views.map((v, i) => ({ channel: `#${shown[i]?.channel.name ?? '?'}`, ...v })),
          ...(skipped.length ? { notScanned: skipped } : {}),
        };
      },
    }),
    defineTool({
      // kind 'read': posting talks to people; it changes nothing in the running lab (services,
      // flags, deploys), which is what the report counts as remediation.
      name: 'slack_post_message', family: 'slack', kind: 'read',
      description: 'Post a message as you (the investigating agent user) to a channel or a thread; returns its ts and permalink. Joins a public channel you are not in.',
      args: z.object({
        channel,
        text: z.string().trim().min(1).max(40_000).describe('The message (Slack mrkdwn).'),
        thread_ts: ts.optional().describe('Reply in this thread (the parent message ts).'),
      }).strict(),
      run: async (args, ctx) => {
        const s = session(ctx.log);
        const target = await findChannel(s, args.channel);
        const { result, joined } = await asMember(s, target, 'chat.postMessage', () =>
          s.client.chat.postMessage({ channel: target.id, text: args.text, ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}) }));
        const posted = result.ts ?? '';
        const link = await slackCall(s, 'chat.getPermalink', () => s.client.chat.getPermalink({ channel: target.id, message_ts: posted })).catch(() => undefined);
        return {
          channel: target.id, channelName: target.name, ts: posted, time: tsToIso(posted),
          ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}), ...(joined ? { joined: true } : {}), ...(link?.permalink ? { permalink: link.permalink } : {}),
        };
      },
    }),
  ];
}
