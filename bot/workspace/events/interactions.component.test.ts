import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoltApp, type StartedBoltApp } from '../../../test/support/bolt-app.js';
import { requestJson } from '../../../test/support/http.js';
import { until } from '../../../test/support/poll.js';
import { startWorkspace, type StartedWorkspace } from '../../../test/support/workspace.js';
import type { View } from '../model.js';

/** The same round trips through /page-api, with the real Bolt app over each transport. */
describe.each(['socket', 'http'] as const)('interactions from the page, Bolt in %s mode', (mode) => {
  let ws: StartedWorkspace;
  let bolt: StartedBoltApp;
  let incidents: string;
  beforeAll(async () => {
    ws = await startWorkspace();
    bolt = await startBoltApp(ws, mode);
    incidents = ws.store.channel('incidents')?.id ?? '';
  });
  afterAll(async () => {
    await bolt?.stop();
    await ws?.stop();
  });

  const page = async (path: string, json: unknown) =>
    (await requestJson(`${ws.url}/page-api/${path}`, { json, headers: { authorization: `Bearer ${ws.creds.personToken}` } })).body;
  const person = () => ws.client(ws.creds.personToken ?? '');
  const youId = () => ws.store.userByName('you')?.id;
  const openReport = () => until('the report modal', () => Object.values(ws.store.state.views).find((v) => v.callback_id === 'report' && v.user_id === youId()));
  const inIncidents = (text: string) => until(`"${text}" in #incidents`, async () =>
    (await person().conversations.history({ channel: incidents, limit: 20 })).messages?.find((m) => m.text === text));
  const submit = (view: View, value: string) => page('view-submission', { view_id: view.id, values: { cause: { value: { type: 'plain_text_input', value } } } });

  it('/drill: the ack\'s text shows up in the channel and the modal opens', async () => {
    expect(await page('command', { channel: 'incidents', command: '/drill', text: 'report' })).toMatchObject({ ok: true, response_ts: expect.any(String) });
    const ack = await inIncidents('Opening the incident report form');
    expect(ack).toMatchObject({ bot_id: ws.store.state.app.bot_id });
    const view = await openReport();
    expect(view.blocks).toEqual([expect.objectContaining({ block_id: 'cause', element: expect.objectContaining({ action_id: 'value' }) })]);
    expect(await page('view-closed', { view_id: view.id })).toEqual({ ok: true, notified: true });
    expect(ws.store.state.views[view.id]).toBeUndefined();
  });

  it('"form" → button → modal → an invalid, then a valid submission → "report received"', async () => {
    await person().chat.postMessage({ channel: incidents, text: 'where is the form?' });
    const button = await until('the form button', async () =>
      (await person().conversations.history({ channel: incidents, limit: 10 })).messages?.find((m) => m.text === 'File the incident report'));
    const views: string[] = [];
    ws.store.events.on('view', ({ view, kind }) => views.push(`${kind}:${view.callback_id}`));
    expect(await page('action', { channel: incidents, message_ts: button.ts, action_id: 'open_form', block_id: 'form', value: 'report' })).toEqual({ ok: true });
    const view = await openReport();

    // The app answers a too-short cause with response_action errors: the modal stays open.
    expect(await submit(view, 'x')).toEqual({ ok: false, error: 'view_errors', response_action: 'errors', errors: { cause: 'Say a little more about the cause' } });
    expect(ws.store.state.views[view.id]).toBeDefined();

    expect(await submit(view, 'the orders pool is exhausted')).toEqual({ ok: true, response_action: null });
    expect(ws.store.state.views[view.id]).toBeUndefined();
    await inIncidents('report received: the orders pool is exhausted');
    expect(views).toEqual(['open:report', 'close:report']);
  });
});
