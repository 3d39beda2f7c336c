import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lab/paths.js';
import type { PodSummary, Runtime } from '../../lab/runtime/runtime.js';
import { deployedDir } from '../../lab/shop-repo/deployed.js';
import { openShopRepo } from '../../lab/shop-repo/repo.js';
import { createRunStore } from '../../lab/shop-repo/runs.js';
import { prepareShop } from '../../lab/shop-repo/setup.js';
import { startCaptureServer, type CaptureServer } from '../../test/support/capture-server.js';
import { loadScenario } from '../scenario/load.js';
import type { ChaosDeps } from './changes.js';
import { createJournal } from './journal.js';
import { runRecord } from './record.js';
import { revertPending } from './reset.js';
import { runStep } from './steps.js';

const root = repoRoot();
const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
let alertmanager: CaptureServer | undefined;
afterEach(async () => alertmanager?.close());

/**
 * The runner against a real shop repository and deploy records. The Runtime stands in for
 * the supervisor's deploy (which writes the deployed config, then rolls the process): it
 * writes the same file and records the call, so a test can see what was rolled.
 */
async function setup() {
  const stateDir = mkdtempSync(join(tmpdir(), 'fd-chaos-'));
  prepareShop(root, stateDir);
  const deployed = deployedDir(stateDir);
  const trafficConfigFile = join(stateDir, 'traffic.yaml');
  copyFileSync(join(root, 'lab', 'traffic', 'traffic.yaml'), trafficConfigFile);
  const rolled: string[] = [];
  const pod = (name: string): PodSummary => ({ name: `${name}-x`, deployable: name, status: 'Running', ready: true, restarts: 0, startedAt: undefined, pid: 1, port: 1, replicas: 1 });
  const runtime = {
    deploy: async (name: string, config: { content: string }) => {
      writeFileSync(name === 'traffic' ? trafficConfigFile : deployed.configFile(name), config.content);
      rolled.push(name);
      return pod(name);
    },
  } as unknown as Runtime;
  alertmanager = await startCaptureServer();
  const deps: ChaosDeps = {
    repo: () => openShopRepo(stateDir), runtime, runs: createRunStore(stateDir), deployed, alertmanagerUrl: alertmanager.url, trafficConfigFile, now: () => new Date(),
  };
  return { stateDir, deps, rolled, journal: createJournal(stateDir), repoDir: join(stateDir, 'shop') };
}

