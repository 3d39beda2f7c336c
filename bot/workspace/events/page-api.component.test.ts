import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestJson } from '../../../test/support/http.js';
import { startWorkspace, type StartedWorkspace } from '../../../test/support/workspace.js';

let ws: StartedWorkspace;
let incidents: string;
beforeAll(async () => {
  ws = await startWorkspace();
  incidents = ws.store.channel('incidents')?.id ?? '';
});
afterAll(async () => ws?.stop());

const as = (token: string | undefined) => (path: string, body: { json?: unknown; raw?: string }) =>
  requestJson(`${ws.url}/page-api/${path}`, { ...body, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
const you = () => as(ws.creds.personToken);

describe('/page-api refuses bad requests clearly', () => {
  it('needs a person\'s user token', async () => {
    expect(await as(undefined)('command', { json: {} })).toMatchObject({ status: 401, body: { ok: false, error: 'not_authed' } });
    expect(await as('xoxp-nope')('command', { json: {} })).toMatchObject({ status: 401, body: { ok: false, error: 'invalid_auth' } });
    expect(await as(ws.creds.botToken)('command', { json: {} })).toMatchObject({ status: 403, body: { ok: false, error: 'not_allowed_token_type' } });
    expect(await as(ws.creds.appToken)('action', { json: {} })).toMatchObject({ status: 403, body: { error: 'not_allowed_token_type' } });
  });

  it('names what is wrong with a malformed body', async () => {
    expect(await you()('command', { raw: '{"channel":' })).toMatchObject({ status: 400, body: { ok: false, error: 'invalid_json' } });
    const missing = await you()('command', { json: { text: 'x' } });
    expect(missing).toMatchObject({ status: 400, body: { ok: false, error: 'invalid_request' } });
    expect((missing.body as { detail: string }).detail).toMatch(/channel.*command|command.*channel/s);
    expect(await you()('command', { json: { channel: 'incidents', command: 'drill' } })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('expected a slash command') } });
    expect(await you()('command', { json: { channel: 'incidents', command: '/drill', extra: 1 } })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await you()('action', { json: { action_id: 'x' } })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('either channel and message_ts') } });
    expect(await you()('action', { json: { channel: incidents, message_ts: '1.000001', view_id: 'V1', action_id: 'x' } })).toMatchObject({ status: 400 });
    expect(await you()('action', { json: { channel: incidents, message_ts: 'yesterday', action_id: 'x' } })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('message_ts') } });
    expect(await you()('view-submission', { json: { view_id: 'V1', values: { b: { a: { value: 'no type' } } } } })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await you()('view-closed', { json: [] })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('answers 404 for unknown views, conversations, messages, actions, commands and endpoints', async () => {
    expect(await you()('view-submission', { json: { view_id: 'V0NOPE', values: {} } })).toMatchObject({ status: 404, body: { ok: false, error: 'view_not_found' } });
    expect(await you()('view-closed', { json: { view_id: 'V0NOPE' } })).toMatchObject({ status: 404, body: { error: 'view_not_found' } });
    expect(await you()('action', { json: { view_id: 'V0NOPE', action_id: 'x' } })).toMatchObject({ status: 404, body: { error: 'view_not_found' } });
    expect(await you()('command', { json: { channel: 'C0NOPE', command: '/drill' } })).toMatchObject({ status: 404, body: { error: 'channel_not_found' } });
    expect(await you()('command', { json: { channel: 'incidents', command: '/deploy' } })).toMatchObject({ status: 404, body: { error: 'unknown_command', detail: expect.stringContaining('/drill') } });
    expect(await you()('action', { json: { channel: incidents, message_ts: '1.000001', action_id: 'x' } })).toMatchObject({ status: 404, body: { error: 'message_not_found' } });
    const plain = await ws.client(ws.creds.personToken ?? '').chat.postMessage({ channel: incidents, text: 'no buttons here' });
    expect(await you()('action', { json: { channel: incidents, message_ts: plain.ts, action_id: 'open_form' } })).toMatchObject({ status: 404, body: { error: 'action_not_found' } });
    expect(await you()('teleport', { json: {} })).toMatchObject({ status: 404, body: { error: 'unknown_method' } });
  });

  it('keeps a person to their own views, and checks submitted values against the view\'s inputs', async () => {
    const dan = ws.store.userByName('dan')?.id ?? '';
    const view = {
      type: 'modal', title: { type: 'plain_text', text: 'Dan\'s' }, submit: { type: 'plain_text', text: 'Go' },
      blocks: [{ type: 'input', block_id: 'b', label: { type: 'plain_text', text: 'B' }, element: { type: 'plain_text_input', action_id: 'a' } }],
    };
    const dans = await ws.client(ws.creds.botToken).views.open({ trigger_id: ws.store.mintTrigger(dan), view: view as never });
    expect(await you()('view-submission', { json: { view_id: dans.view?.id, values: {} } })).toMatchObject({ status: 404, body: { error: 'view_not_found' } });
    const mine = await ws.client(ws.creds.botToken).views.open({ trigger_id: ws.store.mintTrigger(ws.store.userByName('you')?.id ?? ''), view: view as never });
    const wrong = await you()('view-submission', { json: { view_id: mine.view?.id, values: { b: { nope: { type: 'plain_text_input', value: 'x' } } } } });
    expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_request', detail: expect.stringContaining('values.b.nope is no input') } });
    // With no app connected the submission cannot be delivered; the view stays open.
    expect(await you()('view-submission', { json: { view_id: mine.view?.id, values: { b: { a: { type: 'plain_text_input', value: 'x' } } } } })).toMatchObject({ status: 200, body: { ok: false, error: 'dispatch_failed' } });
    expect(ws.store.state.views[mine.view?.id ?? '']).toBeDefined();
  });

  it('response URLs: unknown ones are 404, bad bodies 400; nothing breaks the workspace', async () => {
    expect(await requestJson(`${ws.url}/response/nope`, { json: { text: 'x' } })).toMatchObject({ status: 404, body: { ok: false, error: 'expired_url' } });
    expect(await requestJson(`${ws.url}/response/nope`, { raw: '{' })).toMatchObject({ status: 400, body: { ok: false, error: 'invalid_json' } });
    expect((await ws.client(ws.creds.botToken).auth.test()).ok).toBe(true);
    expect(ws.logs.filter((r) => r.level === 'error' || r.level === 'fatal')).toEqual([]);
  });
});
