import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBoltApp, type StartedBoltApp } from '../../../test/support/bolt-app.js';
import { requestJson } from '../../../test/support/http.js';
import { until } from '../../../test/support/poll.js';
import { startWorkspace, type StartedWorkspace } from '../../../test/support/workspace.js';
import { connectRaw, isRefused, type RawSocket } from '../../../test/support/raw-socket.js';

let ws: StartedWorkspace;
let incidents: string;
const open: RawSocket[] = [];

// A short ack deadline keeps the redelivery test quick; Bolt acks in milliseconds anyway.
beforeAll(async () => {
  ws = await startWorkspace({ ackTimeoutMs: 400 });
  incidents = ws.store.channel('incidents')?.id ?? '';
});
afterEach(async () => {
  for (const raw of open.splice(0)) await raw.close();
});
afterAll(async () => ws?.stop());

const person = () => ws.client(ws.creds.personToken ?? '');

async function rawApp(): Promise<RawSocket> {
  const { url } = await ws.client(ws.creds.appToken).apps.connections.open();
  const raw = await connectRaw(url ?? '');
  if (isRefused(raw)) throw new Error(`refused: ${JSON.stringify(raw.body)}`);
  open.push(raw);
  return raw;
}

describe('Socket Mode', () => {
  it('apps.connections.open takes the app-level token only and hands out a one-time ws:// URL', async () => {
    const { url } = await ws.client(ws.creds.appToken).apps.connections.open();
    expect(url).toMatch(new RegExp(`^${ws.url.replace('http', 'ws')}/link/\\?ticket=[0-9a-f-]{36}&app_id=${ws.creds.appId}$`));
    await expect(ws.client(ws.creds.botToken).apps.connections.open()).rejects.toMatchObject({ data: { ok: false, error: 'not_allowed_token_type' } });
    await expect(person().apps.connections.open()).rejects.toMatchObject({ data: { error: 'not_allowed_token_type' } });
  });

  it('greets with hello as Slack does, and delivers a message event in an events_api envelope', async () => {
    const raw = await rawApp();
    expect(raw.received[0]).toEqual({
      type: 'hello', num_connections: 1,
      debug_info: { host: expect.stringMatching(/^applink-/), build_number: expect.any(Number), approximate_connection_time: 18_060 },
      connection_info: { app_id: ws.creds.appId },
    });
    const posted = await person().chat.postMessage({ channel: incidents, text: `hello <@${ws.creds.botUserId}>` });
    const message = await raw.next('the message event', (e) => e.payload.event?.type === 'message' && e.payload.event.ts === posted.ts);
    raw.ack(message.envelope_id);
    expect(message).toMatchObject({ type: 'events_api', accepts_response_payload: false, retry_attempt: 0, retry_reason: '' });
    expect(message.payload).toMatchObject({
      type: 'event_callback', team_id: ws.creds.teamId, api_app_id: ws.creds.appId, event_id: expect.stringMatching(/^Ev[A-Z0-9]{10}$/), event_time: expect.any(Number),
      authorizations: [{ team_id: ws.creds.teamId, user_id: ws.creds.botUserId, is_bot: true }],
      event: { type: 'message', channel: incidents, channel_type: 'channel', user: expect.stringMatching(/^U/), text: `hello <@${ws.creds.botUserId}>`, event_ts: posted.ts },
    });
    const mention = await raw.next('the app_mention event', (e) => e.payload.event?.type === 'app_mention' && e.payload.event.ts === posted.ts);
    raw.ack(mention.envelope_id);
    expect(mention.payload.event_id).not.toBe(message.payload.event_id);
  });

  it('sends reaction_added for a reaction in a channel the bot is in', async () => {
    const raw = await rawApp();
    const posted = await person().chat.postMessage({ channel: incidents, text: 'react to me' });
    await person().reactions.add({ channel: incidents, timestamp: posted.ts ?? '', name: 'eyes' });
    const reaction = await raw.next('reaction_added', (e) => e.payload.event?.type === 'reaction_added');
    raw.ack(reaction.envelope_id);
    expect(reaction.payload.event).toMatchObject({ reaction: 'eyes', item: { type: 'message', channel: incidents, ts: posted.ts }, item_user: expect.stringMatching(/^U/) });
  });

  it('sends no events for imported history, only for what is posted now', async () => {
    const raw = await rawApp();
    const imported = await requestJson(`${ws.url}/admin/import`, {
      json: { channel: 'incidents', messages: [{ user: 'kevin', text: 'yesterday\'s deploy went fine', at: new Date(Date.now() - 86_400_000).toISOString() }] },
      headers: { 'x-firedrill-admin': ws.creds.adminSecret },
    });
    expect(imported.status).toBe(201);
    const posted = await person().chat.postMessage({ channel: incidents, text: 'after the import' });
    const now = await raw.next('the new message', (e) => e.payload.event?.ts === posted.ts);
    raw.ack(now.envelope_id);
    // Envelopes go out in the order things happen, so the import's would have come first.
    expect(raw.envelopes().filter((e) => String(e.payload.event?.text).includes('yesterday'))).toEqual([]);
  });

  it('redelivers an unacknowledged event exactly once, with retry_attempt 1 and retry_reason timeout', async () => {
    const raw = await rawApp();
    const posted = await person().chat.postMessage({ channel: incidents, text: 'nobody acks this' });
    const same = (e: { payload: { event?: Record<string, unknown> } }) => e.payload.event?.type === 'message' && e.payload.event.ts === posted.ts;
    const retry = await raw.next('the redelivery', (e) => same(e) && e.retry_attempt === 1);
    // The dispatcher gives up after the second miss; only then is "exactly once" decided.
    await until('the dispatcher to give up', () => ws.logs.some((r) => r.msg === 'envelope not acknowledged' && r.attempt === 1 && r.envelopeId === retry.envelope_id));
    const tries = raw.envelopes().filter(same);
    expect(tries.map((e) => [e.retry_attempt, e.retry_reason])).toEqual([[0, ''], [1, 'timeout']]);
    expect(tries[1]?.payload.event_id).toBe(tries[0]?.payload.event_id);
  });

  it('refuses an unknown, reused or mismatched ticket with 401 and a clear error, and keeps serving', async () => {
    const { url } = await ws.client(ws.creds.appToken).apps.connections.open();
    const first = await connectRaw(url ?? '');
    if (!isRefused(first)) open.push(first);
    expect(isRefused(first)).toBe(false);
    expect(await connectRaw(url ?? '')).toEqual({ refused: true, status: 401, body: expect.objectContaining({ ok: false, error: 'invalid_ticket' }) });
    expect(await connectRaw(`${ws.url.replace('http', 'ws')}/link/?ticket=nope&app_id=${ws.creds.appId}`)).toMatchObject({ refused: true, status: 401, body: { error: 'invalid_ticket' } });
    expect(await connectRaw(`${ws.url.replace('http', 'ws')}/link/`)).toMatchObject({ refused: true, status: 401, body: { error: 'invalid_ticket' } });
    const other = await ws.client(ws.creds.appToken).apps.connections.open();
    expect(await connectRaw((other.url ?? '').replace(/app_id=\w+/, 'app_id=A0OTHER'))).toMatchObject({ refused: true, status: 401, body: { error: 'app_mismatch' } });
    // Junk from a connected client is ignored, not fatal.
    if (!isRefused(first)) first.socket.send('not json');
    expect((await ws.client(ws.creds.botToken).auth.test()).ok).toBe(true);
  });
});

