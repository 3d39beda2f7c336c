import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../../test/support/poll.js';
import { admin, channelId, mintToken, rawCall, unique } from '../../../test/support/workspace-calls.js';
import { startWorkspace, type StartedWorkspace } from '../../../test/support/workspace.js';
import type { StoreEvents } from '../store.js';

let ws: StartedWorkspace;
let bot: WebClient;
let you: WebClient;
let agent: WebClient;
let youId: string;
let agentId: string;
let incidents: string;

beforeAll(async () => {
  ws = await startWorkspace();
  bot = ws.client(ws.creds.botToken);
  you = ws.client(ws.creds.personToken ?? '');
  agent = ws.client(ws.creds.agentToken ?? '');
  youId = (await you.auth.test()).user_id ?? '';
  agentId = (await agent.auth.test()).user_id ?? '';
  incidents = await channelId(bot, 'incidents');
});
afterAll(async () => ws?.stop());

const slackError = (error: string) => ({ code: 'slack_webapi_platform_error', data: { ok: false, error } });

describe('auth, users and chat answer like Slack', () => {
  it('auth.test tells the bot from a person, and users.info agrees', async () => {
    const b = await bot.auth.test();
    expect(b).toMatchObject({ ok: true, user_id: ws.creds.botUserId, team_id: ws.creds.teamId, bot_id: expect.stringMatching(/^B/) });
    const p = await you.auth.test();
    expect(p.bot_id).toBeUndefined();
    const info = await bot.users.info({ user: youId });
    expect(info.user).toMatchObject({ id: youId, name: p.user, is_bot: false });
    expect((await bot.users.info({ user: ws.creds.botUserId })).user?.is_bot).toBe(true);
    const list = await bot.users.list({});
    expect(list.members?.map((m) => m.id)).toEqual(expect.arrayContaining([youId, agentId, ws.creds.botUserId]));
    await expect(bot.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject(slackError('user_not_found'));
  });

  it('chat.postMessage keeps persona overrides, blocks and metadata, and threads replies', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*orders* p99 is up' } }];
    const metadata = { event_type: 'incident_declared', event_payload: { id: unique('inc') } };
    const root = await bot.chat.postMessage({ channel: incidents, text: 'orders p99 is up', blocks, metadata, username: 'Pager', icon_url: 'https://example.com/p.png' });
    const reply = await bot.chat.postMessage({ channel: incidents, thread_ts: root.ts ?? '', text: 'ack', username: 'dan', icon_emoji: ':package:' });
    const history = await you.conversations.history({ channel: incidents, limit: 5 });
    const top = history.messages?.find((m) => m.ts === root.ts);
    expect(top).toMatchObject({ text: 'orders p99 is up', blocks, metadata, username: 'Pager', icons: { image_48: 'https://example.com/p.png' }, reply_count: 1 });
    expect(history.messages?.some((m) => m.ts === reply.ts)).toBe(false);
    const thread = await you.conversations.replies({ channel: incidents, ts: reply.ts ?? '' });
    expect(thread.messages?.map((m) => m.ts)).toEqual([root.ts, reply.ts]);
    expect(thread.messages?.[1]).toMatchObject({ username: 'dan', icons: { emoji: ':package:' }, thread_ts: root.ts });
  });

  it('ignores persona overrides without chat:write.customize, and refuses what the token may not do', async () => {
    const narrow = ws.client(await mintToken(ws, 'bot', ['chat:write']));
    const posted = await narrow.chat.postMessage({ channel: incidents, text: 'plain', username: 'Impostor' });
    expect(posted.message?.username).toBeUndefined();
    const err = await narrow.conversations.list().catch((e: unknown) => e);
    expect(err).toMatchObject(slackError('missing_scope'));
    expect((err as { data: { needed: string; provided: string } }).data).toMatchObject({ needed: expect.stringContaining('channels:read'), provided: 'chat:write' });
  });

  it('chat.update edits only the caller\'s own message', async () => {
    const posted = await bot.chat.postMessage({ channel: incidents, text: 'draft' });
    const updated = await bot.chat.update({ channel: incidents, ts: posted.ts ?? '', text: 'final' });
    expect(updated.message).toMatchObject({ text: 'final', edited: { user: ws.creds.botUserId } });
    const history = await you.conversations.history({ channel: incidents, limit: 10 });
    expect(history.messages?.find((m) => m.ts === posted.ts)?.text).toBe('final');
    await expect(you.chat.update({ channel: incidents, ts: posted.ts ?? '', text: 'mine now' })).rejects.toMatchObject(slackError('cant_update_message'));
    await expect(bot.chat.update({ channel: incidents, ts: '1.000001', text: 'x' })).rejects.toMatchObject(slackError('message_not_found'));
  });
});

