import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../../test/support/poll.js';
import { channelId } from '../../../test/support/workspace-calls.js';
import { startWorkspace, type StartedWorkspace } from '../../../test/support/workspace.js';

interface StreamReader {
  events: Array<Record<string, unknown>>;
  ended: Promise<void>;
  cancel(): Promise<void>;
}

/** Reads /page/stream as the page does (fetch, bearer token), collecting its events. */
async function openStream(ws: StartedWorkspace, token: string): Promise<StreamReader> {
  const res = await fetch(`${ws.url}/page/stream`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
  const events: Array<Record<string, unknown>> = [];
  const ended = (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer.slice(0, end).split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        if (data) events.push(JSON.parse(data) as Record<string, unknown>);
        buffer = buffer.slice(end + 2);
      }
    }
  })();
  return { events, ended, cancel: () => reader.cancel() };
}

let ws: StartedWorkspace;
beforeAll(async () => {
  ws = await startWorkspace();
});
afterAll(async () => ws?.stop());

describe('the workspace page', () => {
  it('serves one HTML page and its assets from the source tree, with a strict CSP', async () => {
    const page = await fetch(`${ws.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('src="/page/static/js/main.js"');
    // Nothing from the internet: no absolute URL in the page's markup.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const script = await fetch(`${ws.url}/page/static/js/main.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${ws.url}/page/static/js/nope.js`)).status).toBe(404);
  });

  it('bootstraps the page as the person: their token, the people and the channels they can see', async () => {
    const res = await fetch(`${ws.url}/page/bootstrap`);
    const body = (await res.json()) as { self: { id: string; token: string }; team: { name: string }; users: unknown[]; channels: Array<Record<string, unknown>> };
    expect(body.self).toEqual({ id: ws.store.userByName('you')?.id, token: ws.creds.personToken });
    expect(body.team.name).toBe(ws.store.state.team.name);
    expect(body.users).toHaveLength(ws.store.state.users.length);
    expect(body.channels.find((c) => c.name === 'incidents')).toMatchObject({ is_member: true, num_members: expect.any(Number) });
    expect(body.channels.every((c) => !('members' in c))).toBe(true);
  });

  it('streams only what the person may see, and never a token', async () => {
    expect((await fetch(`${ws.url}/page/stream`)).status).toBe(401);
    expect((await fetch(`${ws.url}/page/stream`, { headers: { authorization: `Bearer ${ws.creds.botToken}` } })).status).toBe(401);

    const stream = await openStream(ws, ws.creds.personToken ?? '');
    await until('the hello event', () => stream.events.some((e) => e.type === 'hello'));
    const bot = ws.client(ws.creds.botToken);
    const you = ws.store.userByName('you')?.id ?? '';
    const agent = ws.store.userByName('agent')?.id ?? '';

    // Unseen: a private channel of the bot's, and a modal on the agent's screen.
    const secret = await bot.conversations.create({ name: 'bot-only', is_private: true });
    await bot.chat.postMessage({ channel: secret.channel?.id ?? '', text: 'not for you' });
    const view = { type: 'modal' as const, callback_id: 'x', title: { type: 'plain_text' as const, text: 'Hi' }, blocks: [] };
    await bot.views.open({ trigger_id: ws.store.mintTrigger(agent), view });

    // Seen: a message and a thread reply in #incidents, a reaction, a DM, a modal on the person's screen.
    const incidents = await channelId(bot, 'incidents');
    const root = await bot.chat.postMessage({ channel: incidents, text: 'root' });
    await bot.chat.postMessage({ channel: incidents, thread_ts: root.ts ?? '', text: 'reply', username: 'dan' });
    await ws.client(ws.creds.personToken ?? '').reactions.add({ channel: incidents, timestamp: root.ts ?? '', name: 'eyes' });
    const dm = await bot.conversations.open({ users: you });
    await bot.views.open({ trigger_id: ws.store.mintTrigger(you), view: { ...view, callback_id: 'mine' } });

    await until('the person\'s view event', () => stream.events.some((e) => e.type === 'view'));
    const raw = JSON.stringify(stream.events);
    expect(raw).not.toContain('not for you');
    expect(raw).not.toContain('"callback_id":"x"');
    expect(raw).not.toMatch(/xox[bpa]-/);
    const messages = stream.events.filter((e) => e.type === 'message').map((e) => [e.kind, (e.message as { text: string }).text]);
    expect(messages).toEqual(expect.arrayContaining([['new', 'root'], ['changed', 'root'], ['new', 'reply']]));
    expect(stream.events.find((e) => e.type === 'reaction')).toMatchObject({ channel: incidents, ts: root.ts, name: 'eyes', message: { reactions: [{ name: 'eyes', count: 1 }] } });
    // The DM as the person sees it: `user` is the other side, the bot.
    expect(stream.events.find((e) => e.type === 'channel' && (e.channel as { id: string }).id === dm.channel?.id)).toMatchObject({ channel: { is_im: true, is_member: true, user: ws.creds.botUserId } });
    expect(stream.events.find((e) => e.type === 'view')).toMatchObject({ kind: 'open', view: { callback_id: 'mine', user_id: you } });
    await stream.cancel();
  });

  it('ends open streams when the server drains, so stopping does not wait for its timeout', async () => {
    const own = await startWorkspace();
    const stream = await openStream(own, own.creds.personToken ?? '');
    await until('the hello event', () => stream.events.length > 0);
    await own.stop();
    await stream.ended;
    expect(own.logs.filter((r) => r.msg.startsWith('shutdown timeout'))).toEqual([]);
  });
});
