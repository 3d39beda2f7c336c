import { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { startChaosTtlSweep } from '../../chaos/runner/ttl-sweep.js';
import { clusterChaosDeps } from '../../lab/cli/chaos-cluster.js';
import { createKubernetesRuntime, startExpirySweep } from '../../lab/runtime/kubernetes/index.js';
import type { Runtime } from '../../lab/runtime/runtime.js';

const CHAOS_SWEEP_INTERVAL_MS = 15_000;

/**
 * The desk on Kubernetes (DESK_RUNTIME=kubernetes): the namespace's Kubernetes API as its
 * runtime, and the sweeps that undo expired chaos changes, which the supervisor runs locally.
 */
export function startClusterRuntime(opts: { root: string; stateDir: string; namespace: string; log: Logger }): { runtime: Runtime; sweep: { stop(): void } } {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  // Inside the cluster the ServiceAccount's namespaced Role is the boundary; from a laptop
  // kubeconfig the context must be the lab's (kind-firedrill).
  const inCluster = kubeConfig.getCurrentContext() === 'inClusterContext';
  const k8s = createKubernetesRuntime({ kubeConfig, namespace: opts.namespace, allowOtherContext: inCluster, log: opts.log });
  // The desk keeps the lab here, as the supervisor does locally: it undoes expired chaos
  // changes from the runner's journal on the shared volume (flags, load, config by content),
  // and any Deployment still carrying an expired chaos annotation (the journal lost or never written).
  const annotated = startExpirySweep(k8s, { intervalMs: CHAOS_SWEEP_INTERVAL_MS, log: opts.log });
  // No `make lab` here to create the shop repository on the state volume: the desk's git and
  // deploy tools read it, so building the chaos deps (prepareShop) creates it on first start.
  const target = { namespace: opts.namespace, context: undefined, allowOtherContext: inCluster };
  const chaos = clusterChaosDeps(opts.root, opts.stateDir, target, { log: opts.log, runtime: k8s }).deps;
  const journaled = startChaosTtlSweep({ stateDir: opts.stateDir, deps: () => chaos, intervalMs: CHAOS_SWEEP_INTERVAL_MS, out: (line) => opts.log.info(line) });
  return { runtime: k8s, sweep: { stop: () => { annotated.stop(); journaled.stop(); } } };
}