describe('conversations', () => {
  it('create, info, join, invite and history follow membership', async () => {
    const name = unique('war-');
    const created = await agent.conversations.create({ name });
    const id = created.channel?.id ?? '';
    expect(created.channel).toMatchObject({ name, is_member: true, is_private: false });
    await expect(agent.conversations.create({ name })).rejects.toMatchObject(slackError('name_taken'));
    expect((await bot.conversations.info({ channel: id })).channel).toMatchObject({ id, name, is_member: false });
    await agent.chat.postMessage({ channel: id, text: 'first' });
    await expect(bot.conversations.history({ channel: id })).rejects.toMatchObject(slackError('not_in_channel'));
    const joined = await bot.conversations.join({ channel: id });
    expect(joined.channel?.is_member).toBe(true);
    expect((await bot.conversations.history({ channel: id })).messages?.map((m) => m.text)).toEqual(['first']);
    await expect(you.conversations.history({ channel: id })).rejects.toMatchObject(slackError('not_in_channel'));
    await agent.conversations.invite({ channel: id, users: youId });
    expect((await you.conversations.info({ channel: id })).channel?.is_member).toBe(true);
    await expect(agent.conversations.invite({ channel: id, users: youId })).rejects.toMatchObject(slackError('already_in_channel'));
    await expect(bot.conversations.info({ channel: 'C0NOTHERE1' })).rejects.toMatchObject(slackError('channel_not_found'));
  });

  it('a private channel is invisible to those outside it', async () => {
    const name = unique('priv-');
    const id = (await agent.conversations.create({ name, is_private: true })).channel?.id ?? '';
    const listed = await you.conversations.list({ types: 'public_channel,private_channel' });
    expect(listed.channels?.some((c) => c.id === id)).toBe(false);
    expect((await agent.conversations.list({ types: 'private_channel' })).channels?.map((c) => c.id)).toContain(id);
    await expect(you.conversations.info({ channel: id })).rejects.toMatchObject(slackError('channel_not_found'));
    await expect(bot.chat.postMessage({ channel: id, text: 'x' })).rejects.toMatchObject(slackError('channel_not_found'));
  });
});

