import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkspace, type StartedWorkspace } from '../../../test/support/workspace.js';

let ws: StartedWorkspace;
beforeAll(async () => {
  ws = await startWorkspace();
});
afterAll(async () => ws?.stop());

describe('the Web API core: auth, chat, conversations, users', () => {
  it('auth.test answers for the bot and a person, with the scopes in x-oauth-scopes', async () => {
    const bot = await ws.client(ws.creds.botToken).auth.test();
    expect(bot).toMatchObject({ ok: true, team_id: ws.creds.teamId, user_id: ws.creds.botUserId, bot_id: expect.stringMatching(/^B/) });
    expect(bot.response_metadata?.scopes).toEqual(expect.arrayContaining(['chat:write', 'chat:write.customize']));
    const person = await ws.client(ws.creds.personToken ?? '').auth.test();
    expect(person).toMatchObject({ ok: true, user: 'you' });
  });

  it('posts, threads with a persona override, and reads back history and replies', async () => {
    const you = ws.client(ws.creds.personToken ?? '');
    const bot = ws.client(ws.creds.botToken);
    const incidents = (await bot.conversations.list()).channels?.find((c) => c.name === 'incidents');
    expect(incidents?.is_member).toBe(true);
    const id = incidents?.id ?? '';
    const root = await you.chat.postMessage({ channel: id, text: 'storefront is down?' });
    const reply = await bot.chat.postMessage({ channel: id, thread_ts: root.ts ?? '', text: 'looking', username: 'dan', icon_emoji: ':package:' });
    expect(reply.message).toMatchObject({ subtype: 'bot_message', username: 'dan', icons: { emoji: ':package:' }, thread_ts: root.ts });
    const replies = await you.conversations.replies({ channel: id, ts: root.ts ?? '' });
    expect(replies.messages?.map((m) => [m.text, (m as { username?: string }).username])).toEqual([['storefront is down?', undefined], ['looking', 'dan']]);
    expect(replies.messages?.[0]).toMatchObject({ reply_count: 1, latest_reply: reply.ts });
    const history = await you.conversations.history({ channel: id, limit: 1 });
    expect(history.messages?.map((m) => m.text)).toEqual(['storefront is down?']);
    const updated = await bot.chat.update({ channel: id, ts: reply.ts ?? '', text: 'looking at fulfillment' });
    expect(updated.message?.edited).toBeDefined();
  });

  it('answers with Slack error codes', async () => {
    const bot = ws.client(ws.creds.botToken);
    await expect(bot.chat.postMessage({ channel: 'C0NOPE', text: 'x' })).rejects.toMatchObject({ code: 'slack_webapi_platform_error', data: { ok: false, error: 'channel_not_found' } });
    await expect(ws.client('xoxb-not-a-token').auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    const res = await fetch(`${ws.creds.apiUrl}auth.test`, { method: 'POST' });
    expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });
    const bad = await fetch(`${ws.creds.apiUrl}chat.postMessage`, { method: 'POST', headers: { authorization: `Bearer ${ws.creds.botToken}`, 'content-type': 'application/json' }, body: '{"channel":' });
    expect(await bad.json()).toEqual({ ok: false, error: 'invalid_json' });
    await expect(bot.apiCall('nope.method')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
  });
});
