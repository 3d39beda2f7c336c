import type { WebClient } from '@slack/web-api';
import type { StartedWorkspace } from './workspace.js';

/** A name no earlier test (or run) used, for channels and search words. */
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/** A channel's id by name, as the caller sees conversations.list. */
export async function channelId(client: WebClient, name: string): Promise<string> {
  const list = await client.conversations.list({ types: 'public_channel,private_channel', limit: 1000 });
  const id = list.channels?.find((c) => c.name === name)?.id;
  if (!id) throw new Error(`no channel #${name}`);
  return id;
}

/** POST to an admin endpoint with the workspace's admin secret. */
export async function admin(ws: StartedWorkspace, path: string, body: unknown, secret = ws.creds.adminSecret): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${ws.url}/admin/${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-firedrill-admin': secret }, body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A token with only these scopes, minted through the admin endpoint. */
export async function mintToken(ws: StartedWorkspace, kind: 'bot' | 'user', scopes: string[], user?: string): Promise<string> {
  const res = await admin(ws, 'tokens', { kind, scopes, label: 'narrow', ...(user ? { user } : {}) });
  if (res.status !== 201 || typeof res.body.token !== 'string') throw new Error(`could not mint a token: ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** A raw Web API call, for bodies WebClient would never send. */
export async function rawCall(ws: StartedWorkspace, methodName: string, token: string, body: string, contentType = 'application/x-www-form-urlencoded'): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const res = await fetch(`${ws.creds.apiUrl}${methodName}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}