describe('reactions', () => {
  it('reactions.add updates the message, tells the page and the dispatcher, and refuses repeats', async () => {
    const posted = await bot.chat.postMessage({ channel: incidents, text: 'rollback done' });
    const ts = posted.ts ?? '';
    const reactions: StoreEvents['reaction'][0][] = [];
    const changes: StoreEvents['message'][0][] = [];
    const onReaction = (e: StoreEvents['reaction'][0]) => reactions.push(e);
    const onMessage = (e: StoreEvents['message'][0]) => changes.push(e);
    ws.store.events.on('reaction', onReaction);
    ws.store.events.on('message', onMessage);
    try {
      await you.reactions.add({ channel: incidents, timestamp: ts, name: 'white_check_mark' });
      await agent.reactions.add({ channel: incidents, timestamp: ts, name: ':white_check_mark:' });
      expect(reactions).toEqual([
        { channel: incidents, ts, user: youId, name: 'white_check_mark', itemUser: ws.creds.botUserId },
        { channel: incidents, ts, user: agentId, name: 'white_check_mark', itemUser: ws.creds.botUserId },
      ]);
      expect(changes.filter((c) => c.message.ts === ts && c.kind === 'changed')).toHaveLength(2);
      const got = await bot.reactions.get({ channel: incidents, timestamp: ts });
      expect(got.message?.reactions).toEqual([{ name: 'white_check_mark', users: [youId, agentId], count: 2 }]);
      expect(got.message?.permalink).toContain(incidents);
      await expect(you.reactions.add({ channel: incidents, timestamp: ts, name: 'white_check_mark' })).rejects.toMatchObject(slackError('already_reacted'));
      await you.reactions.remove({ channel: incidents, timestamp: ts, name: 'white_check_mark' });
      // A removal is the same event; the message no longer lists the user under that reaction.
      expect(reactions.at(-1)).toEqual({ channel: incidents, ts, user: youId, name: 'white_check_mark', itemUser: ws.creds.botUserId });
      expect(changes.filter((c) => c.message.ts === ts && c.kind === 'changed')).toHaveLength(3);
    } finally {
      ws.store.events.off('reaction', onReaction);
      ws.store.events.off('message', onMessage);
    }
    const after = await you.conversations.history({ channel: incidents, latest: ts, inclusive: true, limit: 1 });
    expect(after.messages?.[0]?.reactions).toEqual([{ name: 'white_check_mark', users: [agentId], count: 1 }]);
    await expect(you.reactions.remove({ channel: incidents, timestamp: ts, name: 'white_check_mark' })).rejects.toMatchObject(slackError('no_reaction'));
  });

  it('answers reactions.add errors with Slack\'s codes', async () => {
    const ts = (await bot.chat.postMessage({ channel: incidents, text: 'react to me' })).ts ?? '';
    await expect(you.reactions.add({ channel: incidents, timestamp: ts, name: 'Not An Emoji' })).rejects.toMatchObject(slackError('invalid_name'));
    await expect(you.reactions.add({ channel: incidents, timestamp: '1.000002', name: 'eyes' })).rejects.toMatchObject(slackError('message_not_found'));
    await expect(you.reactions.add({ channel: 'C0NOTHERE1', timestamp: ts, name: 'eyes' })).rejects.toMatchObject(slackError('channel_not_found'));
    await expect(you.apiCall('reactions.add', { name: 'eyes' })).rejects.toMatchObject(slackError('no_item_specified'));
    const elsewhere = (await agent.conversations.create({ name: unique('quiet-') })).channel?.id ?? '';
    const theirs = (await agent.chat.postMessage({ channel: elsewhere, text: 'no bot here' })).ts ?? '';
    await expect(bot.reactions.add({ channel: elsewhere, timestamp: theirs, name: 'eyes' })).rejects.toMatchObject(slackError('not_in_channel'));
    const narrow = ws.client(await mintToken(ws, 'bot', ['chat:write']));
    await expect(narrow.reactions.add({ channel: incidents, timestamp: ts, name: 'eyes' })).rejects.toMatchObject(slackError('missing_scope'));
  });
});

