import { defaultPorts } from '../runtime/local/plan.js';

// Kept apart from chaos-cluster.ts on purpose: that one loads @kubernetes/client-node (about
// 80 MB of memory), which the local lab's processes must not pay for just to name a target.

/** Where the chaos runner acts on Kubernetes: the lab's namespace, its context (kind-firedrill unless said). */
export interface ClusterTarget {
  namespace: string;
  context: string | undefined;
  /** Aim at a context other than the lab's on purpose (`--allow-other-context`). */
  allowOtherContext: boolean;
}

/** A lab part as a Service of the namespace the runner runs in: the Services keep the local lab's ports. */
export function clusterUrl(name: string): string {
  const port = (defaultPorts as unknown as Record<string, number | undefined>)[name];
  if (port === undefined) throw new Error(`the lab has no ${name}`);
  return `http://${name}:${port}`;
}
