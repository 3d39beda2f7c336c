import type { KubeConfig } from '@kubernetes/client-node';
import { RuntimeError } from '../runtime.js';
import { LAB_CONTEXT } from './labels.js';

export interface LabTarget {
  /** The kubeconfig context the lab lives in; `kind-firedrill` (what `kind create cluster --name firedrill` writes). */
  context?: string;
  namespace: string;
  /** Lets chaos run against a context that is not the lab's: only when someone asked for it by name. */
  allowOtherContext?: boolean;
}

/**
 * Refuses to aim chaos at a cluster that is not the lab: a kubeconfig left pointing at a
 * shared or production cluster must not get its deployments rolled back or scaled to zero.
 */
export function assertLabTarget(kubeConfig: KubeConfig, target: LabTarget): void {
  const expected = target.context ?? LAB_CONTEXT;
  const current = kubeConfig.getCurrentContext();
  if (!current) throw new RuntimeError('wrong_context', `the kubeconfig has no current context; the lab runs in "${expected}" (kubectl config use-context ${expected})`);
  if (current !== expected && !target.allowOtherContext) {
    throw new RuntimeError('wrong_context', `refusing to act on Kubernetes context "${current}": the lab runs in "${expected}". `
      + `Switch with \`kubectl config use-context ${expected}\`, or pass allowOtherContext: true to aim the lab at "${current}" on purpose`);
  }
  if (!kubeConfig.getCurrentCluster()) throw new RuntimeError('wrong_context', `context "${current}" names no cluster in the kubeconfig`);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(target.namespace)) {
    throw new RuntimeError('invalid_namespace', `"${target.namespace}" is not a Kubernetes namespace name`);
  }
}
