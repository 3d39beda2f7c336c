import type { V1Deployment, V1PodTemplateSpec, V1ReplicaSet } from '@kubernetes/client-node';
import { RuntimeError } from '../runtime.js';
import { POD_TEMPLATE_HASH, REVISION } from './labels.js';

export function revisionOf(obj: { metadata?: { annotations?: Record<string, string> } }): number | undefined {
  const text = obj.metadata?.annotations?.[REVISION];
  const n = text === undefined ? NaN : Number(text);
  return Number.isInteger(n) ? n : undefined;
}

/**
 * The pod template `kubectl rollout undo` would restore: the ReplicaSet the Deployment owns
 * (by uid, not by name or labels) at `toRevision`, or else the newest revision before the
 * current one; without the `pod-template-hash` label, which the controller adds itself.
 */
export function templateForUndo(deployment: V1Deployment, replicaSets: readonly V1ReplicaSet[], toRevision?: number): { revision: number; template: V1PodTemplateSpec } {
  const name = deployment.metadata?.name ?? '';
  const owned = replicaSets
    .filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.controller && o.kind === 'Deployment' && o.uid === deployment.metadata?.uid))
    .flatMap((rs) => {
      const revision = revisionOf(rs);
      return revision !== undefined && rs.spec?.template ? [{ revision, template: rs.spec.template }] : [];
    })
    .sort((a, b) => b.revision - a.revision);
  const current = revisionOf(deployment) ?? owned[0]?.revision;
  const target = toRevision !== undefined ? owned.find((r) => r.revision === toRevision) : owned.find((r) => current === undefined || r.revision < current);
  if (!target) {
    const known = owned.map((r) => r.revision).join(', ') || 'none';
    throw new RuntimeError('no_revision', toRevision !== undefined
      ? `deployment "${name}" has no revision ${toRevision} to roll back to (revisions: ${known})`
      : `deployment "${name}" has no revision before ${current ?? '?'} to roll back to (revisions: ${known})`);
  }
  return { revision: target.revision, template: withoutHashLabel(target.template) };
}

function withoutHashLabel(template: V1PodTemplateSpec): V1PodTemplateSpec {
  const labels = Object.fromEntries(Object.entries(template.metadata?.labels ?? {}).filter(([k]) => k !== POD_TEMPLATE_HASH));
  return { ...template, metadata: { ...template.metadata, labels } };
}
