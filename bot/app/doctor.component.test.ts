import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botScopes } from '../workspace/config.js';
import { repoRoot } from '../../lab/paths.js';
import { startWorkspace, type StartedWorkspace } from '../../test/support/workspace.js';
import { runDoctor, type DoctorInput } from './doctor.js';
import { manifestBotScopes } from './manifest.js';

let ws: StartedWorkspace;
beforeAll(async () => {
  ws = await startWorkspace();
});
afterAll(async () => ws?.stop());

const required = manifestBotScopes(repoRoot());
const input = (over: Partial<DoctorInput>): DoctorInput => ({
  apiUrl: ws.creds.apiUrl, botToken: ws.creds.botToken, appToken: ws.creds.appToken, signingSecret: undefined, mode: 'http',
  requiredScopes: required, channel: 'incidents', ...over,
});

async function mint(scopes: string[]): Promise<string> {
  const res = await fetch(`${ws.url}/admin/tokens`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-firedrill-admin': ws.creds.adminSecret },
    body: JSON.stringify({ kind: 'bot', scopes, label: 'narrow' }),
  });
  return ((await res.json()) as { token: string }).token;
}

describe('slack doctor', () => {
  it('the manifest asks for exactly the scopes the local workspace grants its bot', () => {
    expect([...required].sort()).toEqual([...botScopes].sort());
  });

  it('passes the local workspace with the bot token it minted', async () => {
    const checks = await runDoctor(input({ signingSecret: ws.creds.signingSecret }));
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual(['auth.test', 'scopes', '#incidents', 'http mode']);
  });

  it('passes Socket Mode with the app-level token: apps.connections.open gives a WebSocket URL', async () => {
    const checks = await runDoctor(input({ mode: 'socket' }));
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.at(-1)).toMatchObject({ name: 'socket mode', ok: true });
  });

  it('reports missing_scope, naming the scopes, for a token without them', async () => {
    const token = await mint(['chat:write', 'channels:read']);
    const checks = await runDoctor(input({ botToken: token, signingSecret: ws.creds.signingSecret }));
    const scopes = checks.find((c) => c.name === 'scopes');
    expect(scopes?.ok).toBe(false);
    expect(scopes?.detail).toMatch(/^missing_scope: /);
    for (const s of required.filter((x) => x !== 'chat:write' && x !== 'channels:read')) expect(scopes?.detail).toContain(s);
    expect(scopes?.fix).toContain('bot/manifest.yaml');
  });

  it('reports a channel listing refused for lack of scope with Slack\'s own error', async () => {
    const token = await mint(['chat:write']);
    const checks = await runDoctor(input({ botToken: token, signingSecret: 'x' }));
    expect(checks.find((c) => c.name === '#incidents')).toMatchObject({ ok: false, detail: expect.stringMatching(/missing_scope \(needed: channels:read/) });
  });

  it('names a bad or missing token with the fix', async () => {
    expect(await runDoctor(input({ botToken: undefined }))).toEqual([expect.objectContaining({ ok: false, detail: 'SLACK_BOT_TOKEN is not set' })]);
    expect((await runDoctor(input({ botToken: 'xoxb-nope' })))[0]).toMatchObject({ name: 'auth.test', ok: false, detail: expect.stringContaining('invalid_auth') });
    expect((await runDoctor(input({ botToken: ws.creds.appToken })))[0]).toMatchObject({ ok: false, detail: 'SLACK_BOT_TOKEN does not start with xoxb-' });
    const socket = await runDoctor(input({ mode: 'socket', appToken: undefined }));
    expect(socket.at(-1)).toMatchObject({ name: 'socket mode', ok: false, detail: 'SLACK_APP_TOKEN is not set' });
  });
});
