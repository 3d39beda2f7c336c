import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCredentials } from '../../workspace/credentials.js';
import { requestJson } from '../../../test/support/http.js';
import { alertmanagerPayload, incidentSummarySchema, startPager, timelineSchema } from '../../../test/support/pager.js';
import { freshRedisUrl } from '../../../test/support/redis.js';
import { startWorkspace, type StartedWorkspace } from '../../../test/support/workspace.js';
import { createJournal, type Journal } from '../journal/journal.js';
import { createRegistry, type CallOutcome, type Registry } from '../registry/registry.js';
import { createPagerTools } from './pagerduty.js';
import { createReportTools } from './report.js';
import { createSlackTools } from './slack.js';
import { parseScanQuery, scanMatches } from './slack-scan.js';
import { createStatuspageStore } from './statuspage-store.js';
import { createStatuspageTools } from './statuspage.js';

const caller = { kind: 'agent' as const, name: 'Claude', via: 'mcp-http' };
let pager: Awaited<ReturnType<typeof startPager>>;
let ws: StartedWorkspace;
let dir: string;
let credsFile: string;
let journal: Journal;
let desk: Registry;

beforeAll(async () => {
  [pager, ws] = await Promise.all([freshRedisUrl().then((url) => startPager(url)), startWorkspace()]);
  dir = mkdtempSync(join(tmpdir(), 'fd-desk-comms-'));
  credsFile = writeCredentials(ws.stateDir, ws.creds);
  journal = createJournal(join(dir, 'desk', 'journal.jsonl'));
  const sources = { pagerUrl: pager.url, workspaceCredentialsFile: credsFile, stateDir: dir };
  desk = createRegistry({
    tools: [...createPagerTools(sources), ...createSlackTools(sources), ...createStatuspageTools(sources), ...createReportTools()],
    journal, log: pino({ level: 'silent' }),
  });
});

