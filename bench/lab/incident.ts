import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { checkProbes } from '../../chaos/runner/probes.js';
import { loadScenario } from '../../chaos/scenario/load.js';
import { grace, until } from '../poll.js';
import { footprint, type Footprint } from './footprint.js';
import type { BenchLab } from './lab-process.js';
import { alertState, breakerState, channelIdOf, pagePostedAt, pagerIncidentAt, personSlack, storefrontStatus } from './signals.js';

export const SCENARIO = 'storefront-offline';

/** Epoch milliseconds of each moment of one game, as observed; undefined when it never came. */
export interface IncidentTimes {
  injectStarted: number;
  /** The runner's "injecting" line: the steady-state probes passed and the first change goes in. */
  injected?: number;
  /** The root-cause step (PERF-812's deploy) done: the new fulfillment is serving. */
  rootCauseDeployed?: number;
  breakerOpened?: number;
  alertPending?: number;
  alertFiring?: number;
  pagerIncident?: number;
  pagePosted?: number;
  fixed?: number;
  storefront200?: number;
  breakerClosed?: number;
  /** Every steady probe of the scenario holds again (what the report grades as mitigated). */
  steady?: number;
}

export interface IncidentRun {
  times: IncidentTimes;
  peak: Footprint;
  fixAfterBreakerS: number;
}

/** How long after the page the investigator "fixes" it: a storm that ran a while, as in a real game. */
const FIX_AFTER_PAGE_MS = 30_000;

/**
 * One game as a person plays it: `firedrill chaos inject storefront-offline`, wait for the
 * breaker and the page in #incidents, roll fulfillment back through the desk (the real fix),
 * wait until the storefront answers, the breaker closes and every steady probe holds, then
 * Ctrl-C the runner (it undoes its changes). Memory is sampled throughout for the peak.
 */
export async function runIncident(root: string, lab: BenchLab, progress: (line: string) => void): Promise<IncidentRun> {
  const { scenario } = loadScenario(root, SCENARIO);
  const slack = personSlack(lab);
  const channel = await channelIdOf(slack, scenario.briefing.channel);
  const title = scenario.title;
  const alertname = scenario.briefing.alert;
  if (!alertname) throw new Error(`${SCENARIO} names no briefing.alert: the bench cannot tell which alert pages`);
  const rootCauseStep = scenario.method.findIndex((s) => s.why === 'the root cause');
  const times: IncidentTimes = { injectStarted: Date.now() };
  const chaos = spawnChaos(root, lab, times, rootCauseStep);
  let peak = footprint(lab.supervisorPid);
  // Deploys and rollbacks replace processes: the names are read again at every sample.
  const sampler = setInterval(() => {
    void lab.podNames().then((names) => {
      const f = footprint(lab.supervisorPid, names);
      if (f.rssBytes > peak.rssBytes) peak = f;
    }, () => undefined);
  }, 2000);
  try {
    progress(`incident: chaos inject ${SCENARIO}; waiting for the breaker (the root cause lands at +${scenario.method[rootCauseStep]?.at}) ...`);
    times.breakerOpened = await until('the storefront breaker to open', async () => ((await breakerState(lab)) === 'open' ? Date.now() : undefined), { timeoutMs: 12 * 60_000, everyMs: 250 });
    progress('incident: breaker open; waiting for the page in #incidents ...');
    await until('the page in #incidents', async () => {
      const alert = await alertState(lab, alertname);
      if (alert && !times.alertPending) times.alertPending = Date.parse(alert.activeAt);
      if (alert?.state === 'firing' && !times.alertFiring) times.alertFiring = Date.now();
      times.pagerIncident ??= await pagerIncidentAt(lab, alertname, times.injectStarted);
      times.pagePosted = await pagePostedAt(slack, channel, title);
      return times.pagePosted;
    }, { timeoutMs: 5 * 60_000, everyMs: 500 });
    progress(`incident: paged; the fix (deploy_rollback fulfillment through the desk) in ${FIX_AFTER_PAGE_MS / 1000} s ...`);
    await delay(FIX_AFTER_PAGE_MS);
    await rollback(lab);
    times.fixed = Date.now();
    progress('incident: rolled back; waiting for the storefront, the breaker and every steady probe ...');
    const env = { prometheusUrl: lab.url('prometheus'), serviceUrl: (name: string) => lab.url(name as Parameters<BenchLab['url']>[0]) };
    let nextProbe = 0;
    await until('the shop to recover after the fix', async () => {
      if (!times.storefront200 && (await storefrontStatus(lab).catch(() => 0)) === 200) times.storefront200 = Date.now();
      if (!times.breakerClosed && (await breakerState(lab)) === 'closed') times.breakerClosed = Date.now();
      if (!times.steady && Date.now() >= nextProbe) {
        nextProbe = Date.now() + 2000;
        if ((await checkProbes(env, scenario.probes.steady)).every((r) => r.ok)) times.steady = Date.now();
      }
      return times.storefront200 && times.breakerClosed && times.steady;
    }, { timeoutMs: 8 * 60_000, everyMs: 250 });
  } finally {
    clearInterval(sampler);
    await endChaos(chaos);
  }
  return { times, peak, fixAfterBreakerS: Math.round(((times.fixed ?? 0) - (times.breakerOpened ?? 0)) / 1000) };
}

/** The runner as `make chaos` starts it, its progress lines timestamped on arrival. */
function spawnChaos(root: string, lab: BenchLab, times: IncidentTimes, rootCauseStep: number): ChildProcess {
  const log = createWriteStream(join(lab.stateDir, 'chaos-inject.log'));
  const child = spawn(process.execPath, [join(root, 'bin', 'firedrill.js'), 'chaos', 'inject', SCENARIO, '--state-dir', lab.stateDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let buffered = '';
  child.stdout?.on('data', (c: Buffer) => {
    log.write(c);
    buffered += c.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (/: injecting /.test(line)) times.injected ??= Date.now();
      if (line.includes(`: step ${rootCauseStep} (`) && / done/.test(line)) times.rootCauseDeployed ??= Date.now();
    }
  });
  child.stderr?.on('data', (c: Buffer) => log.write(c));
  return child;
}

/** Ctrl-C for the runner: it ends the game and undoes every change it made. */
async function endChaos(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGINT');
  await Promise.race([exited, grace(60_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** The real fix, as an investigator calls it: the desk's deploy_rollback of fulfillment. */
async function rollback(lab: BenchLab): Promise<void> {
  const res = await fetch(`${lab.url('desk')}/tools/deploy_rollback`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-firedrill-caller': 'cli:bench' }, body: JSON.stringify({ service: 'fulfillment' }),
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`deploy_rollback fulfillment answered ${res.status}: ${body.slice(0, 400)}`);
}
