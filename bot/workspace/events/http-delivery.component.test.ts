import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidSlackRequest } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBoltApp, type StartedBoltApp } from '../../../test/support/bolt-app.js';
import { requestJson } from '../../../test/support/http.js';
import { until } from '../../../test/support/poll.js';
import { startWorkspace, type StartedWorkspace } from '../../../test/support/workspace.js';

let ws: StartedWorkspace;
let incidents: string;
beforeAll(async () => {
  ws = await startWorkspace({ ackTimeoutMs: 500 });
  incidents = ws.store.channel('incidents')?.id ?? '';
});
afterAll(async () => ws?.stop());

const person = () => ws.client(ws.creds.personToken ?? '');
const setRequestUrl = (url: string | null) => requestJson(`${ws.url}/admin/app`, { json: { request_url: url }, headers: { 'x-firedrill-admin': ws.creds.adminSecret } });

interface Received { headers: IncomingHttpHeaders; body: string }

/** A request URL that keeps what it gets and answers as `answer` says (or never). */
async function startEndpoint(answer: (res: ServerResponse) => void) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  await setRequestUrl(url);
  return {
    received,
    close: async () => {
      await setRequestUrl(null);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function repliesTo(ts: string) {
  return (await person().conversations.replies({ channel: incidents, ts })).messages ?? [];
}

describe('HTTP event delivery', () => {
  let bolt: StartedBoltApp | undefined;
  afterEach(async () => {
    await bolt?.stop();
    bolt = undefined;
  });

  it('Bolt over signed HTTP receives a person\'s message and replies in its thread as dan', async () => {
    bolt = await startBoltApp(ws, 'http');
    const posted = await person().chat.postMessage({ channel: incidents, text: 'orders pool at 100%' });
    const replies = await until('dan\'s reply', async () => ((await repliesTo(posted.ts ?? '')).length > 1 ? repliesTo(posted.ts ?? '') : undefined));
    expect(replies[1]).toMatchObject({ text: 'Dan here, looking at: orders pool at 100%', username: 'dan', thread_ts: posted.ts });
  });

  it('signs with the signing secret: Bolt\'s own check accepts it, a tampered secret or body fails', async () => {
    const endpoint = await startEndpoint((res) => res.writeHead(200).end());
    try {
      const posted = await person().chat.postMessage({ channel: incidents, text: 'signed?' });
      const got = await until('the event request', () => endpoint.received.find((r) => r.body.includes(posted.ts ?? '-')));
      expect(got.headers['content-type']).toBe('application/json');
      const headers = { 'x-slack-signature': String(got.headers['x-slack-signature']), 'x-slack-request-timestamp': Number(got.headers['x-slack-request-timestamp']) };
      expect(headers['x-slack-signature']).toMatch(/^v0=[0-9a-f]{64}$/);
      expect(isValidSlackRequest({ signingSecret: ws.creds.signingSecret, body: got.body, headers })).toBe(true);
      expect(isValidSlackRequest({ signingSecret: `${ws.creds.signingSecret}x`, body: got.body, headers })).toBe(false);
      expect(isValidSlackRequest({ signingSecret: ws.creds.signingSecret, body: got.body.replace('signed?', 'signed!'), headers })).toBe(false);
      expect(JSON.parse(got.body)).toMatchObject({
        type: 'event_callback', team_id: ws.creds.teamId, api_app_id: ws.creds.appId, event_id: expect.stringMatching(/^Ev/),
        event: { type: 'message', text: 'signed?', channel: incidents, channel_type: 'channel' },
        authorizations: [{ user_id: ws.creds.botUserId, is_bot: true }],
      });
    } finally {
      await endpoint.close();
    }
  });

  it('a Bolt app verifying with another secret refuses the delivery (401), and nothing is answered', async () => {
    bolt = await startBoltApp(ws, 'http', { signingSecret: 'not-the-workspace-secret' });
    const posted = await person().chat.postMessage({ channel: incidents, text: 'forged?' });
    const refusals = () => ws.logs.filter((r) => r.msg === 'request URL refused the delivery' && r.status === 401 && r.url === bolt?.requestUrl);
    // Refused twice: the first delivery and its one redelivery; then the workspace gives up.
    await until('both refusals', () => refusals().length >= 2);
    await until('the dispatcher to give up', () => ws.logs.some((r) => r.msg === 'envelope not acknowledged' && r.attempt === 1 && r.via === 'http'));
    expect(await repliesTo(posted.ts ?? '')).toHaveLength(1);
  });

  it('without a 200 in time, redelivers once with X-Slack-Retry-Num 1 and X-Slack-Retry-Reason http_timeout', async () => {
    const endpoint = await startEndpoint(() => undefined);
    try {
      const posted = await person().chat.postMessage({ channel: incidents, text: 'slow app' });
      const tries = () => endpoint.received.filter((r) => r.body.includes(posted.ts ?? '-'));
      await until('the redelivery', () => tries().length === 2);
      await until('the dispatcher to give up', () => ws.logs.some((r) => r.msg === 'envelope not acknowledged' && r.attempt === 1 && r.reason === 'http_timeout'));
      expect(tries()).toHaveLength(2);
      const [first, second] = tries();
      expect(first?.headers['x-slack-retry-num']).toBeUndefined();
      expect([second?.headers['x-slack-retry-num'], second?.headers['x-slack-retry-reason']]).toEqual(['1', 'http_timeout']);
      expect(JSON.parse(second?.body ?? '{}').event_id).toBe(JSON.parse(first?.body ?? '{}').event_id);
    } finally {
      await endpoint.close();
    }
  });

  it('an error status is retried once with reason http_error; no request URL and no socket means no delivery', async () => {
    const endpoint = await startEndpoint((res) => res.writeHead(500).end());
    try {
      const posted = await person().chat.postMessage({ channel: incidents, text: 'broken app' });
      const tries = () => endpoint.received.filter((r) => r.body.includes(posted.ts ?? '-'));
      await until('the redelivery', () => tries().length === 2);
      expect(tries()[1]?.headers['x-slack-retry-reason']).toBe('http_error');
    } finally {
      await endpoint.close();
    }
    const res = await requestJson(`${ws.url}/page-api/command`, { json: { channel: 'incidents', command: '/drill', text: '' }, headers: { authorization: `Bearer ${ws.creds.personToken}` } });
    expect(res.body).toEqual({ ok: false, error: 'dispatch_failed' });
  });
});
