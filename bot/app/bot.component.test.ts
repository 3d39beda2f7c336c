import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createJournal as createChaosJournal } from '../../chaos/runner/journal.js';
import { repoRoot } from '../../lab/paths.js';
import { controlRuntime } from '../../lab/runtime/local/control.js';
import { prepareShop } from '../../lab/shop-repo/setup.js';
import { listen as listenHttp, serveForTest, testBase } from '../../test/support/apps.js';
import { until } from '../../test/support/poll.js';
import { partnerFigures } from '../../test/support/coworkers.js';
import { readGroundTruth, startPartners, webhookBody } from '../../test/support/partners.js';
import { freshRedisUrl } from '../../test/support/redis.js';
import { startWorkspace, type StartedWorkspace } from '../../test/support/workspace.js';
import { createDeskApp } from '../desk/app.js';
import type { JournalEntry } from '../desk/journal/journal.js';
import { createJournal } from '../desk/journal/journal.js';
import { createDeskTools } from '../desk/tools/index.js';
import { createErrorStore } from '../desk/errors/error-store.js';
import { createTraceStore } from '../desk/traces/trace-store.js';
import { createBot } from './app.js';
import type { BotConfig } from './config.js';

// The real Bolt app (createBot) against the real local workspace and a real desk, both
// in-process. What a lab would add — Prometheus, partners, the control socket — is absent,
// and the coworkers say so instead of making numbers up; the lab test covers live figures.

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

interface Rig {
  ws: StartedWorkspace;
  deskUrl: string;
  botUrl: string;
  stateDir: string;
  journal(): Promise<JournalEntry[]>;
}