describe('search.messages', () => {
  it('finds words, filters by in: and from:, and covers only what the user may see', async () => {
    const word = unique('zq');
    const general = await channelId(bot, 'general');
    const a = await you.chat.postMessage({ channel: incidents, text: `pool exhausted ${word}` });
    const b = await agent.chat.postMessage({ channel: general, text: `is it the ${word.toUpperCase()} again?` });
    const hidden = (await agent.conversations.create({ name: unique('secret-'), is_private: true })).channel?.id ?? '';
    const c = await agent.chat.postMessage({ channel: hidden, text: `private ${word}` });
    await you.chat.postMessage({ channel: incidents, text: 'unrelated chatter' });

    const all = await you.search.messages({ query: word });
    expect(all.messages?.matches?.map((m) => m.ts).sort()).toEqual([a.ts, b.ts].sort());
    expect(all.messages?.total).toBe(2);
    const first = all.messages?.matches?.find((m) => m.ts === a.ts);
    expect(first).toMatchObject({ text: `pool exhausted ${word}`, user: youId, username: 'you', channel: { id: incidents, name: 'incidents' } });
    expect(first?.permalink).toContain(`/archives/${incidents}/p${(a.ts ?? '').replace('.', '')}`);

    expect((await you.search.messages({ query: `${word} in:#general` })).messages?.matches?.map((m) => m.ts)).toEqual([b.ts]);
    expect((await you.search.messages({ query: `from:@agent ${word}` })).messages?.matches?.map((m) => m.ts)).toEqual([b.ts]);
    expect((await you.search.messages({ query: `"pool exhausted" ${word}` })).messages?.matches?.map((m) => m.ts)).toEqual([a.ts]);
    expect((await you.search.messages({ query: `${word} -pool` })).messages?.matches?.map((m) => m.ts)).toEqual([b.ts]);
    const theirs = await agent.search.messages({ query: word, sort: 'timestamp', sort_dir: 'asc' });
    expect(theirs.messages?.matches?.map((m) => m.ts)).toEqual([a.ts, b.ts, c.ts]);

    const paged = await you.search.messages({ query: word, count: 1, page: 2 });
    expect(paged.messages?.matches).toHaveLength(1);
    expect(paged.messages?.paging).toMatchObject({ count: 1, total: 2, page: 2, pages: 2 });
  });

  it('is for user tokens with search:read only', async () => {
    await expect(bot.search.messages({ query: 'pool' })).rejects.toMatchObject(slackError('not_allowed_token_type'));
    const narrow = ws.client(await mintToken(ws, 'user', ['chat:write'], 'you'));
    await expect(narrow.search.messages({ query: 'pool' })).rejects.toMatchObject(slackError('missing_scope'));
    await expect(you.search.messages({ query: ' ' })).rejects.toMatchObject(slackError('no_query'));
  });
});

