import { PatchStrategy, type V1Deployment } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { JsonPatchOp, LabApi } from './api.js';
import { CHAOS_ANNOTATIONS, CHAOS_PRIOR_REPLICAS, CHAOS_PRIOR_REVISION } from './labels.js';
import { templateForUndo } from './revisions.js';
import { withStaleRetry } from './stale-retry.js';

/** JSON Pointer escaping (RFC 6901) for annotation keys, which contain `/`. */
function pointer(...segments: string[]): string {
  return segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Rolls a Deployment back as `kubectl rollout undo` does, with a JSON patch that replaces the
 * pod template; `sweep` also restores recorded replicas and drops the chaos annotations in the
 * same patch, so a half-undone change can never be left behind.
 */
export async function rollBack(api: LabApi, log: Logger, deployable: string, opts: { toRevision?: number; sweep?: boolean } = {}): Promise<V1Deployment> {
  return withStaleRetry(log, deployable, async () => {
    const d = await api.readDeployment(deployable);
    const annotations = d.metadata?.annotations ?? {};
    const ops: JsonPatchOp[] = [{ op: 'replace', path: '/metadata/resourceVersion', value: d.metadata?.resourceVersion }];
    const priorRevision = opts.sweep ? annotations[CHAOS_PRIOR_REVISION] : undefined;
    if (!opts.sweep || priorRevision !== undefined) {
      const target = templateForUndo(d, await api.listReplicaSets(deployable), priorRevision !== undefined ? Number(priorRevision) : opts.toRevision);
      ops.push({ op: 'replace', path: '/spec/template', value: target.template });
      log.info({ deployable, toRevision: target.revision }, 'rolling back');
    }
    const priorReplicas = opts.sweep ? annotations[CHAOS_PRIOR_REPLICAS] : undefined;
    if (priorReplicas !== undefined) ops.push({ op: 'replace', path: '/spec/replicas', value: Number(priorReplicas) });
    if (opts.sweep) for (const key of CHAOS_ANNOTATIONS) if (key in annotations) ops.push({ op: 'remove', path: pointer('metadata', 'annotations', key) });
    return api.patchDeployment(deployable, ops, PatchStrategy.JsonPatch);
  });
}