async function rig(mode: 'socket' | 'http' = 'socket', partnersUrl = 'http://127.0.0.1:9'): Promise<Rig> {
  const root = repoRoot();
  const stateDir = mkdtempSync(join(tmpdir(), 'fd-bot-'));
  prepareShop(root, stateDir);
  const ws = await startWorkspace();
  stops.push(() => ws.stop());
  const sources = {
    root, stateDir, prometheusUrl: 'http://127.0.0.1:9', pagerUrl: 'http://127.0.0.1:9',
    workspaceCredentialsFile: join(stateDir, 'none.json'), runtime: controlRuntime(join(stateDir, 'no.sock')),
  };
  const signals = { errors: createErrorStore(), traces: createTraceStore() };
  const deskBase = testBase('desk');
  const desk = await serveForTest(createDeskApp({
    base: deskBase.base, sources, signals, tools: createDeskTools(sources, signals), journal: createJournal(join(stateDir, 'desk', 'journal.jsonl')), version: '0.0.0-test', coachMode: 'enforce',
  }), deskBase.base, deskBase.logs);
  stops.push(() => desk.stop());

  const config: BotConfig = {
    settings: { port: 0, host: '127.0.0.1', logLevel: 'silent', configFile: undefined, flagsFile: undefined, flagdSync: undefined, otlpEndpoint: undefined, errorReportUrl: undefined, release: 'test', shutdownTimeoutMs: 2000 },
    stateDir, mode, deskUrl: desk.url, partnersUrl, slack: { kind: 'local', credentialsFile: '' }, coachMode: 'enforce', pollMs: 200, channelPrefix: '', llm: undefined,
  };
  const { base } = testBase('bot');
  const access = { kind: 'local' as const, botToken: ws.creds.botToken, appToken: ws.creds.appToken, signingSecret: ws.creds.signingSecret, apiUrl: ws.creds.apiUrl, admin: { url: ws.url, secret: ws.creds.adminSecret } };
  const bot = await createBot({ base, config, access, root });
  const server = await listenHttp(bot.express, base);
  if (mode === 'http') {
    const set = await fetch(`${ws.url}/admin/app`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-firedrill-admin': ws.creds.adminSecret }, body: JSON.stringify({ request_url: `${server.url}/slack/events` }) });
    expect(set.status).toBe(200);
  }
  await bot.start();
  stops.push(async () => {
    await bot.close();
    await server.close();
  });
  return {
    ws, deskUrl: desk.url, botUrl: server.url, stateDir,
    journal: async () => ((await (await fetch(`${desk.url}/journal`)).json()) as { entries: JournalEntry[] }).entries,
  };
}

async function channel(r: Rig, name: string): Promise<string> {
  const list = await r.ws.client(r.ws.creds.personToken ?? '').conversations.list({});
  const id = list.channels?.find((c) => c.name === name)?.id;
  if (!id) throw new Error(`no #${name}`);
  return id;
}

/** Posts as the person at the page and waits for `count` replies in the thread. */
async function ask(r: Rig, where: string, text: string, count = 1): Promise<Array<{ text?: string; username?: string; bot_id?: string }>> {
  const person = r.ws.client(r.ws.creds.personToken ?? '');
  const id = await channel(r, where);
  const posted = await person.chat.postMessage({ channel: id, text });
  return until(`${count} replies to "${text}"`, async () => {
    const replies = (await person.conversations.replies({ channel: id, ts: posted.ts ?? '' })).messages?.slice(1) ?? [];
    return replies.length >= count ? replies : undefined;
  }, { timeoutMs: 15_000, everyMs: 100 });
}

/** Types `/drill <text>` in the page and returns what the bot answered in the channel. */
async function drill(r: Rig, text: string): Promise<string> {
  const id = await channel(r, 'incidents');
  const before = Date.now() / 1000;
  const res = await fetch(`${r.ws.url}/page-api/command`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${r.ws.creds.personToken ?? ''}` },
    body: JSON.stringify({ channel: id, command: '/drill', text }),
  });
  expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
  const person = r.ws.client(r.ws.creds.personToken ?? '');
  const answer = await until(`the answer to /drill ${text}`, async () => {
    const history = (await person.conversations.history({ channel: id, limit: 5 })).messages ?? [];
    return history.find((m) => Number(m.ts) >= before && m.bot_id !== undefined);
  }, { timeoutMs: 15_000, everyMs: 100 });
  return `${answer.text ?? ''}\n${JSON.stringify(answer.blocks ?? [])}`;
}

describe('the bot in a workspace (Socket Mode)', () => {
  it('answers someone who is not on the incident with who to ask, as a coworker with name and icon, and journals both messages', async () => {
    const r = await rig();
    const [reply] = await ask(r, 'incidents', '@bob are you around? the storefront looks slow');
    expect(reply?.text).toMatch(/no @bob/i);
    expect(reply?.text).toContain('@dan');
    expect(reply?.username).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    expect(reply?.bot_id).toBeDefined();
    const entries = await r.journal();
    expect(entries.find((e) => e.type === 'message' && e.persona === undefined)).toMatchObject({ channel: 'incidents', user: 'you', intent: 'question' });
    expect(entries.find((e) => e.type === 'message' && e.persona !== undefined)).toMatchObject({ verdict: 'answered' });
  }, 30_000);

  it('a coworker asked for figures it cannot reach says so instead of inventing them', async () => {
    const r = await rig();
    const [reply] = await ask(r, 'incidents', '@dan are partners seeing duplicate shipments?');
    expect(reply?.username).toBe('Dan Moreno');
    expect(reply?.text).toMatch(/could not|can't/i);
    expect(reply?.text).not.toMatch(/acme \d/);
  }, 30_000);

  it('replies never trigger replies: a persona addressed by another persona\'s post stays quiet', async () => {
    const r = await rig();
    // Kevin's answer names @dan; were the bot to read its own posts, dan would answer him, and so on.
    const replies = await ask(r, 'incidents', '@kevin who owns the partner webhooks? ask @dan maybe', 2);
    await new Promise((done) => setTimeout(done, 1500));
    const person = r.ws.client(r.ws.creds.personToken ?? '');
    const id = await channel(r, 'incidents');
    const parent = (await person.conversations.history({ channel: id, limit: 1 })).messages?.[0];
    const thread = (await person.conversations.replies({ channel: id, ts: parent?.ts ?? '' })).messages?.slice(1) ?? [];
    expect(thread.length).toBe(replies.length);
    expect(new Set(thread.map((m) => (m as { username?: string }).username))).toEqual(new Set(['Kevin Walsh', 'Dan Moreno']));
  }, 30_000);

  it('/drill: help when empty, a suggestion for a misspelt tool, the catalogue, and a real tool call rendered', async () => {
    const r = await rig();
    expect(await drill(r, '')).toMatch(/\/drill tools/);
    expect(await drill(r, 'promethus_query query=up')).toMatch(/did you mean .*prometheus_query/);
    expect(await drill(r, 'tools')).toMatch(/git_recent_commits/);
    const commits = await drill(r, 'git_recent_commits limit=2');
    expect(commits).toMatch(/git_recent_commits/);
    const call = (await r.journal()).find((e) => e.type === 'call' && e.tool === 'git_recent_commits');
    expect(call).toMatchObject({ ok: true, caller: { kind: 'slack', name: 'you' }, args: { limit: 2 } });
  }, 40_000);

  it('/drill report opens the form; a bad field is named on the form, a good report reaches the desk', async () => {
    const r = await rig();
    const you = r.ws.store.userByName('you')?.id;
    const page = async (path: string, json: unknown) => (await (await fetch(`${r.ws.url}/page-api/${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${r.ws.creds.personToken ?? ''}` }, body: JSON.stringify(json),
    })).json()) as Record<string, unknown>;
    expect(await page('command', { channel: 'incidents', command: '/drill', text: 'report' })).toMatchObject({ ok: true });
    const view = await until('the report form', () => Object.values(r.ws.store.state.views).find((v) => v.callback_id === 'drill_report' && v.user_id === you), { timeoutMs: 10_000, everyMs: 100 });
    const field = (value: string) => ({ value: { type: 'plain_text_input', value } });
    const values = {
      summary: field('Storefront offline after a fulfillment deploy.'), component: field('fulfillment'), change: field('PERF-812'),
      mechanism: field('timeouts shorter than partner acks, retries without keys'), resolution: field('rolled back fulfillment'),
      prevention: field('contract test for idempotency — dan'), failed_sessions: field('about forty'),
    };
    expect(await page('view-submission', { view_id: view.id, values })).toMatchObject({ ok: false, response_action: 'errors', errors: { failed_sessions: expect.stringMatching(/whole number/) } });
    expect(await page('view-submission', { view_id: view.id, values: { ...values, failed_sessions: field('40') } })).toMatchObject({ ok: true });
    const call = await until('the submission at the desk', async () => (await r.journal()).find((e) => e.type === 'call' && e.tool === 'incident_submit_report'), { timeoutMs: 10_000, everyMs: 100 });
    expect(call).toMatchObject({ caller: { kind: 'slack', name: 'you' }, args: { rootCause: { change: 'PERF-812' }, prevention: [{ action: 'contract test for idempotency', owner: 'dan' }], impactEstimate: { failedSessions: 40 } } });
    // This desk's coach enforces the process: no coworker has confirmed the theory, so the report waits, and the channel is told why.
    expect(call).toMatchObject({ ok: false, error: { code: 'process_blocked', field: 'confirmation' } });
    const person = r.ws.client(r.ws.creds.personToken ?? '');
    const told = await until('the refusal in #incidents', async () => ((await person.conversations.history({ channel: await channel(r, 'incidents'), limit: 5 })).messages ?? [])
      .find((m) => /could not be submitted: confirmation/.test(m.text ?? '')), { timeoutMs: 10_000, everyMs: 100 });
    expect(told.text).toMatch(/confirm/);
  }, 30_000);

  it('/drill report thread asks the form\'s questions in a thread; a bad answer is asked again; the report reaches the desk', async () => {
    const r = await rig();
    const person = r.ws.client(r.ws.creds.personToken ?? '');
    const incidents = await channel(r, 'incidents');
    const command = await fetch(`${r.ws.url}/page-api/command`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${r.ws.creds.personToken ?? ''}` },
      body: JSON.stringify({ channel: 'incidents', command: '/drill', text: 'report thread' }),
    });
    expect(await command.json()).toMatchObject({ ok: true });
    const opened = await until('the report thread', async () => ((await person.conversations.history({ channel: incidents, limit: 10 })).messages ?? [])
      .find((m) => /Incident report by/.test(m.text ?? '')), { timeoutMs: 10_000, everyMs: 100 });
    const thread = opened.ts ?? '';
    const lastBotLine = async () => ((await person.conversations.replies({ channel: incidents, ts: thread })).messages ?? []).filter((m) => m.bot_id !== undefined).at(-1)?.text ?? '';
    const answer = async (text: string, expectNext: RegExp) => {
      await person.chat.postMessage({ channel: incidents, thread_ts: thread, text });
      await until(`the bot to ask ${String(expectNext)}`, async () => expectNext.test(await lastBotLine()), { timeoutMs: 10_000, everyMs: 100 });
    };
    await until('the first question', async () => /1\/11 Summary/.test(await lastBotLine()), { timeoutMs: 10_000, everyMs: 100 });
    await answer('Storefront offline after a fulfillment deploy.', /Root cause: component/);
    await answer('fulfillment', /Root cause: change/);
    await answer('PERF-812', /Root cause: mechanism/);
    await answer('timeouts shorter than partner acks; retries without Idempotency-Key', /in your words/);
    await answer('skip', /Resolution/);
    await answer('rolled back fulfillment', /Prevention/);
    await answer('contract test for idempotency — dan', /failed shopper sessions/);
    await answer('about forty', /whole number[\s\S]*failed shopper sessions/);
    await answer('40', /lost revenue/);
    await answer('skip', /duplicate shipments/);
    await answer('skip', /how you estimated/);
    await answer('skip', /submitting your report/);
    const call = await until('the submission at the desk', async () => (await r.journal()).find((e) => e.type === 'call' && e.tool === 'incident_submit_report'), { timeoutMs: 10_000, everyMs: 100 });
    expect(call).toMatchObject({ caller: { kind: 'slack', name: 'you' }, args: { rootCause: { component: 'fulfillment', change: 'PERF-812' }, impactEstimate: { failedSessions: 40 } } });
    // The answers are journaled as the person's messages, and no coworker answered them.
    const entries = await r.journal();
    expect(entries.filter((e) => e.type === 'message' && e.intent === 'report' && e.threadTs === thread).length).toBe(12);
    expect(entries.some((e) => e.type === 'message' && e.persona !== undefined && e.threadTs === thread)).toBe(false);
  }, 40_000);

  it('prepares the workspace when a game starts: past days imported at their times, and a theory judged against the truth', async () => {
    const r = await rig();
    const injectedAt = new Date(Date.now() - 1000);
    createChaosJournal(r.stateDir).append({ type: 'run', run: 'run-test-1', scenario: 'forgotten-kill-switch', pid: process.pid, at: injectedAt.toISOString(), expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    const person = r.ws.client(r.ws.creds.personToken ?? '');
    const fulfillment = await channel(r, 'fulfillment');
    const past = await until('the fulfillment history', async () => {
      const messages = (await person.conversations.history({ channel: fulfillment, limit: 100 })).messages ?? [];
      return messages.filter((m) => Number(m.ts) * 1000 < injectedAt.getTime() - 3600_000).length > 0 ? messages : undefined;
    }, { timeoutMs: 15_000, everyMs: 200 });
    expect(past.some((m) => /FUL-17/.test(m.text ?? ''))).toBe(true);
    const [verdict] = await ask(r, 'incidents', '@dan I think the root cause is the dispatch kill switch left on after the maintenance window (FUL-170), does that make sense?');
    expect(verdict?.username).toBe('Dan Moreno');
    const entries = await r.journal();
    expect(entries.some((e) => e.type === 'game' && e.event === 'prepared')).toBe(true);
    expect(entries.find((e) => e.type === 'message' && e.persona === 'dan')).toMatchObject({ verdict: 'confirmed' });

    // The coach: more than ten investigation steps without a status update in #incidents earn one nudge.
    for (let i = 0; i < 11; i += 1) {
      await fetch(`${r.deskUrl}/tools/git_recent_commits`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-firedrill-caller': 'agent:tester' }, body: '{"limit":1}' });
    }
    const incidents = await channel(r, 'incidents');
    const nudge = await until('the coach\'s nudge', async () => ((await person.conversations.history({ channel: incidents, limit: 10 })).messages ?? [])
      .find((m) => (m as { username?: string }).username === 'firedrill coach'), { timeoutMs: 15_000, everyMs: 200 });
    expect(nudge.text).toMatch(/status update/);
    await new Promise((done) => setTimeout(done, 1000));
    const nudges = (await r.journal()).filter((e) => e.type === 'game' && e.event === 'nudge');
    expect(nudges).toHaveLength(1);
  }, 40_000);

  it('dan\'s figures are the partners\' ground truth: two storms of different size, two different answers', async () => {
    const partners = await startPartners(await freshRedisUrl(), { partners: { acme: { minDelayMs: 5, maxDelayMs: 5, workers: 4 }, bolt: { minDelayMs: 5, maxDelayMs: 5, workers: 4 }, cargo: { minDelayMs: 5, maxDelayMs: 5, workers: 4 } } });
    stops.push(() => partners.stop());
    const r = await rig('socket', partners.url);
    // Deliveries without an Idempotency-Key, as PERF-812 sends them: every repeat ships again.
    const storm = async (partner: string, batch: string, times: number) => {
      for (let attempt = 1; attempt <= times; attempt += 1) {
        const res = await fetch(`${partners.url}/webhooks/${partner}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(webhookBody(partner, batch, { attempt })) });
        expect(res.status).toBe(200);
      }
    };
    await storm('acme', 'b-1', 3);
    const first = partnerFigures((await ask(r, 'incidents', '@dan are partners shipping duplicates?'))[0]?.text ?? '');
    expect(first).toEqual(Object.fromEntries(Object.entries((await readGroundTruth(partners.url)).partners).map(([p, t]) => [p, t.duplicateShipments])));
    expect(first).toEqual({ acme: 2, bolt: 0, cargo: 0 });
    await storm('bolt', 'b-2', 5);
    await storm('cargo', 'b-3', 2);
    const second = partnerFigures((await ask(r, 'incidents', '@dan and now, any duplicate shipments?'))[0]?.text ?? '');
    expect(second).toEqual({ acme: 2, bolt: 4, cargo: 1 });
  }, 40_000);
});

describe('the bot over HTTP (signed requests)', () => {
  it('answers a message delivered to /slack/events, and refuses a request without Slack\'s signature', async () => {
    const r = await rig('http');
    const [reply] = await ask(r, 'incidents', '@alicia hi! how are orders looking?');
    expect(reply?.username).toBe('Alicia Chen');
    const forged = await fetch(`${r.botUrl}/slack/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=0000' },
      body: JSON.stringify({ type: 'event_callback', event: { type: 'message', text: '@dan hi', user: 'U1', channel: 'C1', ts: '1.1' } }),
    });
    expect(forged.status).toBe(401);
  }, 30_000);
});
