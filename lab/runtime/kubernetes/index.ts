export { createKubernetesRuntime, type KubernetesRuntime, type KubernetesRuntimeOptions, type SweptChange } from './kubernetes-runtime.js';
export { assertLabTarget, type LabTarget } from './guard.js';
export { startExpirySweep } from './sweep-loop.js';
export { KUBERNETES_RUNTIME_CALLS, type KubernetesCall } from './calls.js';
export type { ChaosChange } from './chaos.js';
export { LAB_CONTEXT, CHAOS_EXPIRES_AT, CHAOS_RUN, CHAOS_PRIOR_REPLICAS, CHAOS_PRIOR_REVISION } from './labels.js';
