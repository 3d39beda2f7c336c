import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { runDeskLatency } from '../desk/desk-latency.js';
import { seconds } from '../poll.js';
import { figure, type BenchContext, type Figure } from '../results.js';
import { breakdown, footprint, mib, type Footprint } from './footprint.js';
import { runIncident, type IncidentRun } from './incident.js';
import { startBenchLab, type BenchLab } from './lab-process.js';

const COMMAND = 'make bench ONLY=lab';
const GIB = { op: '<', value: 1024, text: '< 1 GiB' } as const;

/** Labs the bench started and has not stopped yet: Ctrl-C on `make bench` stops them (they run in their own process group). */
export const runningLabs = new Set<BenchLab>();

/**
 * Everything measured on one real lab, started with `make lab`: its start time and steady
 * footprint, then (not in QUICK) a whole game of storefront-offline with the incident's peak
 * footprint, the time to the page and the recovery after the real fix, and last the desk
 * under load.
 */
export async function runLabSections(ctx: BenchContext): Promise<Figure[]> {
  const lab = await startBenchLab(ctx.root, join(ctx.workDir, 'lab'), ctx.progress);
  runningLabs.add(lab);
  const figures: Figure[] = [];
  try {
    ctx.progress(`ready in ${seconds(lab.readyMs)} s; letting traffic settle ...`);
    figures.push(figure({ section: 'incident', name: 'make lab → "lab ready"', value: seconds(lab.readyMs), unit: 's', goal: { op: '<', value: 30, text: '< 30 s' }, command: COMMAND, note: 'packages installed and built; make\'s own checks included' }));
    const steady = await steadyFootprint(lab, ctx.quick ? 4000 : 20_000);
    figures.push(...footprintFigures('steady state', steady, 'after the traffic driver ran'));
    if (ctx.quick) figures.push(...skippedIncident());
    else figures.push(...incidentFigures(await runIncident(ctx.root, lab, ctx.progress)));
    // The desk under load last, once the shop has recovered: 20 agents hammering every tool
    // family is no part of a game, and its memory must not count as the incident's peak.
    figures.push(...(await runDeskLatency(ctx, { deskUrl: lab.url('desk'), prometheusUrl: lab.url('prometheus') })));
  } finally {
    ctx.progress('lab: stopping (Ctrl-C) ...');
    const { survivors } = await lab.stop();
    runningLabs.delete(lab);
    if (survivors.length > 0) throw new Error(`the lab left processes running after Ctrl-C (killed): ${survivors.join(', ')}`);
  }
  return figures;
}

/** The largest of five samples a second apart, after `settleMs` of the lab's own traffic. */
async function steadyFootprint(lab: BenchLab, settleMs: number): Promise<Footprint> {
  await delay(settleMs);
  const names = await lab.podNames();
  let max = footprint(lab.supervisorPid, names);
  for (let i = 0; i < 4; i += 1) {
    await delay(1000);
    const f = footprint(lab.supervisorPid, names);
    if (f.rssBytes > max.rssBytes) max = f;
  }
  return max;
}

function footprintFigures(when: string, f: Footprint, how: string): Figure[] {
  return [
    figure({ section: 'footprint', name: `total RSS, ${when}`, value: mib(f.rssBytes), unit: 'MiB', goal: GIB, command: COMMAND, note: `${f.processes.length} processes ${how}; largest (MiB): ${breakdown(f)}` }),
    figure({ section: 'footprint', name: `total PSS, ${when}`, value: mib(f.pssBytes), unit: 'MiB', command: COMMAND, note: 'shared pages (node, libraries) counted once: what the lab really takes from the machine' }),
  ];
}

const between = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? null : seconds(b - a));

function incidentFigures(run: IncidentRun): Figure[] {
  const t = run.times;
  const row = (section: 'incident' | 'recovery', name: string, value: number | null, note?: string, goal?: Figure['goal']) =>
    figure({ section, name, value, unit: 's', command: COMMAND, ...(goal ? { goal } : {}), ...(note ? { note } : {}) });
  return [
    ...footprintFigures('incident peak', run.peak, 'sampled every 2 s from inject to recovery'),
    row('incident', 'chaos inject → breaker open', between(t.injectStarted, t.breakerOpened)),
    row('incident', 'chaos inject → page posted in #incidents', between(t.injectStarted, t.pagePosted), 'the sum of the four rows below', { op: '<', value: 60, text: '< 60 s' }),
    row('incident', '  inject → root cause deployed', between(t.injectStarted, t.rootCauseDeployed), 'the scenario puts PERF-812 at +90 s, after a decoy deploy; includes the steady-state check and the deploy'),
    row('incident', '  root cause deployed → breaker open', between(t.rootCauseDeployed, t.breakerOpened), 'the retry storm filling the orders pool'),
    row('incident', '  breaker open → alert firing', between(t.breakerOpened, t.alertFiring), 'StorefrontBreakerOpen holds `for: 1m`; scrapes and rule evaluation every 5 s'),
    row('incident', '  alert firing → page posted', between(t.alertFiring, t.pagePosted), 'Alertmanager group_wait 10 s, the pager, the bot'),
    row('recovery', 'fix → storefront answers 200', between(t.fixed, t.storefront200), `deploy_rollback of fulfillment through the desk, ${run.fixAfterBreakerS} s after the breaker opened`),
    row('recovery', 'fix → breaker closed', between(t.fixed, t.breakerClosed)),
    row('recovery', 'fix → every steady probe holds', between(t.fixed, t.steady), 'what the report grades as mitigated (30 s rate windows)'),
  ];
}

function skippedIncident(): Figure[] {
  const note = 'not measured: QUICK=1 runs no incident; `make bench` plays a whole game (about 8 minutes)';
  const row = (section: 'footprint' | 'incident' | 'recovery', name: string, unit: string) => figure({ section, name, value: null, unit, command: COMMAND, note });
  return [
    row('footprint', 'total RSS, incident peak', 'MiB'),
    row('incident', 'chaos inject → page posted in #incidents', 's'),
    row('recovery', 'fix → every steady probe holds', 's'),
  ];
}
