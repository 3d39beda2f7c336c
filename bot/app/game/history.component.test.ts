import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenariosDir } from '../../../chaos/scenario/load.js';
import { loadWorld } from '../../../chaos/scenario/world.js';
import { repoRoot } from '../../../lab/paths.js';
import { channelId } from '../../../test/support/workspace-calls.js';
import { startWorkspace, type StartedWorkspace } from '../../../test/support/workspace.js';
import { importHistory } from './history-import.js';
import { planHistory } from './history.js';

let ws: StartedWorkspace;
let you: WebClient;

beforeAll(async () => {
  ws = await startWorkspace();
  you = ws.client(ws.creds.personToken ?? '');
});

afterAll(async () => {
  await ws.stop();
});

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('importHistory into the local workspace', () => {
  it('puts storefront-offline\'s past into its channels at the original times, with threads, reactions and names', async () => {
    const w = loadWorld(join(scenariosDir(repoRoot()), 'storefront-offline'));
    const injectedAt = new Date();
    const plan = planHistory(w.slack ?? { channels: [] }, injectedAt, w.oncall.people);
    const done = await importHistory({ workspaceUrl: ws.creds.apiUrl, adminSecret: ws.creds.adminSecret, imports: plan.imports });
    expect(done.map((d) => d.channel)).toEqual(plan.imports.map((b) => b.channel));
    // The workspace's own #orders, not a second one.
    expect(done[0]?.channelId).toBe(await channelId(you, 'orders'));

    const users = new Map((await you.users.list({})).members?.map((u) => [u.id ?? '', u]) ?? []);
    expect([...users.values()].find((u) => u.name === 'marco')?.real_name).toBe('Marco Rossi');
    for (const [i, body] of plan.imports.entries()) {
      const imported = done[i];
      if (!imported) throw new Error(`#${body.channel} was not imported`);
      expect(imported.ts).toHaveLength(body.messages.length);
      const history = await you.conversations.history({ channel: imported.channelId, limit: 200 });
      const byTs = new Map(history.messages?.map((m) => [m.ts ?? '', m]) ?? []);
      for (const [j, m] of body.messages.entries()) {
        const ts = imported.ts[j] ?? '';
        expect(Math.floor(Number(ts)), `#${body.channel} messages[${j}]`).toBe(seconds(m.at));
        expect(Number(ts) * 1000).toBeLessThan(injectedAt.getTime());
        const replies = body.messages.flatMap((r, k) => (r.replyTo === j ? [k] : []));
        if (m.replyTo !== undefined) {
          expect(byTs.has(ts), 'a reply stays in its thread').toBe(false);
          continue;
        }
        const shown = byTs.get(ts);
        expect(shown?.text, `#${body.channel} messages[${j}] in history`).toBe(m.text);
        expect(shown?.reply_count ?? 0).toBe(replies.length);
        expect(users.get(shown?.user ?? '')?.name).toBe(m.user);
        if (m.reactions) expect(shown?.reactions?.map((r) => [r.name, r.count])).toEqual(m.reactions.map((r) => [r.name, r.users.length]));
        if (replies.length === 0) continue;
        const thread = await you.conversations.replies({ channel: imported.channelId, ts });
        expect(thread.messages?.map((r) => r.text)).toEqual([m.text, ...replies.map((k) => body.messages[k]?.text)]);
        expect(thread.messages?.slice(1).map((r) => Math.floor(Number(r.ts)))).toEqual(replies.map((k) => seconds(body.messages[k]?.at ?? '')));
      }
    }
  });

  it('fails with the workspace\'s answer: a wrong secret, a message from the future', async () => {
    const hi = { user: 'dan', text: 'hi', at: new Date(Date.now() - 60_000).toISOString() };
    const body = { channel: 'history-errors', messages: [hi] };
    await expect(importHistory({ workspaceUrl: ws.url, adminSecret: 'wrong', imports: [body] })).rejects.toMatchObject({
      code: 'history_import_failed',
      message: expect.stringMatching(/^importing #history-errors into the workspace at http:\/\/127\.0\.0\.1:\d+\/admin\/import: HTTP 401: admin_auth: admin endpoints need the workspace admin secret/),
    });
    const future = { ...body, messages: [{ ...hi, at: new Date(Date.now() + 3_600_000).toISOString() }] };
    await expect(importHistory({ workspaceUrl: ws.url, adminSecret: ws.creds.adminSecret, imports: [body, future] })).rejects.toThrow(/HTTP 400: invalid_request: messages\[0\]\.at is in the future/);
  });

  it('fails clearly when nothing listens, and after its timeout when nothing answers', async () => {
    const closed = createServer();
    const closedUrl = await listening(closed);
    await new Promise((resolve) => closed.close(resolve));
    const imports = [{ channel: 'nowhere', messages: [{ user: 'dan', text: 'hi', at: new Date(Date.now() - 60_000).toISOString() }] }];
    await expect(importHistory({ workspaceUrl: closedUrl, adminSecret: 's', imports })).rejects.toThrow(/importing #nowhere .*: fetch failed \(.*ECONNREFUSED/);

    const silent = createServer(() => undefined);
    const silentUrl = await listening(silent);
    try {
      await expect(importHistory({ workspaceUrl: silentUrl, adminSecret: 's', imports, timeoutMs: 300 })).rejects.toThrow(/importing #nowhere .*: no answer within 300 ms/);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
