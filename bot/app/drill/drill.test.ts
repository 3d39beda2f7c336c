import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../../../lab/pager/model.js';
import { createDeskClient } from '../../desk/client.js';
import type { CallEntry, JournalEntry } from '../../desk/journal/journal.js';
import { limitProblems, type KnownBlock } from './blocks.js';
import { runDrill } from './drill.js';
import { createTestDesk, type TestDesk } from '../../../test/support/drill-desk.js';

function texts(blocks: readonly KnownBlock[]): string[] {
  return blocks.flatMap((b) => {
    if (b.type === 'header') return [b.text.text];
    if (b.type === 'section') return [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text)];
    if (b.type === 'context') return b.elements.flatMap((e) => ('text' in e && typeof e.text === 'string' ? [e.text] : []));
    return [];
  });
}
const all = (blocks: readonly KnownBlock[]) => texts(blocks).join('\n');
const calls = (entries: readonly JournalEntry[]) => entries.filter((e): e is CallEntry & { seq: number; at: string } => e.type === 'call');

const T0 = new Date('2026-11-30T14:00:00.000Z');
const alice = { userId: 'U0ALICE', userName: 'alice' };
let lab: TestDesk;
const drill = (text: string, who = alice) => runDrill({ text, ...who }, lab.deps);

beforeEach(async () => {
  lab = await createTestDesk(T0);
});
afterEach(async () => {
  await lab.close();
});

describe('/drill help and tools', () => {
  it.each(['', 'help', '  HELP  '])('answers %j with the usage, privately', async (text) => {
    const out = await drill(text);
    expect(out.ephemeral).toBe(true);
    for (const sub of ['/drill tools', '/drill status', '/drill hint', '/drill help <tool>', '/drill <tool> key=value']) expect(all(out.blocks)).toContain(sub.replace('<', '&lt;').replace('>', '&gt;'));
    expect(out.text).toContain('/drill status');
  });

  it('lists every desk tool by family, remediation tools marked', async () => {
    const tools = await lab.desk.listTools();
    const out = await drill('tools');
    const text = all(out.blocks);
    expect(limitProblems(out.blocks)).toEqual([]);
    expect(texts(out.blocks)[0]).toBe(`Desk tools (${tools.length})`);
    for (const t of tools) expect(text).toContain(`\`${t.name}\``);
    for (const family of ['*prometheus*', '*kubectl*', '*pagerduty*', '*deploy*', '*incident*']) expect(text).toContain(family);
    expect(text).toMatch(/`featureflags_set` — [^\n]+:wrench: _remediation_/);
    expect(text).not.toMatch(/`featureflags_get` — [^\n]+:wrench:/);
  });

  it('shows one tool\'s arguments with help <tool>', async () => {
    const out = await drill('help logs_get_service_logs');
    expect(all(out.blocks)).toContain('• `tail` (integer) — How many of the newest matching lines (default 100)');
  });
});

