import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requestJson } from '../../../test/support/http.js';
import { until } from '../../../test/support/poll.js';
import { startWorkspace, type StartedWorkspace } from '../../../test/support/workspace.js';
import { connectRaw, isRefused, type Envelope, type RawSocket } from '../../../test/support/raw-socket.js';

let ws: StartedWorkspace;
let incidents: string;
let raw: RawSocket | undefined;
beforeAll(async () => {
  ws = await startWorkspace({ ackTimeoutMs: 1000 });
  incidents = ws.store.channel('incidents')?.id ?? '';
});
afterEach(async () => {
  await raw?.close();
  raw = undefined;
});
afterAll(async () => ws?.stop());

const page = async (path: string, json: unknown) =>
  (await requestJson(`${ws.url}/page-api/${path}`, { json, headers: { authorization: `Bearer ${ws.creds.personToken}` } })).body;
const bot = () => ws.client(ws.creds.botToken);
const history = async () => (await bot().conversations.history({ channel: incidents, limit: 10 })).messages ?? [];
const modal = (title: string, extra: Record<string, unknown> = {}) => ({
  type: 'modal', title: { type: 'plain_text', text: title }, submit: { type: 'plain_text', text: 'Send' }, callback_id: title.toLowerCase(),
  blocks: [{ type: 'input', block_id: 'b', label: { type: 'plain_text', text: 'B' }, element: { type: 'plain_text_input', action_id: 'a' } }], ...extra,
});

async function connect(): Promise<RawSocket> {
  const { url } = await ws.client(ws.creds.appToken).apps.connections.open();
  const r = await connectRaw(url ?? '');
  if (isRefused(r)) throw new Error(JSON.stringify(r.body));
  raw = r;
  return r;
}

/** Sends a page request, acks the envelope it causes with `payload`, and returns both. */
async function roundTrip(r: RawSocket, path: string, json: unknown, type: string, payload?: Record<string, unknown>): Promise<{ envelope: Envelope; answer: unknown }> {
  const seen = r.envelopes().length;
  const answer = page(path, json);
  const envelope = await r.next(`a ${type} envelope`, (e) => r.envelopes().indexOf(e) >= seen && (e.payload.type === type || e.type === type));
  r.ack(envelope.envelope_id, payload);
  return { envelope, answer: await answer };
}

async function openView(extra: Record<string, unknown> = {}) {
  const trigger = ws.store.mintTrigger(ws.store.userByName('you')?.id ?? '');
  const opened = await bot().views.open({ trigger_id: trigger, view: modal('First', extra) as never });
  return opened.view?.id ?? '';
}

