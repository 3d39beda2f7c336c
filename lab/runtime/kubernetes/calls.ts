/** One Kubernetes API permission, as a Role rule spells it: `resource` may carry a subresource (`pods/log`). */
export interface KubernetesCall {
  verb: 'get' | 'list' | 'create' | 'patch';
  resource: string;
  /** The API group: '' for core. */
  apiGroup: '' | 'apps';
}

/**
 * Every call the KubernetesRuntime makes, all in the lab's namespace: the Role the desk and
 * the chaos runner need is exactly this list (a test checks the runtime makes no other call).
 */
export const KUBERNETES_RUNTIME_CALLS: readonly KubernetesCall[] = [
  { verb: 'list', resource: 'pods', apiGroup: '' },
  { verb: 'get', resource: 'pods', apiGroup: '' },
  { verb: 'get', resource: 'pods/log', apiGroup: '' },
  { verb: 'list', resource: 'events', apiGroup: '' },
  { verb: 'get', resource: 'configmaps', apiGroup: '' },
  { verb: 'create', resource: 'configmaps', apiGroup: '' },
  { verb: 'list', resource: 'deployments', apiGroup: 'apps' },
  { verb: 'get', resource: 'deployments', apiGroup: 'apps' },
  { verb: 'patch', resource: 'deployments', apiGroup: 'apps' },
  { verb: 'list', resource: 'replicasets', apiGroup: 'apps' },
];
