import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lab/paths.js';
import type { Runtime } from '../../lab/runtime/runtime.js';
import { prepareShop } from '../../lab/shop-repo/setup.js';
import { serveForTest, testBase, type Started } from '../../test/support/apps.js';
import { mcpOverHttp, resultJson } from '../../test/support/mcp.js';
import type { CoachMode } from '../coach/gate.js';
import { createDeskApp, type DeskApp } from './app.js';
import { createJournal, type JournalEntry } from './journal/journal.js';
import { createFeatureflagTools } from './tools/featureflags.js';
import { createGitTools } from './tools/git.js';

// The coach's process gate in front of the desk's real remediation path: featureflags_set
// commits to a prepared shop repository, so no lab is needed.

const running: Array<Started<DeskApp>> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
});

async function startDesk(coachMode: CoachMode) {
  const root = repoRoot();
  const stateDir = mkdtempSync(join(tmpdir(), 'fd-desk-coach-'));
  prepareShop(root, stateDir);
  const noLab = new Proxy({}, { get: () => () => Promise.reject(new Error('no lab in this test')) }) as Runtime;
  const sources = { root, stateDir, prometheusUrl: 'http://127.0.0.1:9', pagerUrl: 'http://127.0.0.1:9', workspaceCredentialsFile: join(stateDir, 'none.json'), runtime: noLab };
  const { base, logs } = testBase('desk');
  const journal = createJournal(join(stateDir, 'desk', 'journal.jsonl'));
  const desk = createDeskApp({ base, sources, tools: [...createGitTools(sources), ...createFeatureflagTools(sources)], journal, version: '0.0.0-test', coachMode });
  const started = await serveForTest(desk, base, logs);
  running.push(started);
  return started;
}

type Answer = { status: number; body: { ok?: boolean; seq: number; result?: Record<string, unknown>; error?: { code: string; message: string; field?: string } } };
const post = async (url: string, body: unknown, caller = 'agent:claude'): Promise<Answer> => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-firedrill-caller': caller }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
};
const entries = async (url: string, since = 0) => ((await (await fetch(`${url}/journal?since=${since}`)).json()) as { entries: JournalEntry[] }).entries;
const pause = { flag: 'fulfillmentDispatchPaused', variant: 'on' };
const approval = {
  channel: 'incidents', user: 'dan', text: 'ok, pause dispatch', ts: '1700000000.000200', threadTs: '1700000000.000100',
  persona: 'dan', verdict: 'approved', approval: { fix: 'pause dispatch', targets: ['fulfillmentDispatchPaused'] },
};

