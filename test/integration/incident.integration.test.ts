import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkProbes } from '../../chaos/runner/probes.js';
import { loadScenario } from '../../chaos/scenario/load.js';
import type { Incident } from '../../lab/pager/model.js';
import { callControl } from '../../lab/runtime/local/control.js';
import { LAB_SEATING_CLOCK_SKEW_MS } from '../../lab/runtime/local/plan.js';
import { cli, probeEnv, promValue, useSharedLab } from '../support/lab.js';
import { until } from '../support/poll.js';
import { root } from '../support/processes.js';
import { placeApiOrders } from '../support/traffic.js';

// storefront-offline in the real lab, with the lab's own shop config and traffic: PERF-812
// shipped by hand as Dan would, the storm, the traps an on-call engineer reaches for, and
// the fix. The incident is judged with the scenario's own probes.

const lab = useSharedLab();
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

const failing = async (kind: 'steady' | 'incident') => (await checkProbes(probeEnv(lab), scenario.probes[kind])).filter((p) => !p.ok).map((p) => `${p.name}: ${p.detail}`);
const breakerOpen = async () => (await promValue(lab, 'max(storefront_breaker_state{state="open"})')) === 1;
const duplicates = async () => (await promValue(lab, 'sum(partners_duplicate_shipments_total)')) ?? 0;
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
  }, 120_000);

  it('PERF-812 deployed by hand becomes the incident: timeouts, duplicates, the breaker open and paging', async () => {
    perf812 = commit('Dan Moreno', 'config/fulfillment.yaml', (t) => t.replace('partnerTimeoutMs: 10000', 'partnerTimeoutMs: 1500').replace('sendIdempotencyKey: true', 'sendIdempotencyKey: false'), 'PERF-812 fulfillment: fail fast on slow partners');
    deploy('fulfillment');
    // A burst of mobile-app orders (the lab's traffic places some too, a few a minute):
    // the storm's fuel at once, instead of the minutes the lab's own traffic takes.
    await placeApiOrders(`http://127.0.0.1:${lab.ports.orders}`, 200);
    await until('every incident probe of the scenario', async () => (await failing('incident')).length === 0, { timeoutMs: 240_000, everyMs: 2000 });
    await until('StorefrontBreakerOpen to page', async () => {
      const res = (await (await fetch(`http://127.0.0.1:${lab.ports.pager}/incidents`)).json()) as { incidents: Incident[] };
      return res.incidents.some((i) => i.groupKey.includes('alertname="StorefrontBreakerOpen"'));
    }, { timeoutMs: 120_000, everyMs: 1000 });
    const seatingDuring = await seatingNoise();
    expect(seatingDuring.audits).toBeGreaterThan(seatingBefore.audits);
    expect(seatingDuring.duplicates).toBeGreaterThanOrEqual(seatingBefore.duplicates);
  }, 420_000);

  it('the storm feeds itself: the breaker stays open over a minute and duplicates keep growing', async () => {
    const before = await duplicates();
    await delay(60_000);
    // Open or half-open (one probe every resetTimeoutMs): anything but closed, as the page counts it.
    const openShare = await promValue(lab, 'avg_over_time((1 - max(storefront_breaker_state{state="closed"}))[1m:1s])');
    expect(openShare, 'share of the last minute the breaker was not closed').toBeGreaterThanOrEqual(0.9);
    expect(await duplicates()).toBeGreaterThan(before);
  }, 120_000);

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

  it('the fix: reverting PERF-812 and deploying fulfillment brings the storefront back and stops the duplicates', async () => {
    git('On Call', 'revert', '--no-edit', perf812);
    deploy('fulfillment');
    await until('the breaker to close and pages to answer', async () => !(await breakerOpen()) && (await home()) === 200, { timeoutMs: 120_000, everyMs: 1000 });
    // The backlog drains through the partners' few workers; until it has, some of it still times out.
    await until('every steady-state probe again', async () => (await failing('steady')).length === 0, { timeoutMs: 300_000, everyMs: 2000 });
    expect(await home()).toBe(200);
    const settled = await duplicates();
    await delay(10_000);
    expect(await duplicates(), 'duplicate shipments after the fix').toBe(settled);
  }, 480_000);
});
