import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkProbes } from '../../chaos/runner/probes.js';
import { checkDashboardQueries } from '../../dashboards/grafana/live-check.js';
import { loadScenario } from '../../chaos/scenario/load.js';
import type { Incident } from '../../lab/pager/model.js';
import { callControl } from '../../lab/runtime/local/control.js';
import { LAB_SEATING_CLOCK_SKEW_MS } from '../../lab/runtime/local/plan.js';
import { startRunner } from '../support/chaos.js';
import { badCalls, DESK_TOOLS, readCalls, type LabFacts } from '../support/desk-calls.js';
import { cli, pod, pods, probeEnv, promValue, useSharedLab } from '../support/lab.js';
import { mcpOverHttp, mcpOverStdio, resultJson } from '../support/mcp.js';
import { until } from '../support/poll.js';
import { recordFigures, root } from '../support/processes.js';
import { readGroundTruth } from '../support/partners.js';
import { placeApiOrders } from '../support/traffic.js';
import { ask, channelId, coworkerReplies, deskJournal, journaledReply, pageApi, partnerFigures, slackAs, viewOpenedBy } from '../support/coworkers.js';

// storefront-offline in the real lab, with the lab's own shop config and traffic: PERF-812
// shipped by hand as Dan would, the storm, the traps an on-call engineer reaches for, and
// the fix. The incident is judged with the scenario's own probes.

const lab = useSharedLab();
let runner: ReturnType<typeof startRunner> | undefined;
// Registered after the lab's own afterAll, so it runs first: the runner must not outlive its lab.
afterAll(async () => {
  if (runner && runner.child.exitCode === null) {
    runner.child.kill('SIGKILL');
    await runner.exited;
  }
});
const { scenario } = loadScenario(root, 'storefront-offline');
let repo: string;
beforeAll(() => {
  repo = join(lab.stateDir, 'shop');
});

const git = (as: string, ...args: string[]) => execFileSync('git', ['-C', repo, '-c', `user.name=${as}`, '-c', 'user.email=oncall@shop.example', ...args], { encoding: 'utf8' });
/** Edits a file of the shop repo and commits it, as a person at a terminal would. */
function commit(as: string, file: string, change: (text: string) => string, message: string): string {
  const path = join(repo, file);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  expect(after, `the edit of ${file} changed nothing`).not.toBe(before);
  writeFileSync(path, after);
  git(as, 'commit', '-qam', message);
  return git(as, 'rev-parse', 'HEAD').trim();
}
function deploy(service: string): void {
  const run = spawnSync(process.execPath, [cli, 'deploy', service, '--state-dir', lab.stateDir], { encoding: 'utf8', timeout: 120_000 });
  expect(run.status, `deploy ${service}: ${run.stdout}${run.stderr}`).toBe(0);
}

/** The pager's incident for the storefront's breaker alert, once Alertmanager has opened it. */
async function pagedIncident(): Promise<Incident | undefined> {
  const res = (await (await fetch(`http://127.0.0.1:${lab.ports.pager}/incidents`)).json()) as { incidents: Incident[] };
  return res.incidents.find((i) => i.groupKey.includes('alertname="StorefrontBreakerOpen"'));
}

const failing = async (kind: 'steady' | 'incident') => (await checkProbes(probeEnv(lab), scenario.probes[kind])).filter((p) => !p.ok).map((p) => `${p.name}: ${p.detail}`);
const breakerOpen = async () => (await promValue(lab, 'max(storefront_breaker_state{state="open"})')) === 1;
const duplicates = async () => (await promValue(lab, 'sum(partners_duplicate_shipments_total)')) ?? 0;
const partnersUrl = () => `http://127.0.0.1:${lab.ports.partners}`;
interface WrittenReport {
  run: { id: string; injectedAt: string };
  timeline: Array<{ seq: number; kind: string }>;
  impact: { failedSessions: number; averageOrderValueCents: number; duplicateShipments: number; duplicateItems: number; lines: Array<{ cents: number }>; totalCents: number };
  live: { at: string; duplicates: Record<string, { duplicateShipments: number; duplicateItems: number }>; failedSessions: number; completedCheckouts: number; checkoutValueCents: number; steady: Array<{ ok: boolean }> };
  scorecard: { total: number; mitigated: boolean; rootCause: { score: number; right: boolean } };
}
/** The report the desk wrote for a submission (its .json beside the .md). */
const writtenReport = (body: unknown): WrittenReport => {
  const file = (body as { reportFile?: string }).reportFile;
  expect(file, `no report written: ${JSON.stringify(body).slice(0, 400)}`).toMatch(/reports\/storefront-offline-.*\.md$/);
  return JSON.parse(readFileSync((file ?? '').replace(/\.md$/, '.json'), 'utf8')) as WrittenReport;
};
const trafficCounts = async () => ((await (await fetch(`http://127.0.0.1:${lab.ports.traffic}/status`)).json()) as { counts: { checkouts: { completed: number }; checkoutValueCents: number } }).counts;
const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;
const home = async () => (await fetch(`http://127.0.0.1:${lab.ports.storefront}/`, { signal: AbortSignal.timeout(10_000) }).then(async (r) => (await r.arrayBuffer(), r.status)));

/**
 * The red herrings that must not change with the incident: seating's audit keeps running,
 * its duplicate seats stay what they were, and its log lines keep the skewed clock in local time.
 */
async function seatingNoise(): Promise<{ audits: number; duplicates: number }> {
  const { body: lines } = await callControl<string[]>(lab.socket, 'GET', '/logs/seating?tail=20');
  const now = Date.now();
  const times = lines.flatMap((l) => {
    try {
      return [String((JSON.parse(l) as { time?: unknown }).time)];
    } catch {
      return [];
    }
  });
  expect(times.length).toBeGreaterThan(0);
  for (const t of times) expect(t).toMatch(/\+01:00$/);
  const newest = Math.max(...times.map((t) => Date.parse(t)));
  expect(newest - now, 'seating\'s newest log time, ahead of the wall clock').toBeGreaterThan(LAB_SEATING_CLOCK_SKEW_MS - 30_000);
  expect(newest - now).toBeLessThanOrEqual(LAB_SEATING_CLOCK_SKEW_MS + 5000);
  return {
    audits: (await promValue(lab, 'sum(seating_audit_runs_total)')) ?? 0,
    duplicates: (await promValue(lab, 'max(seating_duplicate_seat_assignments)')) ?? 0,
  };
}