afterAll(async () => {
  journal.close();
  await Promise.all([pager.stop(), ws.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

async function ok(name: string, args: unknown): Promise<Record<string, unknown>> {
  const out = await desk.call(name, args, caller);
  if (!out.ok) throw new Error(`${name} failed: ${JSON.stringify(out.error)}`);
  return out.result as Record<string, unknown>;
}

async function fails(name: string, args: unknown): Promise<Extract<CallOutcome, { ok: false }>> {
  const out = await desk.call(name, args, caller);
  expect(out.ok, `${name} ${JSON.stringify(args)} should fail`).toBe(false);
  return out as Extract<CallOutcome, { ok: false }>;
}

const incident = async (id: string) => incidentSummarySchema.parse(((await requestJson(`${pager.url}/incidents/${id}`)).body as { incident: unknown }).incident);
const timeline = async (id: string) => timelineSchema.parse((await requestJson(`${pager.url}/incidents/${id}/timeline`)).body).timeline;

describe('pagerduty tools', () => {
  it('list, timeline, acknowledge and resolve the incident the pager holds', async () => {
    const opened = await requestJson(`${pager.url}/alertmanager`, { json: alertmanagerPayload('firing', [{ alertname: 'StorefrontDown', service: 'storefront', severity: 'critical', summary: 'Storefront is offline' }]) });
    expect(opened.status).toBe(201);
    const direct = incidentSummarySchema.array().parse(((await requestJson(`${pager.url}/incidents`)).body as { incidents: unknown }).incidents);
    const listed = await ok('pagerduty_list_incidents', { status: 'triggered' });
    expect(listed).toEqual({ total: 1, incidents: direct });
    const id = direct[0]?.id ?? '';
    expect(await ok('pagerduty_get_timeline', { incidentId: id })).toEqual({ incident: await incident(id), timeline: await timeline(id) });

    expect(await ok('pagerduty_acknowledge', { incidentId: id })).toMatchObject({ incident: { id, status: 'acknowledged' } });
    expect(await incident(id)).toMatchObject({ status: 'acknowledged' });
    expect((await timeline(id)).at(-1)).toMatchObject({ type: 'acknowledged', by: 'claude' });

    await ok('pagerduty_resolve', { incidentId: id, note: 'rolled back PERF-812' });
    expect(await incident(id)).toMatchObject({ status: 'resolved' });
    expect((await timeline(id)).at(-1)).toMatchObject({ type: 'resolved', by: 'claude' });
    expect((await fails('pagerduty_acknowledge', { incidentId: id })).error.code).toBe('incident_resolved');

    const unknown = await fails('pagerduty_get_timeline', { incidentId: 'P999999' });
    expect(unknown.error).toMatchObject({ code: 'unknown_incident', field: 'incidentId', valid: [id] });
  });

  it('reports a pager that does not answer as upstream_unavailable', async () => {
    const down = createRegistry({ tools: createPagerTools({ pagerUrl: 'http://127.0.0.1:1' }), journal, log: pino({ level: 'silent' }) });
    const out = await down.call('pagerduty_list_incidents', {}, caller);
    expect(out).toMatchObject({ ok: false, status: 502, error: { code: 'upstream_unavailable' } });
  });
});

describe('slack tools', () => {
  const agentId = () => ws.store.userByName('agent')?.id ?? '';

  it('posts as the agent user; others see it, and read and search find it', async () => {
    const text = `Investigating storefront outage ${Date.now()}`;
    const posted = await ok('slack_post_message', { channel: '#incidents', text });
    const incidents = ws.store.channel('incidents');
    expect(posted).toMatchObject({ channel: incidents?.id, channelName: 'incidents', ts: expect.stringMatching(/^\d+\.\d+$/), permalink: expect.stringContaining('/archives/') });

    const seen = await ws.client(ws.creds.personToken ?? '').conversations.history({ channel: incidents?.id ?? '', limit: 5 });
    expect(seen.messages?.find((m) => m.ts === posted.ts)).toMatchObject({ user: agentId(), text });
    expect(seen.messages?.find((m) => m.ts === posted.ts)?.bot_id).toBeUndefined();

    const read = await ok('slack_read_channel', { channel: 'incidents', limit: 10 });
    const messages = read.messages as Array<Record<string, unknown>>;
    expect(messages.at(-1)).toEqual({ ts: posted.ts, time: posted.time, user: agentId(), userName: 'agent', text });
    expect(Date.parse(String(posted.time))).toBeGreaterThan(Date.now() - 60_000);

    const reply = await ok('slack_post_message', { channel: incidents?.id, text: 'pool is at 100%', thread_ts: posted.ts });
    const thread = await ok('slack_read_channel', { channel: '#incidents', thread_ts: posted.ts });
    expect((thread.messages as Array<{ ts: string }>).map((m) => m.ts)).toEqual([posted.ts, reply.ts]);

    const found = await ok('slack_search', { query: text });
    expect(found).toMatchObject({ via: 'search', total: 1, matches: [{ channel: '#incidents', ts: posted.ts, user: agentId(), userName: 'agent', text }] });
  });

  it('joins a public channel the agent is not in before reading it', async () => {
    const imported = await requestJson(`${ws.url}/admin/import`, {
      headers: { 'x-firedrill-admin': ws.creds.adminSecret },
      json: { channel: 'war-room', messages: [{ user: 'dan', text: 'orders pool exhausted since the deploy', at: new Date(Date.now() - 3_600_000).toISOString() }] },
    });
    expect(imported.status).toBe(201);
    const read = await ok('slack_read_channel', { channel: '#war-room' });
    expect(read).toMatchObject({ joined: true, messages: [{ userName: 'dan', text: 'orders pool exhausted since the deploy', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }] });
    expect(ws.store.channel('war-room')?.members).toContain(agentId());
    expect((await ok('slack_list_channels', {})).channels).toContainEqual(expect.objectContaining({ name: 'war-room', is_member: true, members: 3 }));
  });

  it('falls back to scanning history when the token has no search:read, reading the credentials file each call', async () => {
    const scopes = ws.store.tokenFor('agent')?.scopes.filter((s) => s !== 'search:read') ?? [];
    const limited = ws.store.mintToken('user', agentId(), scopes, 'agent-no-search');
    writeCredentials(ws.stateDir, { ...ws.creds, agentToken: limited.token });
    try {
      const found = await ok('slack_search', { query: 'POOL exhausted in:#war-room' });
      expect(found).toMatchObject({ via: 'scan', total: 1, matches: [{ channel: '#war-room', userName: 'dan', text: 'orders pool exhausted since the deploy' }] });
    } finally {
      writeCredentials(ws.stateDir, ws.creds);
    }
    expect(scanMatches(parseScanQuery('"pool exhausted" from:@dan'), 'Orders POOL exhausted')).toBe(true);
    expect(scanMatches(parseScanQuery('pool breaker'), 'orders pool exhausted')).toBe(false);
  });

  it('names unknown channels and missing credentials', async () => {
    expect((await fails('slack_read_channel', { channel: '#nope' })).error).toMatchObject({ code: 'unknown_channel', field: 'channel', valid: expect.arrayContaining(['#incidents']) });
    const missing = createRegistry({ tools: createSlackTools({ workspaceCredentialsFile: join(dir, 'absent.json') }), journal, log: pino({ level: 'silent' }) });
    const out = await missing.call('slack_list_channels', {}, caller);
    expect(out).toMatchObject({ ok: false, status: 503, error: { code: 'workspace_unavailable', message: expect.stringContaining('make lab') } });
    expect(JSON.stringify(out)).toContain('absent.json');
  });
});

describe('statuspage and report tools', () => {
  it('persists status updates as incidents in the desk state', async () => {
    const first = await ok('statuspage_update', { status: 'major_outage', message: 'The shop is unavailable; we are on it.' });
    expect(first).toMatchObject({ update: { component: 'storefront', status: 'major_outage', by: 'claude' }, incident: { id: 'SP0001', resolvedAt: null } });
    await ok('statuspage_update', { status: 'operational', message: 'Recovered.', component: 'storefront' });
    const state = createStatuspageStore(dir).read();
    expect(state.components.storefront?.status).toBe('operational');
    expect(state.incidents).toEqual([expect.objectContaining({ id: 'SP0001', title: 'The shop is unavailable; we are on it.', resolvedAt: expect.any(String) })]);
    expect(state.updates.map((u) => [u.status, u.incidentId])).toEqual([['major_outage', 'SP0001'], ['operational', 'SP0001']]);
  });

  it('echoes the normalized report into the journal', async () => {
    const report = {
      summary: ' Checkout failed for 40 minutes. ', rootCause: { component: 'orders', change: 'PERF-812', mechanism: 'retries exhausted the pool' },
      resolution: 'reverted', prevention: [{ action: 'alert on pool wait', owner: 'platform' }], impactEstimate: { failedSessions: 120 },
    };
    const result = await ok('incident_submit_report', report);
    expect(result).toMatchObject({ received: true, by: 'claude', report: { ...report, summary: 'Checkout failed for 40 minutes.' } });
    const entry = journal.read().at(-1);
    expect(entry).toMatchObject({ type: 'call', tool: 'incident_submit_report', ok: true, result });
    expect(readFileSync(journal.file, 'utf8')).toContain('PERF-812');
  });
});

describe('wrong arguments', () => {
  const cases: Array<[string, unknown, string]> = [
    ['pagerduty_list_incidents', { status: 'open' }, 'status'],
    ['pagerduty_list_incidents', { limit: 0 }, 'limit'],
    ['pagerduty_get_timeline', { incidentId: 'INC-1' }, 'incidentId'],
    ['pagerduty_acknowledge', {}, 'incidentId'],
    ['pagerduty_resolve', { incidentId: 'P100001', note: 3 }, 'note'],
    ['slack_list_channels', { channel: 'x' }, 'channel'],
    ['slack_read_channel', { channel: '#incidents', thread_ts: 'yesterday' }, 'thread_ts'],
    ['slack_search', { query: '' }, 'query'],
    ['slack_post_message', { channel: '#incidents' }, 'text'],
    ['statuspage_update', { status: 'down', message: 'x' }, 'status'],
    ['statuspage_update', { status: 'major_outage', message: 'x', component: 'cdn' }, 'component'],
    ['incident_submit_report', { summary: 's', rootCause: { component: 'c', change: 'x' }, resolution: 'r', prevention: [] }, 'rootCause.mechanism'],
  ];
  it.each(cases)('%s %j names %s', async (tool, args, field) => {
    expect((await fails(tool, args)).error).toMatchObject({ code: 'invalid_arguments', field });
  });
});
