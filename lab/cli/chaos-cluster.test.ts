import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createJournal } from '../../chaos/runner/journal.js';
import { repoRoot } from '../paths.js';
import { CHAOS_EXPIRES_AT, CHAOS_RUN } from '../runtime/kubernetes/index.js';
import { NS } from '../runtime/kubernetes/stand-in/stand-in-fixtures.js';
import { labKubeConfig, startStandInLab, type StandInLab } from '../runtime/kubernetes/stand-in/stand-in-lab.js';
import { parseChaosArgs } from './chaos.js';
import { clusterChaosDeps } from './chaos-cluster.js';
import { clusterUrl } from './cluster-target.js';

const log = pino({ level: 'silent' });
let lab: StandInLab | undefined;
afterEach(async () => {
  await lab?.server.close();
  lab = undefined;
});

describe('chaos on Kubernetes: the options', () => {
  it('--runtime kubernetes needs the lab\'s namespace; the cluster options mean nothing locally', () => {
    expect(parseChaosArgs('/s', ['inject', 'storefront-offline', '--runtime', 'kubernetes', '--namespace', 'firedrill']).cluster)
      .toEqual({ namespace: 'firedrill', context: undefined, allowOtherContext: false });
    expect(parseChaosArgs('/s', ['reset', '--runtime', 'kubernetes', '--namespace', 'team1', '--context', 'kind-other', '--allow-other-context']).cluster)
      .toEqual({ namespace: 'team1', context: 'kind-other', allowOtherContext: true });
    expect(parseChaosArgs('/s', ['status']).cluster).toBeUndefined();
    expect(() => parseChaosArgs('/s', ['inject', 'x', '--runtime', 'kubernetes'])).toThrow(/needs --namespace/);
    expect(() => parseChaosArgs('/s', ['inject', 'x', '--namespace', 'firedrill'])).toThrow(/for --runtime kubernetes/);
    expect(() => parseChaosArgs('/s', ['inject', 'x', '--runtime', 'docker'])).toThrow(/expected local or kubernetes/);
  });

  it('reaches the lab through the namespace\'s Services on their usual ports', () => {
    expect(clusterUrl('orders')).toBe('http://orders:8081');
    expect(clusterUrl('prometheus')).toBe('http://prometheus:9390');
    expect(clusterUrl('alertmanager')).toBe('http://alertmanager:9393');
    expect(() => clusterUrl('mysql')).toThrow(/no mysql/);
  });
});

describe('chaos on Kubernetes: the runner\'s changes (real client-node against the API stand-in)', () => {
  it('creates the shop repository on the state volume and marks an active run\'s deploy with the run\'s expiry', async () => {
    lab = await startStandInLab();
    const stateDir = mkdtempSync(join(tmpdir(), 'fd-chaos-k8s-'));
    const { deps, env } = clusterChaosDeps(repoRoot(), stateDir, { namespace: NS, context: undefined, allowOtherContext: false }, { log, kubeConfig: labKubeConfig(lab.server.url) });
    expect(deps.repo().show('config/orders.yaml')).toMatch(/poolSize/);
    expect(existsSync(join(stateDir, 'lab', 'config', 'traffic.yaml'))).toBe(true);
    expect(env.serviceUrl('storefront')).toBe('http://storefront:8080');

    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    createJournal(stateDir).append({ type: 'run', run: 'run-k8s-1', scenario: 'storefront-offline', pid: process.pid, at: new Date().toISOString(), expiresAt });
    await deps.runtime.deploy('orders', { file: 'orders.yaml', content: readFileSync(join(repoRoot(), 'lab', 'shop-seed', 'config', 'orders.yaml'), 'utf8') });
    const annotations = (lab.server.get('deployments', NS, 'orders')?.metadata as { annotations?: Record<string, string> }).annotations ?? {};
    expect(annotations[CHAOS_EXPIRES_AT]).toBe(expiresAt);
    expect(annotations[CHAOS_RUN]).toBe('run-k8s-1');

    // Once the run ended, a deploy (the investigator's fix, a reset) is no chaos change.
    createJournal(stateDir).append({ type: 'run-ended', run: 'run-k8s-1', at: new Date().toISOString(), reason: 'completed' });
    await deps.runtime.deploy('fulfillment', { file: 'fulfillment.yaml', content: 'partnerTimeoutMs: 10000\n' });
    const after = (lab.server.get('deployments', NS, 'fulfillment')?.metadata as { annotations?: Record<string, string> }).annotations ?? {};
    expect(after[CHAOS_EXPIRES_AT]).toBeUndefined();
  });

  it('refuses a kubeconfig whose context is not the lab\'s, naming it', async () => {
    const standIn = await startStandInLab();
    lab = standIn;
    const stateDir = mkdtempSync(join(tmpdir(), 'fd-chaos-k8s-'));
    expect(() => clusterChaosDeps(repoRoot(), stateDir, { namespace: NS, context: undefined, allowOtherContext: false }, { log, kubeConfig: labKubeConfig(standIn.server.url, 'prod-eu') }))
      .toThrow(/refusing to act on Kubernetes context "prod-eu"/);
  });
});
