import { createHash, randomUUID } from 'node:crypto';
import type { KubeObject } from './stand-in-api-server.js';

const REVISION = 'deployment.kubernetes.io/revision';
const HASH = 'pod-template-hash';

type Template = { metadata?: { labels?: Record<string, string>; [k: string]: unknown }; [k: string]: unknown };
type Meta = { annotations?: Record<string, string>; labels?: Record<string, string>; ownerReferences?: { uid: string }[]; uid?: string };

function withoutHash(template: Template | undefined): string {
  const labels = Object.fromEntries(Object.entries(template?.metadata?.labels ?? {}).filter(([k]) => k !== HASH));
  return JSON.stringify({ ...template, metadata: { ...template?.metadata, labels } });
}

/**
 * What the deployment controller does when a Deployment's pod template changes, done at once
 * instead of a moment later: the ReplicaSet for the new template (an existing one it owns
 * with the same template, or a new `<name>-<hash>`) becomes the newest revision, and the
 * Deployment's revision annotation follows. Replicas move to it; pods are not simulated.
 */
export function reconcileDeployment(before: KubeObject, after: KubeObject, put: (rs: KubeObject) => void, replicaSets: readonly KubeObject[]): void {
  const spec = after.spec as { template?: Template; replicas?: number };
  const template = spec.template;
  if (withoutHash((before.spec as { template?: Template }).template) === withoutHash(template)) return;
  const meta = after.metadata as KubeObject['metadata'] & Meta;
  const owned = replicaSets.filter((rs) => (rs.metadata as Meta).ownerReferences?.some((o) => o.uid === meta.uid));
  const revision = Math.max(0, ...owned.map((rs) => Number((rs.metadata as Meta).annotations?.[REVISION] ?? 0))) + 1;
  const same = owned.find((rs) => withoutHash((rs.spec as { template?: Template }).template) === withoutHash(template));
  for (const rs of owned) if (rs !== same) put({ ...rs, spec: { ...(rs.spec as object), replicas: 0 } });
  if (same) {
    const m = same.metadata as Meta;
    put({ ...same, metadata: { ...same.metadata, annotations: { ...m.annotations, [REVISION]: String(revision) } }, spec: { ...(same.spec as object), replicas: spec.replicas ?? 1 } });
  } else {
    const hash = createHash('sha256').update(withoutHash(template)).digest('hex').slice(0, 10);
    const labels = { ...template?.metadata?.labels, [HASH]: hash };
    put({
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: {
        name: `${after.metadata.name}-${hash}`, namespace: after.metadata.namespace, uid: randomUUID(), labels,
        annotations: { [REVISION]: String(revision) },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: after.metadata.name, uid: meta.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: spec.replicas ?? 1, selector: { matchLabels: labels }, template: { ...template, metadata: { ...template?.metadata, labels } } },
    });
  }
  meta.annotations = { ...meta.annotations, [REVISION]: String(revision) };
}