describe('the chaos runner against a real shop repository', () => {
  it('ships storefront-offline as the coworkers would, journalling each change first; reset restores it all, twice safely', async () => {
    const { deps, rolled, journal, repoDir, stateDir } = await setup();
    const { scenario } = loadScenario(root, 'storefront-offline');
    const before = readFileSync(deps.deployed.configFile('fulfillment'), 'utf8');
    const ctx = (index: number) => ({ run: 'r1', scenario, index, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    for (const [i, step] of scenario.method.entries()) await runStep(deps, journal, ctx(i), step);

    const log = git(repoDir, 'log', '-3', '--format=%an|%s').trim().split('\n');
    expect(log[0]).toBe('Dan Moreno|PERF-812 fulfillment: fail fast on slow partners');
    expect(log[1]).toBe('Priya Raman|TIX-84 seating: audit double-booked seats every 15 s');
    // Only the two changed lines differ, comments kept: a diff a reviewer would read.
    expect(git(repoDir, 'show', '--format=', '--unified=0', 'HEAD').split('\n').filter((l) => /^[-+][a-z]/i.test(l))).toEqual([
      '-partnerTimeoutMs: 10000', '-sendIdempotencyKey: true', '+partnerTimeoutMs: 1500', '+sendIdempotencyKey: false',
    ]);
    expect(readFileSync(deps.deployed.configFile('fulfillment'), 'utf8')).toContain('partnerTimeoutMs: 1500');
    expect(rolled).toEqual(['seating', 'fulfillment']);
    expect(createRunStore(stateDir).list().slice(-1)[0]).toMatchObject({ service: 'fulfillment', triggeredBy: 'dan', status: 'succeeded' });
    const alert = JSON.parse(alertmanager?.requests[0]?.body ?? '[]') as Array<{ labels: Record<string, string>; endsAt: string }>;
    expect(alert[0]?.labels).toEqual({ alertname: 'DiskUsageHigh', service: 'seating', severity: 'warning' });
    expect(Date.parse(alert[0]?.endsAt ?? '') - Date.now()).toBeGreaterThan(25 * 60_000);
    expect(journal.pending()).toHaveLength(3);
    // The facilitator's record names each change by one of the four step kinds, with its reason.
    expect(runRecord(journal.read(), 'r1').map((l) => l.split(/\s+/).slice(2, 4))).toEqual([
      ['noise', 'config/seating.yaml'], ['commit-and-deploy', 'config/fulfillment.yaml'], ['noise', 'alert'],
    ]);
    expect(runRecord(journal.read(), 'r1')[1]).toMatch(/ — the root cause; in place$/);
    // No chaos marker in what the investigator can read: commits and deploy runs are the coworkers'.
    expect(git(repoDir, 'log', '--format=%an %s')).not.toMatch(/chaos|scenario|firedrill/i);

    expect(await revertPending(deps, journal, { by: 'reset' })).toBe(3);
    expect(readFileSync(deps.deployed.configFile('fulfillment'), 'utf8')).toBe(before);
    expect(git(repoDir, 'show', 'HEAD:config/fulfillment.yaml')).toBe(before);
    expect(git(repoDir, 'show', 'HEAD:config/seating.yaml')).toContain('auditIntervalMs: 10000');
    const ended = JSON.parse(alertmanager?.requests[1]?.body ?? '[]') as Array<{ endsAt: string }>;
    expect(Date.parse(ended[0]?.endsAt ?? '')).toBeLessThanOrEqual(Date.now());
    expect(await revertPending(deps, journal, { by: 'reset' })).toBe(0);
    expect(runRecord(journal.read(), 'r1').every((l) => / undone by reset at /.test(l))).toBe(true);
  });

  it('after the investigator reverted and deployed, reset has nothing left to commit', async () => {
    const { deps, journal, repoDir } = await setup();
    const { scenario } = loadScenario(root, 'storefront-offline');
    const perf812 = scenario.method[1];
    if (!perf812) throw new Error('storefront-offline has a second step');
    await runStep(deps, journal, { run: 'r2', scenario, index: 1, expiresAt: new Date(Date.now() + 60_000).toISOString() }, perf812);
    git(repoDir, '-c', 'user.name=You', '-c', 'user.email=you@shop.example', 'revert', '--no-edit', 'HEAD');
    writeFileSync(deps.deployed.configFile('fulfillment'), git(repoDir, 'show', 'HEAD:config/fulfillment.yaml'));
    const head = git(repoDir, 'rev-parse', 'HEAD');
    const notes: string[] = [];
    await revertPending(deps, journal, { by: 'reset', progress: (l) => notes.push(l) });
    expect(git(repoDir, 'rev-parse', 'HEAD')).toBe(head);
    expect(notes[0]).toMatch(/config already as before$/);
  });

  it('a flag and a load change, each undone; a change journalled but never made (a crash) undoes to nothing', async () => {
    const { deps, journal, repoDir, rolled } = await setup();
    const { scenario } = loadScenario(root, 'forgotten-kill-switch');
    const expiresAt = new Date(Date.now() - 1000).toISOString();
    for (const [i, step] of scenario.method.entries()) await runStep(deps, journal, { run: 'r3', scenario, index: i, expiresAt }, step);
    expect(git(repoDir, 'log', '-1', '--format=%an|%s').trim()).toBe('Dan Moreno|FUL-170 pause dispatch during acme\'s maintenance window');
    expect(JSON.parse(git(repoDir, 'show', 'HEAD:flags.json')).flags.fulfillmentDispatchPaused.defaultVariant).toBe('on');
    expect(readFileSync(deps.trafficConfigFile, 'utf8')).toMatch(/sessionsPerSecond: 2\n/);
    expect(rolled).toEqual(['traffic']);
    journal.append({ type: 'change', run: 'r3', id: 'torn', step: 9, stepKind: 'flag', why: '', at: new Date().toISOString(), expiresAt, target: { kind: 'flag', flag: 'storefrontBreakerEnabled', prior: 'on', applied: 'off', commit: '' } });

    // The TTL sweep takes only what has expired: all three here.
    expect(await revertPending(deps, journal, { by: 'ttl', onlyExpired: true })).toBe(3);
    expect(JSON.parse(git(repoDir, 'show', 'HEAD:flags.json')).flags.fulfillmentDispatchPaused.defaultVariant).toBe('off');
    expect(readFileSync(deps.trafficConfigFile, 'utf8')).toBe(readFileSync(join(root, 'lab', 'traffic', 'traffic.yaml'), 'utf8'));
    expect(git(repoDir, 'log', '-1', '--format=%an').trim()).toBe('firedrill lab');
  });

  it('the TTL sweep leaves changes that have not expired', async () => {
    const { deps, journal } = await setup();
    const { scenario } = loadScenario(root, 'forgotten-kill-switch');
    const flag = scenario.method[0];
    if (!flag) throw new Error('forgotten-kill-switch starts with a flag');
    await runStep(deps, journal, { run: 'r4', scenario, index: 0, expiresAt: new Date(Date.now() + 600_000).toISOString() }, flag);
    expect(await revertPending(deps, journal, { by: 'ttl', onlyExpired: true })).toBe(0);
    expect(journal.pending()).toHaveLength(1);
  });
});
