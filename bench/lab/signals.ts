import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import type { WorkspaceCredentials } from '../../bot/workspace/credentials.js';
import type { BenchLab } from './lab-process.js';

/** What the bench watches during the incident, each read the way an operator would. */

/** The breaker's state as the storefront exports it (its own /metrics, no scrape delay). */
export async function breakerState(lab: BenchLab): Promise<'open' | 'half_open' | 'closed'> {
  const text = await (await fetch(`${lab.url('storefront')}/metrics`)).text();
  const value = (state: string) => new RegExp(`^storefront_breaker_state\\{[^}]*state="${state}"[^}]*\\} 1$`, 'm').test(text);
  return value('open') ? 'open' : value('half_open') ? 'half_open' : 'closed';
}

export async function storefrontStatus(lab: BenchLab): Promise<number> {
  const res = await fetch(`${lab.url('storefront')}/`, { signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer();
  return res.status;
}

/** The first time Prometheus reported the alert firing, by its own `activeAt` (pending) and our poll (firing). */
export async function alertState(lab: BenchLab, alertname: string): Promise<{ state: string; activeAt: string } | undefined> {
  const body = (await (await fetch(`${lab.url('prometheus')}/api/v1/alerts`)).json()) as { data: { alerts: Array<{ labels: Record<string, string>; state: string; activeAt: string }> } };
  return body.data.alerts.find((a) => a.labels.alertname === alertname);
}

/** When the pager opened its incident for the alert (its own createdAt). */
export async function pagerIncidentAt(lab: BenchLab, alertname: string, since: number): Promise<number | undefined> {
  const body = (await (await fetch(`${lab.url('pager')}/incidents`)).json()) as { incidents: Array<{ groupKey: string; createdAt: string }> };
  const times = body.incidents.filter((i) => i.groupKey.includes(`alertname="${alertname}"`)).map((i) => Date.parse(i.createdAt)).filter((t) => t >= since);
  return times.length > 0 ? Math.min(...times) : undefined;
}

/** The person's Slack client on the lab's workspace, built exactly as for Slack. */
export function personSlack(lab: BenchLab): WebClient {
  const creds = JSON.parse(readFileSync(join(lab.stateDir, 'workspace', 'credentials.json'), 'utf8')) as WorkspaceCredentials;
  return new WebClient(creds.personToken, { slackApiUrl: creds.apiUrl, retryConfig: { retries: 0 } });
}

/** When the bot's page reached the channel: the message's own Slack ts (seconds since the epoch). */
export async function pagePostedAt(client: WebClient, channelId: string, title: string): Promise<number | undefined> {
  const messages = ((await client.conversations.history({ channel: channelId, limit: 50 })).messages ?? []) as Array<{ ts?: string; text?: string; bot_id?: string; username?: string }>;
  const page = messages.find((m) => m.bot_id !== undefined && m.username === undefined && (m.text ?? '').includes(title));
  return page?.ts ? Number(page.ts) * 1000 : undefined;
}

export async function channelIdOf(client: WebClient, name: string): Promise<string> {
  const id = (await client.conversations.list({ limit: 1000 })).channels?.find((c) => c.name === name)?.id;
  if (!id) throw new Error(`the lab's workspace has no #${name}`);
  return id;
}