describe('views', () => {
  const modal = (title: string, extra: Record<string, unknown> = {}) => ({
    type: 'modal' as const, title: { type: 'plain_text' as const, text: title }, callback_id: 'declare',
    submit: { type: 'plain_text' as const, text: 'Declare' },
    blocks: [{ type: 'input', block_id: 'sev', label: { type: 'plain_text', text: 'Severity' }, element: { type: 'plain_text_input', action_id: 'v' } }],
    ...extra,
  });

  it('open, push and update keep a stack per user, with hashes that refuse stale updates', async () => {
    const seen: StoreEvents['view'][0][] = [];
    const onView = (e: StoreEvents['view'][0]) => seen.push(e);
    ws.store.events.on('view', onView);
    try {
      const opened = await bot.views.open({ trigger_id: ws.store.mintTrigger(youId), view: modal('Declare incident', { external_id: unique('ext') }) });
      const root = opened.view;
      expect(root).toMatchObject({ id: expect.stringMatching(/^V/), type: 'modal', callback_id: 'declare', state: { values: {} }, previous_view_id: null, app_id: ws.creds.appId });
      expect(root?.root_view_id).toBe(root?.id);
      const pushed = await bot.views.push({ trigger_id: ws.store.mintTrigger(youId), view: modal('Details') });
      expect(pushed.view).toMatchObject({ root_view_id: root?.id, previous_view_id: root?.id });

      const updated = await bot.views.update({ view_id: root?.id ?? '', hash: root?.hash ?? '', view: modal('Declared') });
      expect(updated.view).toMatchObject({ id: root?.id, title: { text: 'Declared' } });
      expect(updated.view?.hash).not.toBe(root?.hash);
      await expect(bot.views.update({ view_id: root?.id ?? '', hash: root?.hash ?? '', view: modal('Too late') })).rejects.toMatchObject(slackError('hash_conflict'));
      const byExternal = await bot.views.update({ external_id: root?.external_id ?? '', view: modal('By external id') });
      expect(byExternal.view?.id).toBe(root?.id);
      await expect(bot.views.update({ view_id: 'V0NOPE', view: modal('x') })).rejects.toMatchObject(slackError('not_found'));

      await bot.views.push({ trigger_id: ws.store.mintTrigger(youId), view: modal('Third') });
      await expect(bot.views.push({ trigger_id: ws.store.mintTrigger(youId), view: modal('Fourth') })).rejects.toMatchObject(slackError('push_limit_reached'));
      expect(ws.store.state.views[root?.id ?? '']).toMatchObject({ user_id: youId, title: { text: 'By external id' } });

      // A new modal replaces the whole stack on the user's screen.
      const fresh = await bot.views.open({ trigger_id: ws.store.mintTrigger(youId), view: modal('Again') });
      expect(Object.values(ws.store.state.views).filter((v) => v.user_id === youId).map((v) => v.id)).toEqual([fresh.view?.id]);
    } finally {
      ws.store.events.off('view', onView);
    }
    expect(seen.map((e) => e.kind)).toEqual(['open', 'push', 'update', 'update', 'push', 'close', 'close', 'close', 'open']);
  });

  it('refuses bad triggers, bad views and the wrong token', async () => {
    await expect(bot.views.open({ trigger_id: '1.2.nope', view: modal('x') })).rejects.toMatchObject(slackError('invalid_trigger_id'));
    const invalid = async (view: unknown) => {
      const err = await bot.apiCall('views.open', { trigger_id: ws.store.mintTrigger(youId), view }).catch((e: unknown) => e);
      expect(err).toMatchObject(slackError('invalid_arguments'));
      return (err as { data: { response_metadata: { messages: string[] } } }).data.response_metadata.messages;
    };
    expect(await invalid(modal('A title far longer than twenty-four'))).toEqual([expect.stringMatching(/^\[ERROR\] .*25 characters.*\/view\/title\/text/)]);
    expect((await invalid(modal('Many', { blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) })))[0]).toContain('/view/blocks');
    expect((await invalid({ ...modal('Home'), type: 'home' }))[0]).toContain('/view/type');
    expect((await invalid(modal('No submit', { submit: undefined })))[0]).toContain('/view/submit');
    expect((await invalid('{not json'))[0]).toContain('JSON');
    await expect(you.views.open({ trigger_id: ws.store.mintTrigger(youId), view: modal('x') })).rejects.toMatchObject(slackError('not_allowed_token_type'));
  });

  it('refuses a trigger once its 3 seconds are up', async () => {
    const trigger = ws.store.mintTrigger(agentId);
    const outcome = () => bot.views.open({ trigger_id: trigger, view: modal('Late') }).then(() => 'opened', (e: { data?: { error?: string } }) => e.data?.error);
    expect(await outcome()).toBe('opened');
    expect(await until('the trigger to expire', async () => (await outcome()) === 'expired_trigger_id', { timeoutMs: 10_000, everyMs: 250 })).toBe(true);
  });
});

describe('bad input never breaks the server', () => {
  it('answers malformed JSON, non-JSON blocks and wrong types with Slack errors naming the field', async () => {
    const broken = await rawCall(ws, 'chat.postMessage', ws.creds.botToken, '{"channel":', 'application/json');
    expect(broken.body).toEqual({ ok: false, error: 'invalid_json' });
    const blocks = await rawCall(ws, 'chat.postMessage', ws.creds.botToken, `channel=${incidents}&text=x&blocks=not%20json`);
    expect(blocks.body).toMatchObject({ ok: false, error: 'invalid_arguments', response_metadata: { messages: [expect.stringContaining('blocks')] } });
    const limit = await rawCall(ws, 'conversations.history', ws.creds.botToken, `channel=${incidents}&limit=lots`);
    expect(limit.body).toMatchObject({ ok: false, error: 'invalid_arguments', response_metadata: { messages: [expect.stringContaining('limit')] } });
    const files = await rawCall(ws, 'files.completeUploadExternal', ws.creds.botToken, JSON.stringify({ files: 'F1' }), 'application/json');
    expect(files.body).toMatchObject({ ok: false, error: 'invalid_arguments' });
    const noAuth = await fetch(`${ws.creds.apiUrl}auth.test`, { method: 'POST' });
    expect(await noAuth.json()).toEqual({ ok: false, error: 'not_authed' });
    await expect(ws.client('xoxb-1-2-nope').auth.test()).rejects.toMatchObject(slackError('invalid_auth'));
    expect((await bot.auth.test()).ok).toBe(true);
  });
});