describe('storefront-offline in the lab', () => {
  let perf812 = '';
  let seatingBefore = { audits: 0, duplicates: 0 };

  it('starts in the steady state the scenario checks before it injects', async () => {
    await until('every steady-state probe', async () => (await failing('steady')).length === 0, { timeoutMs: 90_000, everyMs: 1000 });
    seatingBefore = await seatingNoise();
    // Before any game, dan answers from the same live data: nothing has shipped twice.
    expect((await readGroundTruth(partnersUrl())).totals.duplicateShipments).toBe(0);
    const dan = await ask(lab, 'incidents', '@dan I\'m seeing duplicate webhooks, does that match what you see?');
    expect(dan.first.username).toBe('Dan Moreno');
    expect(partnerFigures(dan.first.text)).toEqual({ acme: 0, bolt: 0, cargo: 0 });
  }, 120_000);

  it('injected by the chaos runner, PERF-812 (shipped as dan) becomes the incident: timeouts, duplicates, the breaker open and paging', async () => {
    // The pack as it ships, but with PERF-812 at once: the 90 s lead before it is the
    // decoy's, and this file has a lot to do while the storm lasts.
    const pack = join(mkdtempSync(join(tmpdir(), 'fd-scenario-')), 'scenario.yaml');
    const text = readFileSync(join(root, 'chaos', 'scenarios', 'storefront-offline', 'scenario.yaml'), 'utf8');
    const now = text.replace(/(kind: commit-and-deploy\n\s+at: )90s/, '$10s');
    expect(now, 'PERF-812 moved to the start').not.toBe(text);
    writeFileSync(pack, now.replace('../../scenario.schema.json', join(root, 'chaos', 'scenario.schema.json')));
    runner = startRunner(lab, pack, '--ttl', '45m');
    await runner.said('step 1 (commit-and-deploy) at +0s done', 120_000);
    perf812 = git('-', 'log', '-1', '--format=%H', '--author=Dan Moreno', '--', 'config/fulfillment.yaml').trim();
    expect(git('-', 'show', '-s', '--format=%s', perf812)).toContain('PERF-812');
    // A burst of mobile-app orders (the lab's traffic places some too, a few a minute):
    // the storm's fuel at once, instead of the minutes the lab's own traffic takes.
    await placeApiOrders(`http://127.0.0.1:${lab.ports.orders}`, 200);
    await until('every incident probe of the scenario', async () => (await failing('incident')).length === 0, { timeoutMs: 240_000, everyMs: 2000 });
    await until('StorefrontBreakerOpen to page', async () => (await pagedIncident()) !== undefined, { timeoutMs: 120_000, everyMs: 1000 });
    const seatingDuring = await seatingNoise();
    expect(seatingDuring.audits).toBeGreaterThan(seatingBefore.audits);
    expect(seatingDuring.duplicates).toBeGreaterThanOrEqual(seatingBefore.duplicates);
  }, 420_000);

  it('the bot makes it a game day: the channels\' past days, the page once the pager opens, coworkers answering from live data', async () => {
    const client = slackAs(lab);
    const briefing = (await (await fetch(`http://127.0.0.1:${lab.ports.desk}/briefing`)).json()) as { injectedAt: string };
    const injectedAt = Date.parse(briefing.injectedAt);
    const history = async (name: string) => ((await client.conversations.history({ channel: await channelId(client, name), limit: 200 })).messages ?? []) as Array<{ ts: string; text: string; bot_id?: string; username?: string; reply_count?: number }>;
    // The days before, imported with their own times: the pool chatter and the seat-race thread.
    const orders = (await history('orders')).filter((m) => Number(m.ts) * 1000 < injectedAt - 3600_000);
    expect(orders.some((m) => m.text.includes('ORD-238')), 'the pool chatter in #orders, days old').toBe(true);
    expect((await history('ticketing')).some((m) => Number(m.ts) * 1000 < injectedAt - 3600_000 && (m.reply_count ?? 0) > 0 && /seat/i.test(m.text))).toBe(true);
    // The page: posted once the pager opened the incident, with the times it really happened.
    // The breaker's alert may resolve and page again; the page is about the first incident after the injection.
    const incidents = ((await (await fetch(`http://127.0.0.1:${lab.ports.pager}/incidents`)).json()) as { incidents: Incident[] }).incidents;
    const firstPaged = Math.min(...incidents.filter((i) => i.groupKey.includes('alertname="StorefrontBreakerOpen"') && Date.parse(i.createdAt) >= injectedAt).map((i) => Date.parse(i.createdAt)));
    const page = await until('the page in #incidents', async () => (await history('incidents')).find((m) => m.bot_id !== undefined && m.username === undefined && m.text.includes('Storefront is offline')), { timeoutMs: 60_000, everyMs: 500 });
    expect(Number(page.ts) * 1000).toBeGreaterThanOrEqual(firstPaged);
    expect(page.text).toContain(`fired at ${clock(firstPaged)}`);
    expect(page.text).not.toContain('(not yet)');

    // dan's figures are the partners' ground truth at the moment he looked.
    const truthBefore = await readGroundTruth(partnersUrl());
    const dan = await ask(lab, 'incidents', '@dan I\'m seeing duplicate webhooks, does that match what you see?');
    const truthAfter = await readGroundTruth(partnersUrl());
    const said = partnerFigures(dan.first.text);
    for (const p of ['acme', 'bolt', 'cargo'] as const) {
      expect(said[p], `${p} in "${dan.first.text}"`).toBeGreaterThanOrEqual(truthBefore.partners[p]?.duplicateShipments ?? 0);
      expect(said[p]).toBeLessThanOrEqual(truthAfter.partners[p]?.duplicateShipments ?? 0);
    }
    expect(Object.values(said).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    // kevin: the PERF-812 deploy and the week's infra change, with their real times.
    const run = readFileSync(join(lab.stateDir, 'ci', 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { commit: string; startedAt: string }).find((r) => r.commit === perf812);
    const infra = (await (await fetch(`http://127.0.0.1:${lab.ports.desk}/tools/terraform_list_resources`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"limit":1}' })).json()) as { result: { resources: Array<{ changed_at: string }> } };
    const kevin = await ask(lab, 'incidents', '@kevin have there been any infra changes recently?');
    expect(kevin.first.username).toBe('Kevin Walsh');
    expect(kevin.first.text).toContain('PERF-812');
    expect(kevin.first.text).toContain(clock(Date.parse(run?.startedAt ?? '')));
    expect(kevin.first.text).toContain(clock(Date.parse(infra.result.resources[0]?.changed_at ?? '')));

    // Theories, judged against the scenario's truth with evidence.
    const seats = await ask(lab, 'incidents', '@priya I think the root cause is the seat assignment race from TIX-79, does that make sense?');
    expect((await journaledReply(lab, 'priya', seats.ts)).verdict).toBe('challenged');
    expect(seats.first.text).toMatch(/double-booked seats|not on the storefront's path/);
    const pool = await ask(lab, 'incidents', '@alicia I think the root cause might be the orders connection pool being too small, does that make sense to you?');
    expect((await journaledReply(lab, 'alicia', pool.ts)).verdict).toBe('symptom');
    expect(pool.first.text).toMatch(/orders pool is \d+% busy/);
    const cause = await ask(lab, 'incidents', '@dan I think the root cause is PERF-812: webhooks now time out after 1.5 s and the retries go out without an Idempotency-Key, so partners ship batches twice. Does that match what you see?');
    expect((await journaledReply(lab, 'dan', cause.ts)).verdict).toBe('confirmed');
    expect(partnerFigures(cause.first.text).acme).toBeGreaterThan(0);
  }, 180_000);

  it('the storm feeds itself: the breaker stays open over a minute and duplicates keep growing', async () => {
    const before = await duplicates();
    await delay(60_000);
    // Open or half-open (one probe every resetTimeoutMs): anything but closed, as the page counts it.
    const openShare = await promValue(lab, 'avg_over_time((1 - max(storefront_breaker_state{state="closed"}))[1m:1s])');
    recordFigures({ test: 'storm-lab', openShare });
    // Half-open probes and the 1 s scrape make this noisy; four fifths of a minute is an open shop.
    expect(openShare, 'share of the last minute the breaker was not closed').toBeGreaterThanOrEqual(0.8);
    expect(await duplicates()).toBeGreaterThan(before);
  }, 120_000);

  it('during the incident every dashboard panel and alert rule query evaluates on the real Prometheus, and the incident panels show data', async () => {
    const prometheusUrl = `http://127.0.0.1:${lab.ports.prometheus}`;
    const panels = await checkDashboardQueries(prometheusUrl);
    expect(panels.length).toBeGreaterThan(20);
    expect(panels.filter((r) => !r.ok).map((r) => `${r.uid} / ${r.panel}: ${r.error ?? ''}`)).toEqual([]);
    // The boards an on-call engineer opens for this incident show data now, panel by panel.
    const incidentBoards = ['firedrill-storefront', 'firedrill-fulfillment', 'firedrill-orders', 'firedrill-lab-truth'];
    // Annotations mark alert events: empty whenever no page is firing at that instant, so not counted.
    const empty = panels.filter((r) => incidentBoards.includes(r.uid) && !r.panel.startsWith('annotation:') && r.finite === 0).map((r) => `${r.uid} / ${r.panel}: ${r.expr}`);
    recordFigures({ test: 'dashboards', panels: panels.length, empty });
    expect(empty).toEqual([]);
    // Alert rules evaluate too (an alert's condition may rightly be empty when it is not firing).
    const rules = (parseYaml(readFileSync(join(root, 'dashboards', 'prometheus', 'alerts.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> }).groups.flatMap((g) => g.rules);
    const alertQueries = rules.map((r) => ({ dashboard: 'alerts.yml', uid: 'alerts', panel: r.alert, expr: r.expr }));
    const evaluated = await checkDashboardQueries(prometheusUrl, alertQueries);
    expect(evaluated.filter((r) => !r.ok).map((r) => `${r.panel}: ${r.error ?? ''}`)).toEqual([]);
    // The paging rule's condition holds while the breaker is open or half-open; a probe that just closed it may make one instant empty.
    const paging = alertQueries.filter((q) => q.panel === 'StorefrontBreakerOpen');
    await until('the paging rule\'s condition to hold', async () => (await checkDashboardQueries(prometheusUrl, paging))[0]?.finite === 1, { timeoutMs: 30_000, everyMs: 1000 });
  });

  it('trap: restarting storefront closes the breaker, and it opens again', async () => {
    await callControl(lab.socket, 'POST', '/restart/storefront');
    await until('storefront back with a fresh breaker', async () => (await promValue(lab, 'max(storefront_breaker_state{state="closed"})')) === 1 || (await home()) === 200, { timeoutMs: 60_000, everyMs: 500 });
    await until('the breaker to open again', breakerOpen, { timeoutMs: 90_000, everyMs: 1000 });
  }, 180_000);

  it('trap: disabling the breaker spreads the slowness; pages keep failing', async () => {
    const off = commit('On Call', 'flags.json', (t) => t.replace(/("storefrontBreakerEnabled": \{[\s\S]*?"defaultVariant": )"on"/, '$1"off"'), 'storefront: bypass the breaker');
    await until('the breaker out of the path', async () => (await promValue(lab, 'max(storefront_breaker_state{state="open"})')) !== 1, { timeoutMs: 60_000, everyMs: 1000 });
    // Without the breaker every page waits in orders' saturated pool: slower than the
    // breaker would ever allow (its timeout), or failing once the pool gives up.
    const limit = Number(/timeoutMs: (\d+)/.exec(readFileSync(join(repo, 'config', 'storefront.yaml'), 'utf8'))?.[1]);
    const pages: string[] = [];
    let bad = 0;
    for (let i = 0; i < 8; i += 1) {
      const t0 = performance.now();
      const status = await home();
      const ms = Math.round(performance.now() - t0);
      pages.push(`${status} in ${ms} ms`);
      if (status !== 200 || ms > limit) bad += 1;
    }
    expect(bad, `home pages: ${pages.join(', ')} (breaker timeout ${limit} ms)`).toBeGreaterThanOrEqual(4);
    git('On Call', 'revert', '--no-edit', off);
  }, 120_000);

  it('trap: a bigger orders pool does not stop the duplicates', async () => {
    const bigger = commit('On Call', 'config/orders.yaml', (t) => t.replace(/^poolSize: \d+$/m, 'poolSize: 16'), 'orders: raise the pool');
    deploy('orders');
    const before = await duplicates();
    await delay(15_000);
    expect(await duplicates()).toBeGreaterThan(before);
    git('On Call', 'revert', '--no-edit', bigger);
    deploy('orders');
  }, 180_000);

  it('a mitigation: pausing dispatch by flag stops the storm; resumed with PERF-812 still live, it comes back', async () => {
    const pause = commit('On Call', 'flags.json', (t) => t.replace(/("fulfillmentDispatchPaused": \{[\s\S]*?"defaultVariant": )"off"/, '$1"on"'), 'fulfillment: pause dispatch');
    await until('fulfillment to pause and finish its last attempts', async () => (await promValue(lab, 'max(fulfillment_dispatch_paused)')) === 1 && (await promValue(lab, 'sum(fulfillment_deliveries_in_flight)')) === 0, { timeoutMs: 60_000, everyMs: 1000 });
    await until('the breaker to close and pages to answer', async () => !(await breakerOpen()) && (await home()) === 200, { timeoutMs: 120_000, everyMs: 1000 });
    const settled = await duplicates();
    await delay(5000);
    expect(await duplicates(), 'duplicate shipments while paused').toBe(settled);
    git('On Call', 'revert', '--no-edit', pause);
    await until('the breaker to open again', breakerOpen, { timeoutMs: 120_000, everyMs: 1000 });
  }, 300_000);

  describe('the desk, mid-incident', () => {
    const deskUrl = () => `http://127.0.0.1:${lab.ports.desk}`;
    let http: Client;
    let stdio: Awaited<ReturnType<typeof mcpOverStdio>>;
    let facts: LabFacts;
    beforeAll(async () => {
      http = await mcpOverHttp(deskUrl(), 'agent-over-http');
      stdio = await mcpOverStdio(deskUrl(), 'agent-over-stdio');
      const incident = await pagedIncident();
      const run = readFileSync(join(lab.stateDir, 'ci', 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; commit: string }).find((r) => r.commit === perf812);
      facts = { incidentId: incident?.id ?? '', runId: run?.id ?? '', perf812 };
    });
    afterAll(async () => {
      await http?.close();
      await stdio?.client.close();
    });
    const call = async (client: Client, name: string, args: Record<string, unknown>) => resultJson(await client.callTool({ name, arguments: args }) as { content?: unknown; isError?: boolean });

    it('an agent over stdio and over HTTP lists the tools and calls each one that reads; stdout is JSON-RPC only', async () => {
      for (const client of [http, stdio.client]) {
        const names = (await client.listTools()).tools.map((t) => t.name);
        expect(new Set(names)).toEqual(new Set(DESK_TOOLS));
        expect(names).toHaveLength(DESK_TOOLS.length);
        for (const [name, args] of readCalls(facts)) {
          const out = await call(client, name, args);
          expect(out.isError, `${name} ${JSON.stringify(args)}: ${JSON.stringify(out.body).slice(0, 300)}`).toBe(false);
        }
      }
      const briefing = await stdio.client.getPrompt({ name: 'incident_briefing' });
      const text = JSON.stringify(briefing.messages);
      expect(text).toContain('Storefront is offline');
      expect(text, 'the breaker\'s real open time is filled in').not.toMatch(/tripped at \(not yet\)/);
      expect((await http.readResource({ uri: 'firedrill://briefing' })).contents[0]).toMatchObject({ uri: 'firedrill://briefing' });
      expect(stdio.transport.stdoutLines.length).toBeGreaterThan(readCalls(facts).length);
      for (const line of stdio.transport.stdoutLines) expect((JSON.parse(line) as { jsonrpc?: string }).jsonrpc, line.slice(0, 200)).toBe('2.0');
    }, 180_000);

    it('answers what the sources themselves say', async () => {
      const at = String(Math.floor(Date.now() / 1000) - 5);
      const query = 'sum by (outcome) (rate(fulfillment_webhook_attempts_total[1m]))';
      const direct = (await (await fetch(`http://127.0.0.1:${lab.ports.prometheus}/api/v1/query?${new URLSearchParams({ query, time: at }).toString()}`)).json()) as { data: unknown };
      expect((await call(http, 'prometheus_query', { query, time: at })).body).toEqual(direct.data);

      const listed = (await call(http, 'kubectl_get_pods', {})).body as { pods: Array<{ deployment: string; pid: number }> };
      const supervised = await pods(lab);
      expect(Object.fromEntries(listed.pods.map((p) => [p.deployment, p.pid]))).toEqual(Object.fromEntries(supervised.map((p) => [p.deployable, p.pid])));

      const commits = (await call(stdio.client, 'git_recent_commits', { limit: 20 })).body as { commits: Array<{ sha: string; author: string; subject: string }> };
      expect(commits.commits.map((c) => c.sha)).toEqual(git('-', 'log', '-n20', '--format=%H').trim().split('\n'));
      expect(commits.commits.find((c) => c.sha === perf812)).toMatchObject({ author: 'Dan Moreno', subject: expect.stringContaining('PERF-812') });

      const until5sAgo = new Date(Date.now() - 5000).toISOString();
      const since = new Date(Date.now() - 10 * 60_000).toISOString();
      const found = (await call(http, 'logs_search', { query: '/pool (saturated|exhausted)/', services: ['orders'], since, until: until5sAgo, limit: 500 })).body as { total: number; matches: Array<{ line: string }> };
      const inFile = readFileSync(join(lab.stateDir, 'logs', 'orders.log'), 'utf8').split('\n').filter((l) => {
        const t = /"time":"([^"]+)"/.exec(l)?.[1];
        return /pool (saturated|exhausted)/.test(l) && t !== undefined && t >= since && t <= until5sAgo;
      });
      expect(found.total, 'pool warnings in orders.log').toBeGreaterThan(0);
      expect(found.total).toBe(inFile.length);
      expect(found.matches.at(-1)?.line).toBe(inFile.at(-1));

      // CloudWatch-style: the datapoints equal the PromQL it maps to, run directly at the same times.
      const end = Math.floor(Date.now() / 60_000) * 60 - 60;
      const cw = (await call(http, 'cloudwatch_get_metrics', { namespace: 'Firedrill/Storefront', metricName: 'BreakerOpen', statistic: 'Maximum', period: 60, startTime: String(end - 600), endTime: String(end) })).body as { promql: string; Datapoints: Array<{ Timestamp: string; Maximum: number }> };
      const range = (await (await fetch(`http://127.0.0.1:${lab.ports.prometheus}/api/v1/query_range?${new URLSearchParams({ query: cw.promql, start: String(end - 540), end: String(end), step: '60s' }).toString()}`)).json()) as { data: { result: Array<{ values: Array<[number, string]> }> } };
      expect(cw.Datapoints.length).toBeGreaterThan(0);
      expect(cw.Datapoints.map((d) => [Date.parse(d.Timestamp) / 1000 + 60, d.Maximum])).toEqual((range.data.result[0]?.values ?? []).map(([t, v]) => [t, Number(v)]));

      // Errors: fulfillment's timeouts are an issue whose events are the timeouts it logged.
      const issues = (await call(http, 'sentry_list_issues', { project: 'fulfillment', limit: 50 })).body as { issues: Array<{ id: string; title: string; count: number }> };
      const timeouts = issues.issues.find((i) => /time(d)? ?out/i.test(i.title));
      expect(timeouts, JSON.stringify(issues).slice(0, 500)).toBeDefined();
      const logged = readFileSync(join(lab.stateDir, 'logs', 'fulfillment.log'), 'utf8').split('\n').filter((l) => l.includes('"msg":"webhook timed out"')).length;
      expect(timeouts?.count).toBeGreaterThan(0);
      expect(timeouts?.count).toBeLessThanOrEqual(logged);
      const issue = (await call(stdio.client, 'sentry_get_issue', { issueId: timeouts?.id })).body;
      expect(JSON.stringify(issue)).toContain('fulfillment');
      const storefront = (await call(http, 'sentry_list_issues', { project: 'storefront', limit: 50 })).body;
      expect(JSON.stringify(storefront), 'breaker-open rejections reported by storefront').toMatch(/breaker/i);

      // Traces: a request orders logged with its trace id is stored under that id, with an orders span.
      const traced = readFileSync(join(lab.stateDir, 'logs', 'orders.log'), 'utf8').split('\n').filter((l) => l.includes('"traceId"') && l.includes('"msg":"request"'));
      const line = traced.at(-200) ?? traced[0] ?? '';
      const traceId = /"traceId":"([0-9a-f]{32})"/.exec(line)?.[1] ?? '';
      expect(traceId, 'orders logs its requests with their trace ids').not.toBe('');
      await until(`trace ${traceId} in the desk`, async () => {
        const t = await call(http, 'datadog_get_trace', { traceId });
        return !t.isError && JSON.stringify(t.body).includes('"orders"') && JSON.stringify(t.body).includes(traceId);
      }, { timeoutMs: 30_000, everyMs: 1000 });

      // The storm in one batch's trace: its delivery with repeated partner POSTs, failing.
      await until('a delivery trace with repeated failing partner POSTs', async () => {
        const listed = (await call(http, 'datadog_list_traces', { service: 'fulfillment', status: 'error', limit: 50 })).body as { traces?: Array<{ traceId: string; root: { name: string } }> };
        const delivery = listed.traces?.find((t) => t.root.name.startsWith('deliver '));
        if (!delivery) return false;
        const tree = JSON.stringify((await call(http, 'datadog_get_trace', { traceId: delivery.traceId })).body);
        return (tree.match(/"POST partners"/g) ?? []).length >= 2;
      }, { timeoutMs: 30_000, everyMs: 1000 });

      // The pager's own list, read around the tool's answer: equal unless an alert changed it in between.
      await until('pagerduty_list_incidents to equal the pager\'s own list', async () => {
        const direct = async () => ((await (await fetch(`http://127.0.0.1:${lab.ports.pager}/incidents`)).json()) as { incidents: Incident[] }).incidents.slice(0, 20);
        const before = await direct();
        const listed = ((await call(stdio.client, 'pagerduty_list_incidents', {})).body as { incidents: Incident[] }).incidents;
        const after = await direct();
        return JSON.stringify(before) === JSON.stringify(after) && JSON.stringify(listed) === JSON.stringify(before) && listed.some((i) => i.groupKey.includes('alertname="StorefrontBreakerOpen"'));
      }, { timeoutMs: 30_000, everyMs: 500 });
    }, 60_000);

    it('an agent\'s Slack post appears in the workspace under the investigator\'s own identity', async () => {
      const text = `Status: fulfillment timeouts and duplicate shipments since PERF-812 (${Date.now()})`;
      const posted = (await call(stdio.client, 'slack_post_message', { channel: 'incidents', text })).body as { ts: string; channel: string };
      const creds = JSON.parse(readFileSync(join(lab.stateDir, 'workspace', 'credentials.json'), 'utf8')) as { apiUrl: string; personToken: string; agentToken: string };
      const api = async (method: string, token: string, params: Record<string, string>) => (await (await fetch(`${creds.apiUrl}${method}?${new URLSearchParams(params).toString()}`, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, unknown>;
      const history = await api('conversations.history', creds.personToken, { channel: posted.channel, limit: '20' });
      const message = (history.messages as Array<{ ts: string; text: string; user: string; bot_id?: string }>).find((m) => m.ts === posted.ts);
      const agent = (await api('auth.test', creds.agentToken, {})) as { user_id: string };
      expect(message).toMatchObject({ text, user: agent.user_id });
      expect(message?.bot_id).toBeUndefined();
    }, 30_000);

    it('an agent\'s post through slack_post_message gets a coworker\'s reply, as a person\'s would', async () => {
      const posted = (await call(http, 'slack_post_message', { channel: 'incidents', text: '@dan are the partners seeing duplicate shipments since the fulfillment deploy?' })).body as { ts: string; channel: string };
      const [reply] = await coworkerReplies(slackAs(lab, 'agent'), posted.channel, posted.ts);
      expect(reply?.username).toBe('Dan Moreno');
      expect(partnerFigures(reply?.text ?? '')).toHaveProperty('acme');
    }, 60_000);

    it('a report submitted before the fix is graded at once: root cause wrong (the pool), not mitigated', async () => {
      const submitted = await call(http, 'incident_submit_report', {
        summary: 'Storefront down because orders ran out of connections.',
        rootCause: { component: 'orders connection pool', change: 'poolSize 4 is too small (ORD-238)', mechanism: 'the pool saturates and the storefront breaker opens' },
        resolution: 'raise the pool', prevention: [{ action: 'size the pool for peak', owner: 'alicia' }],
      });
      expect(submitted.isError).toBe(false);
      const report = writtenReport(submitted.body);
      expect(report.scorecard.rootCause.right).toBe(false);
      expect(report.scorecard.rootCause.score).toBe(0);
      expect(report.scorecard.mitigated).toBe(false);
      expect(report.live.steady.some((p) => !p.ok)).toBe(true);
    }, 60_000);

    it('answers every tool called with a wrong argument with a structured error naming it, and journals the failure', async () => {
      for (const [name, args, field] of badCalls) {
        const res = await fetch(`${deskUrl()}/tools/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-firedrill-caller': 'agent:fuzzer' }, body: JSON.stringify(args) });
        const body = (await res.json()) as { ok: boolean; seq: number; error?: { code: string; field?: string; message: string } };
        expect(res.status, `${name} ${JSON.stringify(args)}`).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(body.error?.field, `${name} ${JSON.stringify(args)}: ${body.error?.message ?? ''}`).toBe(field);
        expect(body.error?.message).toContain(field);
        const journaled = (await (await fetch(`${deskUrl()}/journal?since=${body.seq - 1}&limit=1`)).json()) as { entries: Array<{ tool: string; ok: boolean; error: unknown }> };
        expect(journaled.entries[0]).toMatchObject({ tool: name, ok: false, error: body.error });
      }
      const notJson = await fetch(`${deskUrl()}/tools/prometheus_query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
      expect(notJson.status).toBe(400);
      expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    }, 60_000);

    it('the remediation tools act on the real lab as the investigator', async () => {
      // Alertmanager resolves the page whenever the breaker closes for a moment; take one that is open now.
      const open = await until('an open StorefrontBreakerOpen incident', async () => {
        const all = (await call(http, 'pagerduty_list_incidents', {})).body as { incidents: Array<{ id: string; status: string; groupKey: string }> };
        return all.incidents.find((i) => i.groupKey.includes('StorefrontBreakerOpen') && i.status === 'triggered');
      }, { timeoutMs: 90_000, everyMs: 1000 });
      const ack = (await call(http, 'pagerduty_acknowledge', { incidentId: open.id })).body as { incident?: { status: string }; error?: { code: string } };
      // It may have resolved on its own in between: that is the pager's structured answer, not a failure of the tool.
      if (ack.error) expect(ack.error.code).toBe('incident_resolved');
      else {
        expect(ack.incident?.status).toBe('acknowledged');
        const inPager = (await (await fetch(`http://127.0.0.1:${lab.ports.pager}/incidents/${open.id}/timeline`)).json()) as { timeline: Array<{ type: string; by?: string }> };
        expect(inPager.timeline.find((t) => t.type === 'acknowledged')?.by).toBe('agent-over-http');
        const resolved = (await call(http, 'pagerduty_resolve', { incidentId: open.id, note: 'resolving by hand to test the tool; the alert will page again' })).body as { incident?: { status: string } };
        expect(resolved.incident?.status).toBe('resolved');
        const after = (await (await fetch(`http://127.0.0.1:${lab.ports.pager}/incidents/${open.id}`)).json()) as { incident: { status: string } };
        expect(after.incident.status).toBe('resolved');
      }
      expect((await call(http, 'statuspage_update', { status: 'major_outage', message: 'The shop is offline; we are on it.' })).isError).toBe(false);
      expect((await call(http, 'featureflags_set', { flag: 'storefrontBreakerEnabled', variant: 'on', reason: 'keep the breaker' })).isError).toBe(false);
      // The coach in warn mode (the lab's default): the change runs, and the missing approval is on record.
      const flagCall = (await deskJournal(lab)).filter((e) => e.type === 'call' && e.tool === 'featureflags_set').at(-1);
      expect((await deskJournal(lab)).find((e) => e.type === 'game' && e.event === 'process' && e.ref === flagCall?.seq && e.rule === 'approval')).toMatchObject({ outcome: 'broken' });
      const before = await pod(lab, 'seating');
      const restarted = (await call(http, 'kubectl_rollout_restart', { deployment: 'seating' })).body as { pod: string; pid: number };
      expect(restarted.pid).not.toBe(before?.pid);
      expect((await pod(lab, 'seating'))?.pid).toBe(restarted.pid);
    }, 90_000);

    it('loses no answered call when the desk is killed with SIGKILL in the middle of a burst', async () => {
      const desk = await pod(lab, 'desk');
      const answered: Array<{ seq: number; i: number }> = [];
      const calls = Array.from({ length: 80 }, async (_, i) => {
        await delay(i * 5);
        const res = await fetch(`${deskUrl()}/tools/prometheus_query`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-firedrill-caller': 'agent:burst' }, body: JSON.stringify({ query: `vector(${i})` }) }).catch(() => undefined);
        const body = (await res?.json().catch(() => undefined)) as { ok?: boolean; seq?: number } | undefined;
        if (body?.ok && body.seq !== undefined) answered.push({ seq: body.seq, i });
      });
      await until('some calls of the burst answered', () => answered.length >= 10, { timeoutMs: 30_000, everyMs: 5 });
      process.kill(desk?.pid ?? 0, 'SIGKILL');
      await Promise.all(calls);
      expect(answered.length).toBeGreaterThanOrEqual(10);
      await until('the supervisor to restart the desk', async () => (await fetch(`${deskUrl()}/readyz`).then((r) => r.status).catch(() => 0)) === 200, { timeoutMs: 60_000, everyMs: 250 });
      const entries = ((await (await fetch(`${deskUrl()}/journal`)).json()) as { entries: Array<{ seq: number; tool: string; args: { query?: string } }> }).entries;
      const bySeq = new Map(entries.map((e) => [e.seq, e]));
      for (const a of answered) expect(bySeq.get(a.seq), `answered call ${a.i} (seq ${a.seq})`).toMatchObject({ tool: 'prometheus_query', args: { query: `vector(${a.i})` } });
    }, 120_000);
  });

  it('the fix through the desk alone: deploy_rollback of fulfillment closes the breaker, the home page answers again, and no batch ships twice any more', async () => {
    const agent = await mcpOverHttp(`http://127.0.0.1:${lab.ports.desk}`, 'agent-fixing');
    try {
      // The facilitator turns the coach to enforce: no fix without a coworker's approval in #incidents.
      const coach = spawnSync(process.execPath, [cli, 'coach', 'enforce', '--desk', `http://127.0.0.1:${lab.ports.desk}`], { encoding: 'utf8', timeout: 30_000 });
      expect(coach.stdout).toContain('process coach: enforce');
      const refused = resultJson(await agent.callTool({ name: 'deploy_rollback', arguments: { service: 'fulfillment', reason: 'PERF-812' } }) as { content?: unknown; isError?: boolean });
      expect(refused.isError).toBe(true);
      expect(refused.body).toMatchObject({ error: { code: 'process_blocked', field: 'approval' } });
      expect(readFileSync(join(repo, 'config', 'fulfillment.yaml'), 'utf8'), 'nothing rolled back').toMatch(/^partnerTimeoutMs: 1500$/m);
      const proposal = await ask(lab, 'incidents', '@kevin I want to roll back fulfillment to before PERF-812 (revert PERF-812). Blast radius is fulfillment only; we verify with the breaker closing. OK?');
      expect(proposal.first.username).toBe('Kevin Walsh');
      expect(await journaledReply(lab, 'kevin', proposal.ts)).toMatchObject({ verdict: 'approved', approval: { fix: 'revert PERF-812', targets: ['fulfillment'] } });
      const rollback = resultJson(await agent.callTool({ name: 'deploy_rollback', arguments: { service: 'fulfillment', reason: 'PERF-812 turns slow partner acks into a retry storm' } }) as { content?: unknown; isError?: boolean });
      expect(rollback.isError, JSON.stringify(rollback.body)).toBe(false);
      expect(JSON.stringify(rollback.body)).toContain(perf812);
      expect(readFileSync(join(repo, 'config', 'fulfillment.yaml'), 'utf8')).toMatch(/^partnerTimeoutMs: 10000$/m);
      const fixedAt = Date.now();
      await until('the breaker to close and pages to answer', async () => !(await breakerOpen()) && (await home()) === 200, { timeoutMs: 120_000, everyMs: 1000 });
      const closedAfterS = Math.round((Date.now() - fixedAt) / 1000);
      // Keys are sent again: a batch shipped before the fix (without a key) ships once more on its
      // first keyed delivery, and never again; one first sent after the fix ships once.
      const shipped = async () => Object.assign({}, ...Object.values((await readGroundTruth(`http://127.0.0.1:${lab.ports.partners}`)).partners).map((p) => p.batches)) as Record<string, number>;
      const before = await shipped();
      // Mitigated for real: every steady-state probe of the scenario holds again. The pending
      // backlog drains through the partners' workers first, and the probes' one-minute rates
      // must forget the storm, so this takes a minute or two.
      await until('every steady-state probe to hold', async () => (await failing('steady')).length === 0, { timeoutMs: 300_000, everyMs: 2000 });
      const steadyAfterS = Math.round((Date.now() - fixedAt) / 1000);
      const after = await shipped();
      const again = Object.entries(after).filter(([b, n]) => n - (before[b] ?? 0) > 1).map(([b, n]) => `${b} ${before[b] ?? 0} -> ${n}`);
      expect(again, 'batches shipped twice since the breaker closed').toEqual([]);
      expect(Object.keys(after).length, 'deliveries go on after the fix').toBeGreaterThanOrEqual(Object.keys(before).length);
      recordFigures({ test: 'fix', closedAfterS, steadyAfterS });

      // The person at the page writes the report with /drill report: the form, then the graded report.
      const truthBefore = await readGroundTruth(partnersUrl());
      const trafficBefore = await trafficCounts();
      const reportsBefore = (await deskJournal(lab)).filter((e) => e.type === 'game' && e.event === 'report').length;
      const form = await viewOpenedBy(lab, 'drill_report', async () => expect(await pageApi(lab, 'command', { channel: 'incidents', command: '/drill', text: 'report' })).toMatchObject({ ok: true }));
      const field = (value: string) => ({ value: { type: 'plain_text_input', value } });
      expect(await pageApi(lab, 'view-submission', { view_id: form.id, values: {
        summary: field('Storefront offline: PERF-812 made fulfillment time out on slow partners and retry without idempotency keys.'),
        component: field('fulfillment'), change: field('PERF-812'),
        mechanism: field('timeouts shorter than partner acks plus retries without Idempotency-Key'),
        resolution: field('deploy_rollback of fulfillment'), prevention: field('contract test for partner idempotency — dan'),
        duplicates: field('100'),
      } })).toMatchObject({ ok: true });
      const reportEvent = await until('the graded report', async () => (await deskJournal(lab)).filter((e) => e.type === 'game' && e.event === 'report')[reportsBefore], { timeoutMs: 60_000, everyMs: 500 });
      const reportFile = reportEvent.type === 'game' ? reportEvent.text.match(/\S+\.md/)?.[0] : undefined;

      // The graded report: every journaled call of the game in its timeline, the impact from the lab's ground truth.
      const full = writtenReport({ reportFile });
      const truthAfter = await readGroundTruth(partnersUrl());
      const trafficAfter = await trafficCounts();
      const journal = await deskJournal(lab);
      const prepared = journal.filter((e) => e.type === 'game' && e.event === 'prepared').at(-1)?.seq ?? 0;
      const submittedSeq = journal.filter((e) => e.type === 'call' && e.tool === 'incident_submit_report').at(-1)?.seq ?? 0;
      expect(journal.find((e) => e.seq === submittedSeq)).toMatchObject({ ok: true, caller: { kind: 'slack', name: 'you' } });
      const inTimeline = new Set(full.timeline.map((t) => t.seq));
      const calls = journal.filter((e) => e.type === 'call' && e.seq >= prepared && e.seq < submittedSeq);
      expect(calls.length).toBeGreaterThan(20);
      expect(calls.filter((c) => !inTimeline.has(c.seq)).map((c) => c.seq)).toEqual([]);
      for (const p of ['acme', 'bolt', 'cargo'] as const) {
        expect(full.live.duplicates[p]?.duplicateShipments).toBeGreaterThanOrEqual(truthBefore.partners[p]?.duplicateShipments ?? 0);
        expect(full.live.duplicates[p]?.duplicateShipments).toBeLessThanOrEqual(truthAfter.partners[p]?.duplicateShipments ?? 0);
      }
      expect(full.live.checkoutValueCents).toBeGreaterThanOrEqual(trafficBefore.checkoutValueCents);
      expect(full.live.checkoutValueCents).toBeLessThanOrEqual(trafficAfter.checkoutValueCents);
      // The formula, computed here from the report's own inputs and the scenario's costs.
      const dupes = Object.values(full.live.duplicates).reduce((a, d) => ({ s: a.s + d.duplicateShipments, i: a.i + d.duplicateItems }), { s: 0, i: 0 });
      const aov = full.live.completedCheckouts === 0 ? 0 : Math.round(full.live.checkoutValueCents / full.live.completedCheckouts);
      expect(full.impact.duplicateShipments).toBe(dupes.s);
      expect(full.impact.duplicateItems).toBe(dupes.i);
      expect(full.impact.averageOrderValueCents).toBe(aov);
      expect(full.impact.totalCents).toBe(full.live.failedSessions * aov + dupes.s * scenario.impact.shippingCostCents + dupes.i * scenario.impact.unitCostCents);
      expect(full.scorecard.rootCause.right).toBe(true);
      expect(full.live.steady.map((p) => p.ok)).not.toContain(false);
      expect(full.scorecard.mitigated).toBe(true);
      // The bot posts each written report to #incidents as a file, with its score.
      const client = slackAs(lab);
      const incidentsId = await channelId(client, 'incidents');
      const posted = await until('the report as a file in #incidents', async () => ((await client.conversations.history({ channel: incidentsId, limit: 30 })).messages ?? [])
        .find((m) => (m.files?.length ?? 0) > 0 && new RegExp(`score \\*${full.scorecard.total}/100\\*`).test(m.text ?? '')), { timeoutMs: 30_000, everyMs: 500 });
      expect(posted.files?.[0]?.name).toMatch(/^storefront-offline-.*\.md$/);

      // Three submissions on the same run: the pool, the timeout without the key, the full chain.
      const timeoutOnly = writtenReport(resultJson(await agent.callTool({ name: 'incident_submit_report', arguments: {
        summary: 'Storefront offline after PERF-812.',
        rootCause: { component: 'fulfillment', change: 'PERF-812', mechanism: 'webhooks to slow partners time out and are retried, loading orders' },
        resolution: 'deploy_rollback of fulfillment', prevention: [{ action: 'load test partner timeouts', owner: 'dan' }],
      } }) as { content?: unknown; isError?: boolean }).body);
      const pool = writtenReport(resultJson(await agent.callTool({ name: 'incident_submit_report', arguments: {
        summary: 'Orders ran out of connections.',
        rootCause: { component: 'orders connection pool', change: 'poolSize too small', mechanism: 'the pool saturates' },
        resolution: 'deploy_rollback of fulfillment', prevention: [{ action: 'raise the pool', owner: 'alicia' }],
      } }) as { content?: unknown; isError?: boolean }).body);
      const scores = [pool, timeoutOnly, full].map((r) => r.scorecard.rootCause.score);
      expect(scores[0]).toBeLessThan(scores[1] ?? 0);
      expect(scores[1]).toBeLessThan(scores[2] ?? 0);
      // Every submission is kept as its own report; the desk lists them all.
      const written = (await deskJournal(lab)).filter((e) => e.type === 'game' && e.event === 'report').slice(reportsBefore).map((e) => (e.type === 'game' ? e.text : ''));
      expect(written).toHaveLength(3);
      expect(new Set(written).size).toBe(3);
      const listed = new Set(((await (await fetch(`http://127.0.0.1:${lab.ports.desk}/reports`)).json()) as { reports: Array<{ name: string }> }).reports.map((r) => r.name));
      for (const file of written) expect(listed.has(file.split('/').at(-1)?.replace(/\.md$/, '') ?? ''), file).toBe(true);
      // All three after the fix: each mitigated, so the totals follow the root cause.
      expect([pool, timeoutOnly].map((r) => r.scorecard.mitigated)).toEqual([true, true]);
      expect(pool.scorecard.total).toBeLessThan(timeoutOnly.scorecard.total);
      expect(timeoutOnly.scorecard.total).toBeLessThan(full.scorecard.total);
      recordFigures({ test: 'report', totals: [pool, timeoutOnly, full].map((r) => r.scorecard.total), impactCents: full.impact.totalCents });
    } finally {
      await agent.close();
    }
  }, 540_000);
});