describe('what the app receives for page interactions (Socket Mode)', () => {
  it('a slash command carries Slack\'s fields; response_url posts, and an ack with text is posted too', async () => {
    const r = await connect();
    const { envelope, answer } = await roundTrip(r, 'command', { channel: incidents, command: '/drill', text: 'status now' }, 'slash_commands', { text: 'acked text', response_type: 'in_channel' });
    expect(envelope).toMatchObject({ type: 'slash_commands', accepts_response_payload: true });
    expect(envelope).not.toHaveProperty('retry_attempt');
    const p = envelope.payload;
    expect(p).toMatchObject({
      team_id: ws.creds.teamId, team_domain: 'firedrill-shop', channel_id: incidents, channel_name: 'incidents', user_name: 'you',
      command: '/drill', text: 'status now', api_app_id: ws.creds.appId, is_enterprise_install: 'false',
      token: expect.any(String), user_id: expect.stringMatching(/^U/), trigger_id: expect.any(String),
      response_url: expect.stringMatching(new RegExp(`^${ws.url}/response/[0-9a-f]+$`)),
    });
    expect(answer).toMatchObject({ ok: true });
    expect((await history())[0]).toMatchObject({ text: 'acked text', bot_id: ws.store.state.app.bot_id });

    const responded = await requestJson(String(p.response_url), { json: { text: 'later, via respond()' } });
    expect(responded).toMatchObject({ status: 200, body: { ok: true, ts: expect.any(String) } });
    expect((await history())[0]?.text).toBe('later, via respond()');
    expect((await requestJson(String(p.response_url), { json: { response_type: 'shout' } })).body).toMatchObject({ ok: false, error: 'invalid_request' });
    expect((await requestJson(`${ws.url}/response/nope`, { json: { text: 'x' } })).status).toBe(404);
  });

  it('a button in a message: block_actions with container, message, actions; replace_original through response_url', async () => {
    const r = await connect();
    const posted = await bot().chat.postMessage({
      channel: incidents, text: 'pick',
      blocks: [{ type: 'actions', block_id: 'choices', elements: [{ type: 'button', action_id: 'ack_it', text: { type: 'plain_text', text: 'Ack' }, value: 'v1', style: 'primary' }] }],
    });
    const { envelope, answer } = await roundTrip(r, 'action', { channel: incidents, message_ts: posted.ts, action_id: 'ack_it', block_id: 'choices' }, 'block_actions');
    expect(answer).toEqual({ ok: true });
    expect(envelope).toMatchObject({ type: 'interactive', accepts_response_payload: false });
    expect(envelope.payload).toMatchObject({
      type: 'block_actions', api_app_id: ws.creds.appId, team: { id: ws.creds.teamId, domain: 'firedrill-shop' }, user: { username: 'you' },
      container: { type: 'message', message_ts: posted.ts, channel_id: incidents, is_ephemeral: false },
      channel: { id: incidents, name: 'incidents' }, message: { ts: posted.ts, text: 'pick' }, trigger_id: expect.any(String),
      actions: [{ action_id: 'ack_it', block_id: 'choices', type: 'button', value: 'v1', style: 'primary', text: { type: 'plain_text', text: 'Ack' }, action_ts: expect.any(String) }],
    });
    const url = String(envelope.payload.response_url);
    expect((await requestJson(url, { json: { replace_original: true, text: 'acked by you' } })).body).toMatchObject({ ok: true, ts: posted.ts });
    expect(ws.store.message(incidents, posted.ts ?? '')?.text).toBe('acked by you');
    expect((await requestJson(url, { json: { delete_original: true } })).body).toEqual({ ok: true });
    expect(ws.store.message(incidents, posted.ts ?? '')).toBeUndefined();
  });

  it('a modal: a button in it, then submissions answered with update, push, errors and clear', async () => {
    const r = await connect();
    const id = await openView({ blocks: [...modal('x').blocks, { type: 'actions', block_id: 'more', elements: [{ type: 'button', action_id: 'next', text: { type: 'plain_text', text: 'Next' } }] }] });
    const click = await roundTrip(r, 'action', { view_id: id, action_id: 'next' }, 'block_actions');
    expect(click.answer).toEqual({ ok: true });
    expect(click.envelope.payload).toMatchObject({ container: { type: 'view', view_id: id }, view: { id, callback_id: 'first' }, actions: [{ action_id: 'next', block_id: 'more' }] });
    expect(click.envelope.payload).not.toHaveProperty('response_url');
    expect(click.envelope.payload.view).not.toHaveProperty('user_id');

    const values = { b: { a: { type: 'plain_text_input', value: 'one' } } };
    const updated = await roundTrip(r, 'view-submission', { view_id: id, values }, 'view_submission', { response_action: 'update', view: modal('Second') });
    expect(updated.envelope).toMatchObject({ accepts_response_payload: true, payload: { view: { id, state: { values } }, response_urls: [] } });
    expect(updated.answer).toMatchObject({ ok: true, response_action: 'update', view: { id, callback_id: 'second' } });

    const pushed = await roundTrip(r, 'view-submission', { view_id: id, values }, 'view_submission', { response_action: 'push', view: modal('Third', { notify_on_close: true }) });
    const pushedId = (pushed.answer as { view: { id: string } }).view.id;
    expect(ws.store.state.views[pushedId]).toMatchObject({ callback_id: 'third', previous_view_id: id, root_view_id: id });

    const errors = await roundTrip(r, 'view-submission', { view_id: pushedId, values }, 'view_submission', { response_action: 'errors', errors: { b: 'no' } });
    expect(errors.answer).toEqual({ ok: false, error: 'view_errors', response_action: 'errors', errors: { b: 'no' } });
    const bad = await roundTrip(r, 'view-submission', { view_id: pushedId, values }, 'view_submission', { response_action: 'explode' });
    expect(bad.answer).toMatchObject({ ok: false, error: 'invalid_app_response' });

    const cleared = await roundTrip(r, 'view-submission', { view_id: pushedId, values }, 'view_submission', { response_action: 'clear' });
    expect(cleared.answer).toEqual({ ok: true, response_action: 'clear' });
    expect([ws.store.state.views[id], ws.store.state.views[pushedId]]).toEqual([undefined, undefined]);
  });

  it('closing a modal sends view_closed only when it asked for it', async () => {
    const r = await connect();
    const quiet = await openView();
    expect(await page('view-closed', { view_id: quiet })).toEqual({ ok: true, notified: false });
    const loud = await openView({ notify_on_close: true });
    const { envelope, answer } = await roundTrip(r, 'view-closed', { view_id: loud }, 'view_closed');
    expect(answer).toEqual({ ok: true, notified: true });
    expect(envelope.payload).toMatchObject({ type: 'view_closed', is_cleared: false, view: { id: loud }, user: { username: 'you' } });
    expect(r.envelopes().filter((e) => e.payload.type === 'view_closed')).toHaveLength(1);
  });

  it('an unacked slash command is redelivered once under the same envelope id; unacked twice, the page gets operation_timeout', async () => {
    const r = await connect();
    const answer = await page('command', { channel: incidents, command: '/drill', text: '' });
    expect(answer).toEqual({ ok: false, error: 'operation_timeout' });
    const sent = r.envelopes().filter((e) => e.type === 'slash_commands');
    expect(sent).toHaveLength(2);
    expect(sent[1]?.envelope_id).toBe(sent[0]?.envelope_id);
    expect(sent[1]?.payload).toEqual(sent[0]?.payload);
  });

  it('an interaction acked on its redelivery succeeds: the page sees ok', async () => {
    const r = await connect();
    const posted = await bot().chat.postMessage({ channel: incidents, text: 'b', blocks: [{ type: 'section', block_id: 's', text: { type: 'mrkdwn', text: 'b' }, accessory: { type: 'button', action_id: 'late', text: { type: 'plain_text', text: 'Go' }, value: 'x' } }] });
    const answer = page('action', { channel: incidents, message_ts: posted.ts, action_id: 'late' });
    const clicks = () => r.envelopes().filter((e) => e.type === 'interactive' && e.payload.type === 'block_actions');
    // The first delivery goes unacked (the app was busy reconnecting); the second is acked.
    await r.next('the redelivered click', () => clicks().length === 2);
    r.ack(clicks()[1]?.envelope_id ?? '');
    expect(await answer).toEqual({ ok: true });
    expect(clicks()[1]?.envelope_id).toBe(clicks()[0]?.envelope_id);
  });
});

