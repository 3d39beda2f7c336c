import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, type BlockAction, type SocketModeReceiver, type types } from '@slack/bolt';
import { requestJson } from './http.js';
import type { StartedWorkspace } from './workspace.js';

export interface StartedBoltApp {
  app: App;
  /** HTTP mode: the URL the workspace posts events to. */
  requestUrl: string | undefined;
  stop(): Promise<void>;
}

export interface BoltAppOptions {
  /** HTTP mode: verify with this secret instead of the workspace's (to prove a wrong one is refused). */
  signingSecret?: string;
}

/** The modal the app opens: one plain-text input, block `cause`, action `value`. */
export function reportModal(): types.ModalView {
  return {
    type: 'modal', callback_id: 'report', notify_on_close: true,
    title: { type: 'plain_text', text: 'Incident report' },
    submit: { type: 'plain_text', text: 'Send' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [{ type: 'input', block_id: 'cause', label: { type: 'plain_text', text: 'What caused it?' }, element: { type: 'plain_text_input', action_id: 'value' } }],
  };
}

/**
 * What the test app does: answer every person's message in #incidents in its thread as
 * the persona "dan"; offer a form button when someone says "form"; open the report modal
 * from that button and from /drill; post the submitted report into #incidents.
 */
function listen(app: App, incidents: string): void {
  app.message(async ({ message, client }) => {
    // Only people's plain messages: the app's own (persona ones too) come back as events.
    if (message.subtype !== undefined || message.channel !== incidents) return;
    const text = message.text ?? '';
    if (/\bform\b/i.test(text)) {
      await client.chat.postMessage({
        channel: incidents, text: 'File the incident report',
        blocks: [
          { type: 'section', block_id: 'intro', text: { type: 'mrkdwn', text: 'File the incident report' } },
          { type: 'actions', block_id: 'form', elements: [{ type: 'button', action_id: 'open_form', text: { type: 'plain_text', text: 'Open form' }, value: 'report' }] },
        ],
      });
    }
    await client.chat.postMessage({
      channel: incidents, thread_ts: message.thread_ts ?? message.ts, text: `Dan here, looking at: ${text.slice(0, 80)}`,
      username: 'dan', icon_emoji: ':package:',
    });
  });

  app.action<BlockAction>('open_form', async ({ ack, body, client }) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: reportModal() });
  });

  app.command('/drill', async ({ ack, body, client }) => {
    await ack({ response_type: 'ephemeral', text: 'Opening the incident report form' });
    await client.views.open({ trigger_id: body.trigger_id, view: reportModal() });
  });

  app.view('report', async ({ ack, view, client }) => {
    const value = view.state.values.cause?.value?.value ?? '';
    if (value.trim().length < 3) {
      await ack({ response_action: 'errors', errors: { cause: 'Say a little more about the cause' } });
      return;
    }
    await ack();
    await client.chat.postMessage({ channel: incidents, text: `report received: ${value}` });
  });

  app.view({ type: 'view_closed', callback_id: 'report' }, async ({ ack }) => {
    await ack();
  });
}

/**
 * The real @slack/bolt App against a local workspace, in Socket Mode or over signed HTTP.
 * Only the API URL and tokens differ from Slack: in Socket Mode the App hands
 * clientOptions to its SocketModeClient too, so apps.connections.open comes here.
 */
export async function startBoltApp(ws: Pick<StartedWorkspace, 'creds' | 'url'>, mode: 'socket' | 'http', opts: BoltAppOptions = {}): Promise<StartedBoltApp> {
  const clientOptions = { slackApiUrl: ws.creds.apiUrl, retryConfig: { retries: 0 } };
  const app = mode === 'socket'
    ? new App({ token: ws.creds.botToken, appToken: ws.creds.appToken, socketMode: true, clientOptions, logLevel: LogLevel.ERROR })
    : new App({ token: ws.creds.botToken, signingSecret: opts.signingSecret ?? ws.creds.signingSecret, clientOptions, logLevel: LogLevel.ERROR });
  const channels = await app.client.conversations.list({ types: 'public_channel' });
  const incidents = channels.channels?.find((c) => c.name === 'incidents')?.id;
  if (!incidents) throw new Error('the workspace has no #incidents channel');
  listen(app, incidents);

  const admin = (requestUrl: string | null) => requestJson(`${ws.url}/admin/app`, { json: { request_url: requestUrl }, headers: { 'x-firedrill-admin': ws.creds.adminSecret } });
  if (mode === 'socket') {
    await app.start();
    // App.stop() does not wait for the WebSocket's close handshake; a workspace stopped
    // right after would cut it off and the client would report an error. Wait for it.
    const { client } = (app as unknown as { receiver: SocketModeReceiver }).receiver;
    // @slack/socket-mode 3.1 reconnects with `this.start().then(res)` and never handles that
    // promise: a disconnect during a reconnect (a workspace asking clients to refresh, then
    // shutting down) surfaces as an unhandled rejection of `undefined`. Give each start() a
    // handler; callers that await it still see the rejection.
    const start = client.start.bind(client);
    client.start = () => {
      const started = start();
      started.catch(() => undefined);
      return started;
    };
    return {
      app, requestUrl: undefined,
      stop: async () => {
        const closed = new Promise<void>((resolve) => client.once('disconnected', () => resolve()));
        await app.stop();
        await closed;
      },
    };
  }
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const requestUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  const set = await admin(requestUrl);
  if (set.status !== 200) throw new Error(`could not set the request URL: ${set.status} ${JSON.stringify(set.body)}`);
  return {
    app, requestUrl,
    stop: async () => {
      await admin(null);
      await app.stop();
    },
  };
}