describe('the coach gate in front of remediations', () => {
  it('enforce: refuses a change without approval as process_blocked naming the rule, journals the refusal, and runs it once approved', async () => {
    const desk = await startDesk('enforce');
    const read = async (tool: string) => expect((await post(`${desk.url}/tools/${tool}`, {})).status).toBe(200);
    await read('featureflags_list');
    await read('git_recent_commits');

    const refused = await post(`${desk.url}/tools/featureflags_set`, pause);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'process_blocked', field: 'approval' });
    expect(refused.body.error?.message).toContain('approval: no coworker has approved a change to fulfillmentDispatchPaused in #incidents in the last 15 minutes');
    const afterRefusal = await entries(desk.url, refused.body.seq - 1);
    expect(afterRefusal).toEqual([
      expect.objectContaining({ seq: refused.body.seq, type: 'call', tool: 'featureflags_set', ok: false, error: expect.objectContaining({ code: 'process_blocked' }) }),
      expect.objectContaining({ type: 'game', event: 'process', rule: 'approval', outcome: 'refused', who: 'claude', ref: refused.body.seq, text: refused.body.error?.message }),
      expect.objectContaining({ type: 'game', event: 'process', rule: 'two-sources', outcome: 'kept', ref: refused.body.seq }),
    ]);
    const flag = await post(`${desk.url}/tools/featureflags_get`, { flag: pause.flag });
    expect(flag.body.result).toMatchObject({ defaultVariant: 'off' });

    expect((await post(`${desk.url}/journal/messages`, approval, 'http')).status).toBe(201);
    const ran = await post(`${desk.url}/tools/featureflags_set`, pause);
    expect(ran).toMatchObject({ status: 200, body: { ok: true, result: { changed: true, variant: 'on' } } });
    expect((await entries(desk.url, ran.body.seq)).map((e) => e.type === 'game' && [e.rule, e.outcome, e.ref])).toEqual([
      ['two-sources', 'kept', ran.body.seq], ['approval', 'kept', ran.body.seq],
    ]);
  });

  it('enforce: the same gate stands in front of MCP, and a new game (a `prepared` event) forgets the old game\'s approvals', async () => {
    const desk = await startDesk('enforce');
    await post(`${desk.url}/tools/featureflags_list`, {});
    await post(`${desk.url}/tools/git_recent_commits`, {});
    await post(`${desk.url}/journal/messages`, approval);
    expect((await post(`${desk.url}/journal/events`, { event: 'prepared', text: 'storefront-offline prepared' })).status).toBe(201);
    const agent = await mcpOverHttp(desk.url.replace('127.0.0.1', 'localhost'), 'mcp-agent');
    try {
      const out = resultJson(await agent.callTool({ name: 'featureflags_set', arguments: pause }) as never);
      expect(out).toMatchObject({ isError: true, body: { error: { code: 'process_blocked', field: 'two-sources' } } });
    } finally {
      await agent.close();
    }
    const bot = await post(`${desk.url}/tools/featureflags_set`, pause, 'bot:kevin');
    expect(bot.body.ok).toBe(true);
    expect((await entries(desk.url, bot.body.seq)).filter((e) => e.type === 'game')).toEqual([]);
  });

  it('warn: runs the change and journals each broken rule', async () => {
    const desk = await startDesk('warn');
    expect(await (await fetch(`${desk.url}/coach`)).json()).toEqual({ mode: 'warn' });
    const ran = await post(`${desk.url}/tools/featureflags_set`, pause);
    expect(ran).toMatchObject({ status: 200, body: { ok: true } });
    expect(await entries(desk.url, ran.body.seq)).toEqual([
      expect.objectContaining({ type: 'game', event: 'process', rule: 'two-sources', outcome: 'broken', ref: ran.body.seq }),
      expect.objectContaining({ type: 'game', event: 'process', rule: 'approval', outcome: 'broken', ref: ran.body.seq }),
    ]);
  });
});

describe('the bot\'s journal endpoints', () => {
  it('POST /journal/events journals a game event, and names the field of a bad one', async () => {
    const desk = await startDesk('off');
    const bad = await post(`${desk.url}/journal/events`, { event: 'party', text: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/^invalid body: event: /);
    const stray = await post(`${desk.url}/journal/events`, { event: 'hint', text: 'x', outcome: 'kept' });
    expect(stray.body.error?.message).toContain('outcome: only a process event has an outcome');
    const extra = await post(`${desk.url}/journal/events`, { event: 'nudge', text: 'x', colour: 'red' });
    expect(extra.body.error?.message).toContain('colour');
    const nudge = { event: 'nudge', rule: 'status-cadence', who: 'you', text: 'Status check: 11 steps', ref: 3 };
    const good = await post(`${desk.url}/journal/events`, nudge);
    expect(good.status).toBe(201);
    expect(await entries(desk.url)).toEqual([expect.objectContaining({ seq: good.body.seq, type: 'game', ...nudge })]);
  });

  it('POST /journal/messages takes persona, intent, verdict and approval, and refuses a verdict without a persona', async () => {
    const desk = await startDesk('off');
    expect((await post(`${desk.url}/journal/messages`, { channel: 'incidents', user: 'you', text: 'Status: …', ts: '1.1', intent: 'status' })).status).toBe(201);
    expect((await post(`${desk.url}/journal/messages`, approval)).status).toBe(201);
    const badVerdict = await post(`${desk.url}/journal/messages`, { ...approval, verdict: 'maybe' });
    expect(badVerdict.body.error?.message).toContain('verdict');
    const noPersona = await post(`${desk.url}/journal/messages`, { channel: 'incidents', user: 'dan', text: 'ok', ts: '1.2', verdict: 'confirmed' });
    expect(noPersona.body.error?.message).toContain('verdict: a verdict is a coworker\'s: send persona with it');
    const badApproval = await post(`${desk.url}/journal/messages`, { ...approval, approval: { fix: 'x', targets: [] } });
    expect(badApproval.body.error?.message).toContain('approval.targets');
    expect((await entries(desk.url)).map((e) => e.type === 'message' && [e.intent, e.persona, e.verdict, e.approval?.targets])).toEqual([
      ['status', undefined, undefined, undefined], [undefined, 'dan', 'approved', ['fulfillmentDispatchPaused']],
    ]);
  });
});
