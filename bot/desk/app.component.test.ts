import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lab/paths.js';
import type { Runtime } from '../../lab/runtime/runtime.js';
import { prepareShop } from '../../lab/shop-repo/setup.js';
import { serveForTest, testBase, type Started } from '../../test/support/apps.js';
import { mcpOverHttp, resultJson } from '../../test/support/mcp.js';
import { createDeskApp, type DeskApp } from './app.js';
import { createJournal } from './journal/journal.js';
import { createFeatureflagTools } from './tools/featureflags.js';
import { createGitTools } from './tools/git.js';

// The desk's transports in-process, with the tools that need only the shop repository:
// the lab-backed tools are exercised against a running lab in the incident integration test.

const running: Array<Started<DeskApp>> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
});

async function startDesk() {
  const root = repoRoot();
  const stateDir = mkdtempSync(join(tmpdir(), 'fd-desk-'));
  prepareShop(root, stateDir);
  const noLab = new Proxy({}, { get: () => () => Promise.reject(new Error('no lab in this test')) }) as Runtime;
  const sources = { root, stateDir, prometheusUrl: 'http://127.0.0.1:9', pagerUrl: 'http://127.0.0.1:9', workspaceCredentialsFile: join(stateDir, 'none.json'), runtime: noLab };
  const { base, logs } = testBase('desk');
  const journal = createJournal(join(stateDir, 'desk', 'journal.jsonl'));
  const desk = createDeskApp({ base, sources, tools: [...createGitTools(sources), ...createFeatureflagTools(sources)], journal, version: '0.0.0-test' });
  const started = await serveForTest(desk, base, logs);
  running.push(started);
  return started;
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('the desk over HTTP', () => {
  it('lists tools with JSON Schema, answers a call and journals it with its caller', async () => {
    const desk = await startDesk();
    const tools = ((await (await fetch(`${desk.url}/tools`)).json()) as { tools: Array<{ name: string; inputSchema: { type: string } }> }).tools;
    expect(tools.map((t) => t.name)).toContain('git_recent_commits');
    expect(tools.every((t) => t.inputSchema.type === 'object')).toBe(true);
    const res = await post(`${desk.url}/tools/git_recent_commits`, '{"limit":2}', { 'x-firedrill-caller': 'cli:alice', 'x-firedrill-via': 'cli' });
    const body = (await res.json()) as { ok: boolean; seq: number; result: { commits: unknown[] } };
    expect(res.status).toBe(200);
    expect(body.result.commits).toHaveLength(2);
    const journal = ((await (await fetch(`${desk.url}/journal`)).json()) as { entries: unknown[] }).entries;
    expect(journal).toEqual([expect.objectContaining({ seq: body.seq, tool: 'git_recent_commits', args: { limit: 2 }, caller: { kind: 'cli', name: 'alice', via: 'cli' }, ok: true, result: body.result })]);
  });

  it('journals a body that is not JSON as a failed call, and rejects a bad Slack message entry by field', async () => {
    const desk = await startDesk();
    const res = await post(`${desk.url}/tools/git_blame`, '{"path": ');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { seq: number; error: { code: string } };
    expect(body.error.code).toBe('invalid_json');
    expect(((await (await fetch(`${desk.url}/journal?since=${body.seq - 1}`)).json()) as { entries: unknown[] }).entries[0]).toMatchObject({ tool: 'git_blame', ok: false, args: '{"path": ' });
    const bad = await post(`${desk.url}/journal/messages`, JSON.stringify({ channel: 'C1', text: 'hi', ts: '1.1' }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('user');
    const good = await post(`${desk.url}/journal/messages`, JSON.stringify({ channel: 'C1', user: 'U1', text: 'hi', ts: '1.1' }));
    expect(good.status).toBe(201);
  });
});

describe('the desk over MCP (Streamable HTTP)', () => {
  it('serves the tools to the SDK client, names the agent in the journal, and returns errors as tool results', async () => {
    const desk = await startDesk();
    const client = await mcpOverHttp(desk.url.replace('127.0.0.1', 'localhost'), 'test-agent');
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('featureflags_get');
      const ok = resultJson(await client.callTool({ name: 'featureflags_get', arguments: { flag: 'fulfillmentDispatchPaused' } }) as never);
      expect(ok.isError).toBe(false);
      const bad = resultJson(await client.callTool({ name: 'featureflags_get', arguments: { flag: 'fulfillmentDispatchPause' } }) as never);
      expect(bad).toMatchObject({ isError: true, body: { error: { field: 'flag' } } });
      const entries = ((await (await fetch(`${desk.url}/journal`)).json()) as { entries: Array<{ caller: unknown }> }).entries;
      expect(entries.map((e) => e.caller)).toEqual([{ kind: 'agent', name: 'test-agent', via: 'mcp-http' }, { kind: 'agent', name: 'test-agent', via: 'mcp-http' }]);
      expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['incident_briefing']);
    } finally {
      await client.close();
    }
  });

  it('refuses requests whose Host is not loopback (DNS rebinding), and arguments a browser could send without asking', async () => {
    const desk = await startDesk();
    // fetch will not send a Host of our choosing; node:http will, as a rebinding browser would.
    const status = (path: string, body: string) => new Promise<number>((resolve, reject) => {
      const req = request(`${desk.url}${path}`, { method: 'POST', headers: { host: 'evil.example:8090', 'content-type': 'application/json', accept: 'application/json, text/event-stream' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(await status('/mcp', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }))).toBe(403);
    expect(await status('/tools/featureflags_set', JSON.stringify({ flag: 'fulfillmentDispatchPaused', variant: 'on' }))).toBe(403);
    // text/plain is what a page can POST cross-origin without a preflight.
    const plain = await fetch(`${desk.url}/tools/featureflags_set`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ flag: 'fulfillmentDispatchPaused', variant: 'on' }) });
    expect(plain.status).toBe(415);
    expect(((await (await fetch(`${desk.url}/journal`)).json()) as { entries: unknown[] }).entries).toEqual([]);
  });
});