describe('interactions over HTTP', () => {
  it('a slash command is form fields, a click is a form field payload=<json>, both signed', async () => {
    const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        // Bolt's ack('text') answers a plain text body: the workspace posts it.
        res.writeHead(200, { 'content-type': 'text/plain' }).end(body.startsWith('token=') ? 'text ack over http' : '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const admin = (url: string | null) => requestJson(`${ws.url}/admin/app`, { json: { request_url: url }, headers: { 'x-firedrill-admin': ws.creds.adminSecret } });
    await admin(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
    try {
      expect(await page('command', { channel: 'incidents', command: '/drill', text: 'a b&c' })).toMatchObject({ ok: true });
      const form = new URLSearchParams(received[0]?.body);
      expect(received[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(received[0]?.headers['x-slack-signature']).toMatch(/^v0=/);
      expect([form.get('command'), form.get('text'), form.get('channel_name'), form.get('is_enterprise_install')]).toEqual(['/drill', 'a b&c', 'incidents', 'false']);
      await until('the text ack in the channel', async () => (await history())[0]?.text === 'text ack over http');

      const posted = await bot().chat.postMessage({ channel: incidents, text: 'b', blocks: [{ type: 'section', block_id: 's', text: { type: 'mrkdwn', text: 'b' }, accessory: { type: 'button', action_id: 'go', text: { type: 'plain_text', text: 'Go' }, value: 'x' } }] });
      expect(await page('action', { channel: incidents, message_ts: posted.ts, action_id: 'go' })).toEqual({ ok: true });
      const click = received.find((r) => r.body.startsWith('payload='));
      const payload = JSON.parse(new URLSearchParams(click?.body).get('payload') ?? '{}') as Record<string, unknown>;
      expect(payload).toMatchObject({ type: 'block_actions', actions: [{ action_id: 'go', block_id: 's', value: 'x' }] });
    } finally {
      await admin(null);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