describe('Bolt in Socket Mode against the workspace', () => {
  let bolt: StartedBoltApp | undefined;
  afterEach(async () => {
    await bolt?.stop();
    bolt = undefined;
  });

  it('receives a person\'s message and replies in its thread as the persona dan', async () => {
    bolt = await startBoltApp(ws, 'socket');
    const posted = await person().chat.postMessage({ channel: incidents, text: 'checkout is failing' });
    const replies = await until('dan\'s reply in the thread', async () => {
      const r = await person().conversations.replies({ channel: incidents, ts: posted.ts ?? '' });
      return (r.messages?.length ?? 0) > 1 ? r.messages : undefined;
    });
    expect(replies?.[1]).toMatchObject({ text: 'Dan here, looking at: checkout is failing', username: 'dan', subtype: 'bot_message', icons: { emoji: ':package:' }, thread_ts: posted.ts });
    // The persona reply came back to the app as an event too. Once a later message has been
    // answered, that event has been handled: Bolt's ignoreSelf kept the app from answering itself.
    const later = await person().chat.postMessage({ channel: incidents, text: 'still failing' });
    await until('the answer to the later message', async () => ((await person().conversations.replies({ channel: incidents, ts: later.ts ?? '' })).messages?.length ?? 0) > 1);
    const thread = await person().conversations.replies({ channel: incidents, ts: posted.ts ?? '' });
    expect(thread.messages).toHaveLength(2);
  });
});
