/** The labels and annotations the Kubernetes lab's manifests and this runtime agree on. */
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
export const PART_OF = 'firedrill';
/** A pod's deployable is its `app.kubernetes.io/name`, also the Deployment's name. */
export const NAME_LABEL = 'app.kubernetes.io/name';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
export const REVISION = 'deployment.kubernetes.io/revision';
export const POD_TEMPLATE_HASH = 'pod-template-hash';

export const RELEASE = 'firedrill.dev/release';
export const CHAOS_EXPIRES_AT = 'firedrill.dev/chaos-expires-at';
export const CHAOS_RUN = 'firedrill.dev/chaos-run';
export const CHAOS_PRIOR_REPLICAS = 'firedrill.dev/chaos-prior-replicas';
/** The Deployment revision a chaos deploy replaced: the sweep rolls back to exactly it, not to "the one before". */
export const CHAOS_PRIOR_REVISION = 'firedrill.dev/chaos-prior-revision';
export const CHAOS_ANNOTATIONS = [CHAOS_EXPIRES_AT, CHAOS_RUN, CHAOS_PRIOR_REPLICAS, CHAOS_PRIOR_REVISION] as const;

/** The Deployment volume that carries the deploy config; a deploy points it at a new ConfigMap. */
export const CONFIG_VOLUME = 'config';

export const LAB_CONTEXT = 'kind-firedrill';

export function labSelector(deployable?: string): string {
  return deployable ? `${PART_OF_LABEL}=${PART_OF},${NAME_LABEL}=${deployable}` : `${PART_OF_LABEL}=${PART_OF}`;
}