describe('/drill <tool>', () => {
  it('calls the desk as the person with JSON arguments and posts the answer to the channel', async () => {
    const out = await drill('jira_search {"query":"pool","limit":5}');
    expect(out.ephemeral).toBe(false);
    expect(texts(out.blocks)[0]).toBe('jira_search');
    expect(all(out.blocks)).toContain('ORD-238');
    const entry = calls(lab.journal.read()).at(-1);
    expect(entry).toMatchObject({ tool: 'jira_search', args: { query: 'pool', limit: 5 }, caller: { kind: 'slack', name: 'alice', via: 'slack' }, ok: true });
    expect(texts(out.blocks)[1]).toBe(`asked by alice · query=pool limit=5 · journal #${entry?.seq}`);
  });

  it('coerces key=value arguments by the tool\'s schema, quotes keeping spaces', async () => {
    await drill('jira_search query="pool exhaustion" limit=3');
    expect(calls(lab.journal.read()).at(-1)).toMatchObject({ args: { query: 'pool exhaustion', limit: 3 }, ok: true });
  });

  it('hands the tool what was typed, not Slack\'s escapes', async () => {
    const out = await drill('prometheus_query query="rate(orders_pool_waiting[1m]) &gt; 0 &amp;&amp; 1"');
    expect(calls(lab.journal.read()).at(-1)).toMatchObject({ tool: 'prometheus_query', args: { query: 'rate(orders_pool_waiting[1m]) > 0 && 1' } });
    // Prometheus is down in this desk: the real tool says so, and /drill passes it on.
    expect(out.ephemeral).toBe(true);
    expect(all(out.blocks)).toContain('failed: `upstream_unavailable`');
  });

  it('suggests the tool meant by a misspelt name', async () => {
    const out = await drill('promethus_query {"query":"up"}');
    expect(out).toMatchObject({ text: 'unknown tool "promethus_query"; did you mean "prometheus_query"? /drill tools lists them', ephemeral: true });
    expect(calls(lab.journal.read())).toEqual([]);
    expect((await drill('frobnicate')).text).toBe('unknown tool "frobnicate"; /drill tools lists them');
  });

  it('says what is wrong with arguments it cannot read, naming the argument and showing them all', async () => {
    const out = await drill('prometheus_query up');
    const text = all(out.blocks);
    expect(out.ephemeral).toBe(true);
    expect(text).toContain('"up" is not key=value; did you mean query=up?');
    expect(text).toContain('*prometheus_query takes:*');
    expect(text).toContain('• `query` (string, required)');
    expect(text).toContain('• `step` (string)');
    expect((await drill('prometheus_query {"query": up}')).text).toMatch(/^prometheus_query: the arguments are not valid JSON/);
    expect(calls(lab.journal.read())).toEqual([]);
  });

  it('renders the desk\'s refusal: code, argument, valid values', async () => {
    const unknown = await drill('jira_get_issue key=ORD-999');
    expect(unknown.ephemeral).toBe(true);
    expect(all(unknown.blocks)).toContain('failed: `unknown_issue`');
    expect(all(unknown.blocks)).toContain('*Argument:* `key`');
    expect(all(unknown.blocks)).toContain('key: no issue "ORD-999"; valid: PERF-812, ORD-238,');
    const badArg = await drill('prometheus_query query=up tail=3');
    expect(all(badArg.blocks)).toContain('failed: `invalid_arguments`');
    expect(all(badArg.blocks)).toContain('tail: unknown argument');
    expect(all(badArg.blocks)).toContain('*prometheus_query takes:*');
    expect(calls(lab.journal.read()).map((c) => c.ok)).toEqual([false, false]);
  });

  it('says so, privately, when the desk is not running', async () => {
    const deps = { ...lab.deps, desk: createDeskClient('http://127.0.0.1:1', { timeoutMs: 5000 }) };
    for (const text of ['tools', 'prometheus_query query=up', 'status']) {
      const out = await runDrill({ text, ...alice }, deps);
      expect(out.ephemeral).toBe(true);
      expect(out.text).toMatch(/: the desk at http:\/\/127\.0\.0\.1:1 is not answering/);
    }
  });

  it('fits a long real answer in Slack\'s limits, counting the rows left out', async () => {
    const out = await drill('jira_search limit=50');
    expect(limitProblems(out.blocks)).toEqual([]);
    const table = texts(out.blocks).find((t) => t.startsWith('*issues* (')) ?? '';
    const listed = Number(/\*issues\* \((\d+)\)/.exec(table)?.[1]);
    const shown = table.split('\n').length - 4;
    expect(listed).toBeGreaterThan(shown);
    expect(all(out.blocks)).toContain(`(${listed - shown} more rows — narrow the query)`);
  });
});

const incident = (over: Partial<IncidentSummary>): IncidentSummary => ({
  id: 'P100001', title: 'StorefrontBreakerOpen: storefront breaker to orders is open', status: 'triggered', severity: 'page', service: 'storefront',
  createdAt: '2026-11-30T14:03:10.000Z', acknowledgedAt: null, resolvedAt: null, alertCount: 1,
  groupKey: '{}:{alertname="StorefrontBreakerOpen", service="storefront"}', assignee: 'alice', escalationLevel: 0, ...over,
});

