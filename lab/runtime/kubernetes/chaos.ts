import type { V1Deployment } from '@kubernetes/client-node';
import { RuntimeError } from '../runtime.js';
import { CHAOS_EXPIRES_AT, CHAOS_PRIOR_REPLICAS, CHAOS_PRIOR_REVISION, CHAOS_RUN } from './labels.js';
import { revisionOf } from './revisions.js';

/** A chaos change that undoes itself: the sweep rolls it back once `expiresAt` has passed. */
export interface ChaosChange {
  expiresAt: Date | string;
  /** The chaos run that made the change, for the record on the Deployment. */
  run: string;
}

/**
 * The chaos annotations for a change to this Deployment. A second change before the first
 * expired keeps the first one's way back (prior replicas, prior revision): the sweep must
 * return to the state before any chaos, not to the chaos in between.
 */
export function chaosAnnotations(d: V1Deployment, chaos: ChaosChange, undo: 'replicas' | 'revision'): Record<string, string> {
  const existing = d.metadata?.annotations ?? {};
  const expires = new Date(chaos.expiresAt).getTime();
  if (Number.isNaN(expires)) throw new RuntimeError('invalid_expiry', `expiresAt: "${String(chaos.expiresAt)}" is not a time`);
  const out: Record<string, string> = { [CHAOS_EXPIRES_AT]: new Date(expires).toISOString(), [CHAOS_RUN]: chaos.run };
  if (undo === 'replicas') out[CHAOS_PRIOR_REPLICAS] = existing[CHAOS_PRIOR_REPLICAS] ?? String(d.spec?.replicas ?? 1);
  if (undo === 'revision') {
    const revision = existing[CHAOS_PRIOR_REVISION] ?? revisionOf(d)?.toString();
    if (revision === undefined) throw new RuntimeError('no_revision', `deployment "${d.metadata?.name ?? ''}" has no revision yet, so a chaos deploy would have no way back`);
    out[CHAOS_PRIOR_REVISION] = revision;
  }
  return out;
}
