import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
// Loaded only for --runtime kubernetes (dynamic imports in chaos.ts, lab-access.ts, the desk's main.ts).
import type { Logger } from 'pino';
import type { ChaosDeps } from '../../chaos/runner/changes.js';
import { createJournal } from '../../chaos/runner/journal.js';
import type { ProbeEnv } from '../../chaos/runner/probes.js';
import { createKubernetesRuntime, type ChaosChange, type KubernetesRuntime } from '../runtime/kubernetes/index.js';
import { clusterUrl, type ClusterTarget } from './cluster-target.js';
import type { Runtime } from '../runtime/runtime.js';
import { deployedDir } from '../shop-repo/deployed.js';
import { openShopRepo } from '../shop-repo/repo.js';
import { createRunStore } from '../shop-repo/runs.js';
import { prepareShop } from '../shop-repo/setup.js';

/** The change the active chaos run makes, for the expiry annotation; none once the run ended. */
export function activeRunChange(stateDir: string): ChaosChange | undefined {
  const records = createJournal(stateDir).read();
  const run = [...records].reverse().find((r) => r.type === 'run');
  if (!run || run.type !== 'run') return undefined;
  if (records.some((r) => r.type === 'run-ended' && r.run === run.run)) return undefined;
  return { run: run.run, expiresAt: run.expiresAt };
}

/**
 * The Kubernetes runtime as the chaos runner uses it: every deploy or scale of an active run
 * carries the run's expiry, so the desk's sweep undoes it once the time-to-live is up even
 * with the runner gone; a deploy of the lab's own config (the traffic driver's load) is also
 * written where the runner reads the prior value from, as the local supervisor does.
 */
export function chaosRuntime(runtime: KubernetesRuntime, opts: { current: () => ChaosChange | undefined; labConfigFile: (name: string) => string }): Runtime {
  return {
    ...runtime,
    async deploy(deployable, config) {
      const pod = await runtime.deploy(deployable, config, opts.current());
      if (deployable === 'traffic') writeFileSync(opts.labConfigFile(deployable), config.content);
      return pod;
    },
    scale: (deployable, replicas) => runtime.scale(deployable, replicas, opts.current()),
  };
}

/**
 * What the chaos runner changes in a lab on Kubernetes, run in the lab's namespace (the Job
 * of `make lab-e2e`, or `kubectl exec` into the desk) with the shared state volume: the shop
 * repository there (created on first use, as `make lab` does), deploys through the
 * Kubernetes API, Alertmanager and the probes through the namespace's Services.
 */
export function clusterChaosDeps(root: string, stateDir: string, target: ClusterTarget, opts: { log: Logger; kubeConfig?: KubeConfig; runtime?: KubernetesRuntime }): { deps: ChaosDeps; env: ProbeEnv } {
  const runtime = opts.runtime ?? labRuntime(opts.kubeConfig ?? defaultKubeConfig(), target, opts.log);
  prepareShop(root, stateDir);
  const labConfigDir = join(stateDir, 'lab', 'config');
  mkdirSync(labConfigDir, { recursive: true });
  const trafficConfigFile = join(labConfigDir, 'traffic.yaml');
  // The traffic driver's ConfigMap starts from the same file the image carries.
  if (!existsSync(trafficConfigFile)) copyFileSync(join(root, 'lab', 'traffic', 'traffic.yaml'), trafficConfigFile);
  const deps: ChaosDeps = {
    repo: () => openShopRepo(stateDir),
    runtime: chaosRuntime(runtime, { current: () => activeRunChange(stateDir), labConfigFile: (name) => join(labConfigDir, `${name}.yaml`) }),
    runs: createRunStore(stateDir),
    deployed: deployedDir(stateDir),
    alertmanagerUrl: clusterUrl('alertmanager'),
    trafficConfigFile,
    now: () => new Date(),
  };
  return { deps, env: { prometheusUrl: clusterUrl('prometheus'), serviceUrl: clusterUrl } };
}

/** The runtime on the lab's namespace; the guard runs as it is built. */
function labRuntime(kubeConfig: KubeConfig, target: ClusterTarget, log: Logger): KubernetesRuntime {
  // Inside a pod the context is client-node's `inClusterContext`: the ServiceAccount's
  // namespaced Role is then the boundary, so the lab-context check has nothing to add.
  const inCluster = kubeConfig.getCurrentContext() === 'inClusterContext';
  return createKubernetesRuntime({
    kubeConfig, namespace: target.namespace, log,
    ...(target.context ? { context: target.context } : {}), ...(target.allowOtherContext || inCluster ? { allowOtherContext: true } : {}),
  });
}

function defaultKubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  return kc;
}