describe('/drill status', () => {
  it('says no game is on when nothing is injected', async () => {
    const out = await drill('status');
    expect(out.ephemeral).toBe(true);
    expect(out.text).toMatch(/^no game is on/);
  });

  it('shows what is firing, what the investigator has done since injection, and the time elapsed', async () => {
    lab.clock.now = new Date(T0.getTime() - 60_000);
    await drill('jira_search query=old');
    lab.inject('storefront-offline', T0);
    lab.incidents = [incident({}), incident({ id: 'P100000', title: 'SeatingDuplicateSeatAssignments', status: 'resolved', resolvedAt: '2026-11-30T13:00:00.000Z' })];
    lab.clock.now = new Date(T0.getTime() + 5 * 60_000);
    await drill('jira_search query=pool');
    await drill('jira_get_issue key=ORD-238');
    await drill('jira_search query=PERF');
    await drill('pagerduty_acknowledge incidentId=P100001');
    await lab.desk.callTool('jira_search', { query: 'pool' }, { kind: 'bot', name: 'alicia', via: 'bot' });
    lab.journal.append({ type: 'message', channel: 'incidents', user: 'U0ALICE', text: 'Investigating: storefront is down', ts: '1.1', intent: 'status' }, lab.clock.now);
    lab.journal.append({ type: 'message', channel: 'incidents', user: 'U0ALICE', text: '@alicia is it the pool?', ts: '1.2', intent: 'theory' }, lab.clock.now);
    lab.journal.append({ type: 'message', channel: 'incidents', user: 'UBOT', text: 'It started with the deploy.', ts: '1.3', persona: 'alicia', verdict: 'challenged' }, lab.clock.now);
    await lab.deps.record({ event: 'hint', who: 'alice', text: 'hint 1/3' });
    lab.clock.now = new Date(T0.getTime() + 12 * 60_000 + 5_000);

    const out = await drill('status');
    const text = all(out.blocks);
    expect(out.ephemeral).toBe(false);
    expect(limitProblems(out.blocks)).toEqual([]);
    expect(texts(out.blocks)[0]).toBe('Game: Storefront is offline');
    for (const field of ['*Elapsed*\n12m 05s', '*Tool calls*\n4', '*Distinct tools*\n3', '*Remediation calls*\n1', '*Messages posted*\n2', '*Status updates*\n1', '*Hints taken*\n1']) expect(text).toContain(field);
    expect(text).toContain('• P100001 StorefrontBreakerOpen: storefront breaker to orders is open — triggered · page · storefront · since 14:03 UTC · on alice');
    expect(text).not.toContain('P100000');
    expect(calls(lab.journal.read()).at(-1)).toMatchObject({ tool: 'pagerduty_list_incidents', caller: { kind: 'bot', name: 'drill' } });
  });

  it('says when nothing is firing', async () => {
    lab.inject('storefront-offline', T0);
    expect(all((await drill('status')).blocks)).toContain('*Firing*\n_nothing is firing in the pager_');
  });
});

describe('/drill hint', () => {
  const hints = () => lab.journal.read().filter((e) => e.type === 'game' && e.event === 'hint');

  it('has nothing to hint at, and records nothing, when no game is on', async () => {
    const out = await drill('hint');
    expect(out.text).toMatch(/^No game is on/);
    expect(hints()).toEqual([]);
  });

  it('gives each person progressively narrower hints, records each, and never names the change', async () => {
    lab.inject('storefront-offline', T0);
    lab.clock.now = new Date(T0.getTime() + 10 * 60_000);

    const first = await drill('hint');
    expect(first.ephemeral).toBe(true);
    expect(first.text).toContain('Hint 1 of 3');
    expect(first.text).toContain('storefront answers 503 on every page');
    // The cause lands 90 s after injection; the hint gives the minute, not the second.
    expect(first.text).toContain('around 14:01 UTC (9 min ago)');
    expect(all(first.blocks)).toContain('Hints cost score');

    const second = await drill('hint');
    for (const name of ['the orders connection pool is too small', 'duplicate seat assignments', 'timestamps that do not line up', 'the seating deploy just before', 'DiskUsageHigh on seating']) expect(second.text).toContain(name);
    expect(second.text).not.toContain('dismissed');
    expect(second.text).not.toContain('steady long before');

    const third = await drill('hint');
    expect(third.text).toContain('The root cause lives in fulfillment');
    for (const secret of ['PERF-812', 'partnerTimeoutMs', 'dempotency', '1500', 'retry']) expect([first, second, third].map((h) => h.text).join('\n')).not.toContain(secret);

    const fourth = await drill('hint');
    expect(fourth.text).toMatch(/^No more hints/);
    expect(hints()).toHaveLength(3);
    expect(hints()[0]).toMatchObject({ who: 'alice', text: expect.stringContaining('hint 1/3') });

    const bob = await drill('hint', { userId: 'U0BOB', userName: 'bob' });
    expect(bob.text).toContain('Hint 1 of 3');
    expect(hints()).toHaveLength(4);
  });

  it('says when the trouble starts if it has not yet', async () => {
    lab.inject('storefront-offline', T0);
    lab.clock.now = new Date(T0.getTime() + 30_000);
    expect((await drill('hint')).text).toContain('The trouble starts around 14:01 UTC (in 1 min)');
  });

  it('does not count hints from an earlier game', async () => {
    lab.inject('storefront-offline', T0);
    lab.clock.now = new Date(T0.getTime() + 60_000);
    await drill('hint');
    await drill('hint');
    lab.inject('forgotten-kill-switch', new Date(T0.getTime() + 3_600_000));
    lab.clock.now = new Date(T0.getTime() + 3_600_000 + 60_000);
    const out = await drill('hint');
    expect(out.text).toContain('Hint 1 of 3');
    expect(out.text).toContain('fulfillment_dispatch_paused is 1');
  });
});