describe('admin endpoints', () => {
  it('imports past history with threads that conversations.history and replies show', async () => {
    const channel = unique('postmortem-');
    const day = Date.now() - 3 * 86_400_000;
    const at = (minutes: number) => new Date(day + minutes * 60_000).toISOString();
    const res = await admin(ws, 'import', {
      channel, topic: 'last week',
      messages: [
        { user: 'dan', text: 'deploy 4.2 going out', at: at(0) },
        { user: 'kevin', text: 'orders looks slow', at: at(5), reactions: [{ name: 'eyes', users: ['dan'] }] },
        { user: 'dan', text: 'rolling back', at: at(7), replyTo: 1 },
      ],
    });
    expect(res.status).toBe(201);
    const stamps = res.body.ts as string[];
    expect(stamps.map((ts) => Math.floor(Number(ts)))).toEqual([0, 5, 7].map((m) => Math.floor((day + m * 60_000) / 1000)));
    const id = res.body.channel as string;
    const history = await bot.conversations.history({ channel: id });
    expect(history.messages?.map((m) => [m.ts, m.text])).toEqual([[stamps[1], 'orders looks slow'], [stamps[0], 'deploy 4.2 going out']]);
    expect(history.messages?.[0]).toMatchObject({ reply_count: 1, reactions: [{ name: 'eyes', count: 1 }] });
    const replies = await bot.conversations.replies({ channel: id, ts: stamps[1] ?? '' });
    expect(replies.messages?.map((m) => m.text)).toEqual(['orders looks slow', 'rolling back']);
  });

  it('answers bad admin input with a 400 naming the field, and a wrong secret with 401', async () => {
    const missing = await admin(ws, 'import', { channel: 'ok-name', messages: [{ user: 'dan', at: new Date(Date.now() - 60_000).toISOString() }] });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('messages[0].text');
    const future = await admin(ws, 'import', { channel: 'ok-name', messages: [{ user: 'dan', text: 'x', at: new Date(Date.now() + 86_400_000).toISOString() }] });
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toContain('messages[0].at');
    const scopes = await admin(ws, 'tokens', { kind: 'bot', scopes: 'chat:write', label: 'x' });
    expect(scopes.status).toBe(400);
    expect(JSON.stringify(scopes.body)).toContain('scopes');
    expect((await admin(ws, 'tokens', { kind: 'bot', scopes: [], label: 'x' }, 'wrong')).status).toBe(401);
  });
});

describe('rate limits', () => {
  it('answers 429 ratelimited with Retry-After, per method and per channel for posting', async () => {
    const limited = await startWorkspace({ rateLimits: { perMinute: 3, postMessagePerMinute: 2 } });
    try {
      const client = limited.client(limited.creds.botToken, { rejectRateLimitedCalls: true });
      const channel = await channelId(client, 'incidents');
      await client.chat.postMessage({ channel, text: 'one' });
      await client.chat.postMessage({ channel, text: 'two' });
      const err = await client.chat.postMessage({ channel, text: 'three' }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'slack_webapi_rate_limited_error' });
      expect((err as { retryAfter: number }).retryAfter).toBeGreaterThan(0);
      await client.chat.postMessage({ channel: await channelId(client, 'general'), text: 'other channel' });
      await client.auth.test();
      await client.auth.test();
      await client.auth.test();
      const raw = await rawCall(limited, 'auth.test', limited.creds.botToken, '');
      expect(raw.status).toBe(429);
      expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(raw.body).toEqual({ ok: false, error: 'ratelimited' });
    } finally {
      await limited.stop();
    }
  });
});
